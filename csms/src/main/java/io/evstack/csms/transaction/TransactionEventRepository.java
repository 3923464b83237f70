package io.evstack.csms.transaction;

import static io.evstack.db.generated.Tables.SIGNED_METER_VALUE;
import static io.evstack.db.generated.Tables.TRANSACTION_EVENT;

import io.evstack.csms.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** OCPP 2.0.1 TransactionEvents and signed meter values in the database. */
public final class TransactionEventRepository {
    private final DSLContext dsl;

    public TransactionEventRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Stores the event unless (charger, transactionId, seqNo) is stored already; returns whether it was new. */
    public boolean insert(long chargePointPk, long transactionPk, TransactionEventData e, Instant receivedAt) {
        return dsl.insertInto(TRANSACTION_EVENT)
                .set(TRANSACTION_EVENT.CHARGE_POINT_PK, chargePointPk)
                .set(TRANSACTION_EVENT.CHARGER_TRANSACTION_ID, e.chargerTransactionId())
                .set(TRANSACTION_EVENT.SEQ_NO, e.seqNo())
                .set(TRANSACTION_EVENT.TRANSACTION_PK, transactionPk)
                .set(TRANSACTION_EVENT.EVENT_TYPE, e.type().name())
                .set(TRANSACTION_EVENT.TRIGGER_REASON, e.triggerReason())
                .set(TRANSACTION_EVENT.EVENT_TIME, Times.millis(e.timestamp()))
                .set(TRANSACTION_EVENT.OFFLINE, e.offline())
                .set(TRANSACTION_EVENT.EVSE_ID, e.evseId())
                .set(TRANSACTION_EVENT.EVSE_CONNECTOR_ID, e.evseConnectorId())
                .set(TRANSACTION_EVENT.ID_TOKEN, e.idToken())
                .set(TRANSACTION_EVENT.ID_TOKEN_TYPE, e.idTokenType())
                .set(TRANSACTION_EVENT.CHARGING_STATE, e.chargingState())
                .set(TRANSACTION_EVENT.STOPPED_REASON, e.stoppedReason())
                .set(TRANSACTION_EVENT.REMOTE_START_ID, e.remoteStartId())
                .set(TRANSACTION_EVENT.RECEIVED_AT, Times.millis(receivedAt))
                .onDuplicateKeyIgnore()
                .execute() == 1;
    }

    public boolean exists(long chargePointPk, String chargerTransactionId, int seqNo) {
        return dsl.fetchExists(TRANSACTION_EVENT, TRANSACTION_EVENT.CHARGE_POINT_PK.eq(chargePointPk)
                .and(TRANSACTION_EVENT.CHARGER_TRANSACTION_ID.eq(chargerTransactionId))
                .and(TRANSACTION_EVENT.SEQ_NO.eq(seqNo)));
    }

    public List<TransactionEventRecord> list(long transactionPk) {
        return dsl.selectFrom(TRANSACTION_EVENT)
                .where(TRANSACTION_EVENT.TRANSACTION_PK.eq(transactionPk))
                .orderBy(TRANSACTION_EVENT.SEQ_NO)
                .fetch(r -> new TransactionEventRecord(r.getSeqNo(), r.getEventType(), r.getTriggerReason(),
                        r.getEventTime(), Boolean.TRUE.equals(r.getOffline()), r.getEvseId(), r.getEvseConnectorId(),
                        r.getIdToken(), r.getIdTokenType(), r.getChargingState(), r.getStoppedReason(),
                        r.getRemoteStartId(), r.getReceivedAt()));
    }

    /**
     * The idToken type (2.0.1 IdTokenEnumType) stations last reported with each of these tokens in a
     * TransactionEvent; a token never seen in one is absent.
     */
    public Map<String, String> lastTokenTypes(Collection<String> tokens) {
        Map<String, String> types = new HashMap<>();
        Map<String, Long> seenAt = new HashMap<>();
        List<String> all = new ArrayList<>(tokens);
        for (int from = 0; from < all.size(); from += 500) { // bounded IN lists
            var rows = dsl.select(TRANSACTION_EVENT.ID_TOKEN, TRANSACTION_EVENT.ID_TOKEN_TYPE, DSL.max(TRANSACTION_EVENT.ID))
                    .from(TRANSACTION_EVENT)
                    .where(TRANSACTION_EVENT.ID_TOKEN.in(all.subList(from, Math.min(all.size(), from + 500)))
                            .and(TRANSACTION_EVENT.ID_TOKEN_TYPE.isNotNull()))
                    .groupBy(TRANSACTION_EVENT.ID_TOKEN, TRANSACTION_EVENT.ID_TOKEN_TYPE)
                    .fetch();
            for (var r : rows) {
                if (r.value3() > seenAt.getOrDefault(r.value1(), Long.MIN_VALUE)) {
                    seenAt.put(r.value1(), r.value3());
                    types.put(r.value1(), r.value2());
                }
            }
        }
        return types;
    }

    /** Keeps a signed value beside the sample it signs, once. */
    public void insertSigned(String sampleKey, SignedMeterData d) {
        dsl.insertInto(SIGNED_METER_VALUE)
                .set(SIGNED_METER_VALUE.SAMPLE_KEY, sampleKey)
                .set(SIGNED_METER_VALUE.SIGNED_METER_DATA, d.signedMeterData())
                .set(SIGNED_METER_VALUE.SIGNING_METHOD, d.signingMethod())
                .set(SIGNED_METER_VALUE.ENCODING_METHOD, d.encodingMethod())
                .set(SIGNED_METER_VALUE.PUBLIC_KEY, d.publicKey())
                .onDuplicateKeyIgnore()
                .execute();
    }

    /** The signed values of a transaction's samples, by the measured value they sign. */
    public List<SignedMeterData> signedOfTransaction(long transactionPk) {
        var mv = io.evstack.db.generated.Tables.METER_VALUE;
        return dsl.select(SIGNED_METER_VALUE.fields()).from(SIGNED_METER_VALUE)
                .join(mv).on(mv.SAMPLE_KEY.eq(SIGNED_METER_VALUE.SAMPLE_KEY))
                .where(mv.TRANSACTION_PK.eq(transactionPk))
                .orderBy(mv.SAMPLED_AT, mv.ID)
                .fetch(r -> new SignedMeterData(r.get(SIGNED_METER_VALUE.SIGNED_METER_DATA),
                        r.get(SIGNED_METER_VALUE.SIGNING_METHOD), r.get(SIGNED_METER_VALUE.ENCODING_METHOD),
                        r.get(SIGNED_METER_VALUE.PUBLIC_KEY)));
    }
}
