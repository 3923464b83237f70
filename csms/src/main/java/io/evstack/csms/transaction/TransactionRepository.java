package io.evstack.csms.transaction;

import static io.evstack.db.generated.Tables.CHARGE_POINT;
import static io.evstack.db.generated.Tables.CHARGE_TRANSACTION;
import static io.evstack.db.generated.Tables.METER_VALUE;

import io.evstack.csms.Times;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** Transactions and meter values in the database. */
public final class TransactionRepository {
    private final DSLContext dsl;

    public TransactionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Optional<Transaction> find(long id) {
        return select().where(CHARGE_TRANSACTION.ID.eq(id)).fetchOptional(TransactionRepository::toDomain);
    }

    /** The transaction this charger started at this moment on this connector, if it was stored before. */
    public Optional<Transaction> findByStart(long chargePointPk, int connectorId, Instant startTime) {
        return select()
                .where(CHARGE_TRANSACTION.CHARGE_POINT_PK.eq(chargePointPk))
                .and(CHARGE_TRANSACTION.CONNECTOR_ID.eq(connectorId))
                .and(CHARGE_TRANSACTION.START_TIME.eq(Times.millis(startTime)))
                .fetchOptional(TransactionRepository::toDomain);
    }

    public Optional<Transaction> findOfCharger(long chargePointPk, long id) {
        return select()
                .where(CHARGE_TRANSACTION.ID.eq(id))
                .and(CHARGE_TRANSACTION.CHARGE_POINT_PK.eq(chargePointPk))
                .fetchOptional(TransactionRepository::toDomain);
    }

    // --- OCPP 2.0.1: the station names its transactions (charger_transaction_id)

    /** The transaction this station calls {@code chargerTransactionId}, if stored. */
    public Optional<Transaction> findByChargerTransactionId(long chargePointPk, String chargerTransactionId) {
        return select()
                .where(CHARGE_TRANSACTION.CHARGE_POINT_PK.eq(chargePointPk))
                .and(CHARGE_TRANSACTION.CHARGER_TRANSACTION_ID.eq(chargerTransactionId))
                .fetchOptional(TransactionRepository::toDomain);
    }

    /** The station's own name of a transaction (null for one a 1.6 charger started). */
    public Optional<String> chargerTransactionId(long id) {
        return dsl.select(CHARGE_TRANSACTION.CHARGER_TRANSACTION_ID).from(CHARGE_TRANSACTION)
                .where(CHARGE_TRANSACTION.ID.eq(id))
                .fetchOptional(CHARGE_TRANSACTION.CHARGER_TRANSACTION_ID);
    }

    /**
     * Inserts a transaction a 2.0.1 station started. Without a start reading the energy register is left
     * unknown (last_energy_wh null) until the first reading, which then becomes the start value.
     */
    public long insert(long chargePointPk, int connectorId, String idTag, Long reservationPk, Instant startTime,
            Long meterStartWh, String chargerTransactionId, Instant receivedAt) {
        return dsl.insertInto(CHARGE_TRANSACTION)
                .set(CHARGE_TRANSACTION.CHARGE_POINT_PK, chargePointPk)
                .set(CHARGE_TRANSACTION.CONNECTOR_ID, connectorId)
                .set(CHARGE_TRANSACTION.ID_TAG, idTag)
                .set(CHARGE_TRANSACTION.CHARGER_TRANSACTION_ID, chargerTransactionId)
                .set(CHARGE_TRANSACTION.RESERVATION_PK, reservationPk)
                .set(CHARGE_TRANSACTION.START_TIME, Times.millis(startTime))
                .set(CHARGE_TRANSACTION.METER_START_WH, meterStartWh == null ? 0L : meterStartWh)
                .set(CHARGE_TRANSACTION.LAST_ENERGY_WH, meterStartWh)
                .set(CHARGE_TRANSACTION.LAST_METER_AT, meterStartWh == null ? null : Times.millis(startTime))
                .set(CHARGE_TRANSACTION.START_RECEIVED_AT, Times.millis(receivedAt))
                .returningResult(CHARGE_TRANSACTION.ID)
                .fetchOne(CHARGE_TRANSACTION.ID);
    }

    /** A transaction started without an id token gets the first one the station sends (2.0.1 E03). */
    public boolean setIdTagIfEmpty(long id, String idTag) {
        return dsl.update(CHARGE_TRANSACTION).set(CHARGE_TRANSACTION.ID_TAG, idTag)
                .where(CHARGE_TRANSACTION.ID.eq(id)).and(CHARGE_TRANSACTION.ID_TAG.eq("")).execute() == 1;
    }

    /** The first energy reading of a transaction that started without one is its start value. */
    public void setMeterStartIfUnknown(long id, long energyWh) {
        dsl.update(CHARGE_TRANSACTION).set(CHARGE_TRANSACTION.METER_START_WH, energyWh)
                .where(CHARGE_TRANSACTION.ID.eq(id)).and(CHARGE_TRANSACTION.LAST_ENERGY_WH.isNull()).execute();
    }

    public List<Transaction> active(long chargePointPk, int connectorId) {
        return select()
                .where(CHARGE_TRANSACTION.CHARGE_POINT_PK.eq(chargePointPk))
                .and(CHARGE_TRANSACTION.CONNECTOR_ID.eq(connectorId))
                .and(CHARGE_TRANSACTION.STOP_TIME.isNull())
                .fetch(TransactionRepository::toDomain);
    }

    public List<Transaction> list(TransactionFilter f) {
        return select().where(conditions(f))
                .orderBy(CHARGE_TRANSACTION.START_TIME.desc(), CHARGE_TRANSACTION.ID.desc())
                .limit(f.limit()).offset(f.offset())
                .fetch(TransactionRepository::toDomain);
    }

    public int count(TransactionFilter f) {
        return dsl.fetchCount(dsl.select(CHARGE_TRANSACTION.ID).from(CHARGE_TRANSACTION)
                .join(CHARGE_POINT).on(CHARGE_POINT.ID.eq(CHARGE_TRANSACTION.CHARGE_POINT_PK))
                .where(conditions(f)));
    }

    private static List<Condition> conditions(TransactionFilter f) {
        List<Condition> c = new ArrayList<>();
        if (f.chargePointId() != null) {
            c.add(CHARGE_POINT.CHARGE_POINT_ID.eq(f.chargePointId()));
        }
        if (f.idTag() != null) {
            c.add(CHARGE_TRANSACTION.ID_TAG.eq(f.idTag()));
        }
        if (f.active() != null) {
            c.add(f.active() ? CHARGE_TRANSACTION.STOP_TIME.isNull() : CHARGE_TRANSACTION.STOP_TIME.isNotNull());
        }
        if (f.from() != null) {
            c.add(CHARGE_TRANSACTION.START_TIME.ge(Times.millis(f.from())));
        }
        if (f.to() != null) {
            c.add(CHARGE_TRANSACTION.START_TIME.lt(Times.millis(f.to())));
        }
        return c;
    }

    public long insert(long chargePointPk, int connectorId, String idTag, Long reservationPk, Instant startTime,
            long meterStartWh, Instant receivedAt) {
        return dsl.insertInto(CHARGE_TRANSACTION)
                .set(CHARGE_TRANSACTION.CHARGE_POINT_PK, chargePointPk)
                .set(CHARGE_TRANSACTION.CONNECTOR_ID, connectorId)
                .set(CHARGE_TRANSACTION.ID_TAG, idTag)
                .set(CHARGE_TRANSACTION.RESERVATION_PK, reservationPk)
                .set(CHARGE_TRANSACTION.START_TIME, Times.millis(startTime))
                .set(CHARGE_TRANSACTION.METER_START_WH, meterStartWh)
                .set(CHARGE_TRANSACTION.LAST_ENERGY_WH, meterStartWh)
                .set(CHARGE_TRANSACTION.LAST_METER_AT, Times.millis(startTime))
                .set(CHARGE_TRANSACTION.START_RECEIVED_AT, Times.millis(receivedAt))
                .returningResult(CHARGE_TRANSACTION.ID)
                .fetchOne(CHARGE_TRANSACTION.ID);
    }

    /** Records the stop once: a replayed StopTransaction finds the stop already there and changes nothing. */
    public boolean stop(long id, Instant stopTime, long meterStopWh, String reason, String stopIdTag, Instant receivedAt) {
        return dsl.update(CHARGE_TRANSACTION)
                .set(CHARGE_TRANSACTION.STOP_TIME, Times.millis(stopTime))
                .set(CHARGE_TRANSACTION.METER_STOP_WH, meterStopWh)
                .set(CHARGE_TRANSACTION.STOP_REASON, reason)
                .set(CHARGE_TRANSACTION.STOP_ID_TAG, stopIdTag)
                .set(CHARGE_TRANSACTION.STOP_RECEIVED_AT, Times.millis(receivedAt))
                .where(CHARGE_TRANSACTION.ID.eq(id))
                .and(CHARGE_TRANSACTION.STOP_TIME.isNull())
                .execute() == 1;
    }

    /** Moves the energy register forward, never back: samples may arrive out of order after a replay. */
    public void advanceEnergy(long id, long energyWh, Instant at) {
        Instant t = Times.millis(at);
        dsl.update(CHARGE_TRANSACTION)
                .set(CHARGE_TRANSACTION.LAST_ENERGY_WH, energyWh)
                .set(CHARGE_TRANSACTION.LAST_METER_AT, t)
                .where(CHARGE_TRANSACTION.ID.eq(id))
                .and(CHARGE_TRANSACTION.LAST_METER_AT.isNull().or(CHARGE_TRANSACTION.LAST_METER_AT.le(t)))
                .execute();
    }

    /**
     * Stores the samples no earlier message stored; returns how many were new. One multi-row statement
     * for the whole message (a MeterValues often carries a dozen sampled values) instead of one round
     * trip per sample.
     */
    public int insertSamples(long chargePointPk, int connectorId, Long transactionId, List<MeterSample> samples,
            Instant receivedAt) {
        if (samples.isEmpty()) {
            return 0;
        }
        Instant received = Times.millis(receivedAt);
        var insert = dsl.insertInto(METER_VALUE, METER_VALUE.CHARGE_POINT_PK, METER_VALUE.CONNECTOR_ID,
                METER_VALUE.TRANSACTION_PK, METER_VALUE.SAMPLED_AT, METER_VALUE.MEASURED_VALUE, METER_VALUE.MEASURAND,
                METER_VALUE.PHASE, METER_VALUE.UNIT, METER_VALUE.READING_CONTEXT, METER_VALUE.LOCATION,
                METER_VALUE.VALUE_FORMAT, METER_VALUE.SAMPLE_KEY, METER_VALUE.RECEIVED_AT);
        var keys = new java.util.HashSet<String>();
        org.jooq.InsertValuesStep13<?, Long, Integer, Long, Instant, String, String, String, String, String, String, String,
                String, Instant> rows = null;
        for (MeterSample s : samples) {
            String key = sampleKey(chargePointPk, connectorId, transactionId, s);
            if (!keys.add(key)) {
                continue; // the same sample twice in one message: stored once, as a replay would be
            }
            rows = (rows == null ? insert : rows).values(chargePointPk, connectorId, transactionId,
                    Times.millis(s.timestamp()), s.value(), s.measurand(), s.phase(), s.unit(), s.context(),
                    s.location(), s.format(), key, received);
        }
        // Named conflict target: H2's emulation of a bare onDuplicateKeyIgnore() matches on every
        // unique key (id OR sample_key), which it cannot serve from an index: a full scan per sample.
        return rows.onConflict(METER_VALUE.SAMPLE_KEY).doNothing().execute();
    }

    public List<StoredMeterValue> meterValues(long transactionId) {
        return dsl.selectFrom(METER_VALUE)
                .where(METER_VALUE.TRANSACTION_PK.eq(transactionId))
                .orderBy(METER_VALUE.SAMPLED_AT, METER_VALUE.ID)
                .fetch(r -> new StoredMeterValue(r.getConnectorId(), r.getTransactionPk(),
                        new MeterSample(r.getSampledAt(), r.getMeasuredValue(), r.getMeasurand(), r.getPhase(),
                                r.getUnit(), r.getReadingContext(), r.getLocation(), r.getValueFormat())));
    }

    /**
     * The identity of a sample: what makes a replayed one recognisable. Hashed because the value may be a
     * long signed blob and a composite unique index over nullable columns would not work on every database.
     */
    static String sampleKey(long chargePointPk, int connectorId, Long transactionId, MeterSample s) {
        String identity = String.join("\u0001", Long.toString(chargePointPk), Integer.toString(connectorId),
                String.valueOf(transactionId), Times.millis(s.timestamp()).toString(), s.measurand(),
                String.valueOf(s.phase()), String.valueOf(s.location()), String.valueOf(s.context()),
                String.valueOf(s.unit()), s.value());
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private org.jooq.SelectOnConditionStep<Record> select() {
        return dsl.select(CHARGE_TRANSACTION.fields()).select(CHARGE_POINT.CHARGE_POINT_ID)
                .from(CHARGE_TRANSACTION)
                .join(CHARGE_POINT).on(CHARGE_POINT.ID.eq(CHARGE_TRANSACTION.CHARGE_POINT_PK));
    }

    private static Transaction toDomain(Record r) {
        return new Transaction(
                r.get(CHARGE_TRANSACTION.ID),
                r.get(CHARGE_POINT.CHARGE_POINT_ID),
                r.get(CHARGE_TRANSACTION.CONNECTOR_ID),
                r.get(CHARGE_TRANSACTION.ID_TAG),
                r.get(CHARGE_TRANSACTION.RESERVATION_PK),
                r.get(CHARGE_TRANSACTION.START_TIME),
                r.get(CHARGE_TRANSACTION.METER_START_WH),
                r.get(CHARGE_TRANSACTION.STOP_TIME),
                r.get(CHARGE_TRANSACTION.METER_STOP_WH),
                r.get(CHARGE_TRANSACTION.STOP_REASON),
                r.get(CHARGE_TRANSACTION.STOP_ID_TAG),
                r.get(CHARGE_TRANSACTION.LAST_ENERGY_WH),
                r.get(CHARGE_TRANSACTION.LAST_METER_AT));
    }
}
