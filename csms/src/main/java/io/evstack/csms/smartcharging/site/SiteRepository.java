package io.evstack.csms.smartcharging.site;

import static io.evstack.db.generated.Tables.CHARGE_POINT;
import static io.evstack.db.generated.Tables.CHARGE_TRANSACTION;
import static io.evstack.db.generated.Tables.METER_VALUE;
import static io.evstack.db.generated.Tables.SESSION_NEED;
import static io.evstack.db.generated.Tables.SITE;
import static io.evstack.db.generated.Tables.SITE_ALLOCATION;
import static io.evstack.db.generated.Tables.SITE_CIRCUIT;
import static io.evstack.db.generated.Tables.SITE_EVSE;
import static io.evstack.db.generated.Tables.SITE_LIMIT_SCHEDULE;

import io.evstack.csms.Times;
import io.evstack.db.Inserts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;

/** Sites, circuits, EVSEs, limit schedules, allocations and session needs (V3__smart_charging.sql). */
public final class SiteRepository {
    private final DSLContext dsl;

    public SiteRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public DSLContext dsl() {
        return dsl;
    }

    // --- sites

    public void upsertSite(DSLContext tx, Site s, Instant now) {
        int updated = tx.update(SITE).set(SITE.NAME, s.name()).set(SITE.LIMIT_KW, dec(s.limitKw()))
                .set(SITE.LIMIT_AMPS, dec(s.limitAmps())).set(SITE.ALGORITHM, s.algorithm())
                .set(SITE.DEFAULT_DWELL_MIN, s.defaultDwellMinutes()).set(SITE.UPDATED_AT, Times.millis(now))
                .where(SITE.SITE_ID.eq(s.siteId())).execute();
        if (updated == 0) {
            tx.insertInto(SITE).set(SITE.SITE_ID, s.siteId()).set(SITE.NAME, s.name()).set(SITE.LIMIT_KW, dec(s.limitKw()))
                    .set(SITE.LIMIT_AMPS, dec(s.limitAmps())).set(SITE.ALGORITHM, s.algorithm())
                    .set(SITE.DEFAULT_DWELL_MIN, s.defaultDwellMinutes()).set(SITE.CREATED_AT, Times.millis(now))
                    .set(SITE.UPDATED_AT, Times.millis(now)).execute();
        }
    }

    public List<Site> sites() {
        return dsl.selectFrom(SITE).orderBy(SITE.SITE_ID).fetch(r -> new Site(r.getSiteId(), r.getName(),
                r.getLimitKw().doubleValue(), dbl(r.getLimitAmps()), r.getAlgorithm(), r.getDefaultDwellMin()));
    }

    public Optional<Site> site(String siteId) {
        return sites().stream().filter(s -> s.siteId().equals(siteId)).findFirst();
    }

    public boolean deleteSite(String siteId) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            Long pk = pk(tx, siteId);
            if (pk == null) {
                return false;
            }
            tx.deleteFrom(SITE_EVSE).where(SITE_EVSE.SITE_PK.eq(pk)).execute();
            // the circuit tree refers to itself: cut it first so no delete order matters
            tx.update(SITE_CIRCUIT).setNull(SITE_CIRCUIT.PARENT_CIRCUIT_PK).where(SITE_CIRCUIT.SITE_PK.eq(pk)).execute();
            tx.deleteFrom(SITE_CIRCUIT).where(SITE_CIRCUIT.SITE_PK.eq(pk)).execute();
            tx.deleteFrom(SITE).where(SITE.ID.eq(pk)).execute();
            return true;
        });
    }

    public Long pk(DSLContext tx, String siteId) {
        return tx.select(SITE.ID).from(SITE).where(SITE.SITE_ID.eq(siteId)).fetchOne(SITE.ID);
    }

    // --- circuits

    public void upsertCircuit(DSLContext tx, long sitePk, Circuit c, Long parentPk) {
        int updated = tx.update(SITE_CIRCUIT).set(SITE_CIRCUIT.PARENT_CIRCUIT_PK, parentPk)
                .set(SITE_CIRCUIT.LIMIT_KW, dec(c.limitKw())).set(SITE_CIRCUIT.LIMIT_AMPS, dec(c.limitAmps()))
                .where(SITE_CIRCUIT.SITE_PK.eq(sitePk)).and(SITE_CIRCUIT.CIRCUIT_ID.eq(c.circuitId())).execute();
        if (updated == 0) {
            tx.insertInto(SITE_CIRCUIT).set(SITE_CIRCUIT.SITE_PK, sitePk).set(SITE_CIRCUIT.CIRCUIT_ID, c.circuitId())
                    .set(SITE_CIRCUIT.PARENT_CIRCUIT_PK, parentPk).set(SITE_CIRCUIT.LIMIT_KW, dec(c.limitKw()))
                    .set(SITE_CIRCUIT.LIMIT_AMPS, dec(c.limitAmps())).execute();
        }
    }

    public Long circuitPk(DSLContext tx, long sitePk, String circuitId) {
        return tx.select(SITE_CIRCUIT.ID).from(SITE_CIRCUIT).where(SITE_CIRCUIT.SITE_PK.eq(sitePk))
                .and(SITE_CIRCUIT.CIRCUIT_ID.eq(circuitId)).fetchOne(SITE_CIRCUIT.ID);
    }

    public List<Circuit> circuits(DSLContext tx, long sitePk) {
        Map<Long, String> names = new HashMap<>();
        var rows = tx.selectFrom(SITE_CIRCUIT).where(SITE_CIRCUIT.SITE_PK.eq(sitePk)).orderBy(SITE_CIRCUIT.ID).fetch();
        rows.forEach(r -> names.put(r.getId(), r.getCircuitId()));
        return rows.map(r -> new Circuit(r.getCircuitId(), names.get(r.getParentCircuitPk()), dbl(r.getLimitKw()),
                dbl(r.getLimitAmps())));
    }

    // --- EVSEs

    public void upsertEvse(DSLContext tx, long sitePk, SiteEvse e, Long circuitPk) {
        tx.deleteFrom(SITE_EVSE).where(SITE_EVSE.CHARGE_POINT_ID.eq(e.chargePointId()))
                .and(SITE_EVSE.CONNECTOR_ID.eq(e.connectorId())).execute();
        tx.insertInto(SITE_EVSE).set(SITE_EVSE.SITE_PK, sitePk).set(SITE_EVSE.CIRCUIT_PK, circuitPk)
                .set(SITE_EVSE.CHARGE_POINT_ID, e.chargePointId()).set(SITE_EVSE.CONNECTOR_ID, e.connectorId())
                .set(SITE_EVSE.DC, e.dc()).set(SITE_EVSE.PHASES, e.phases()).set(SITE_EVSE.PHASE_LINE, e.phaseLine())
                .set(SITE_EVSE.MAX_KW, dec(e.maxKw())).set(SITE_EVSE.FALLBACK_KW, dec(e.fallbackKw())).execute();
    }

    public boolean deleteEvse(String chargePointId, int connectorId) {
        return dsl.deleteFrom(SITE_EVSE).where(SITE_EVSE.CHARGE_POINT_ID.eq(chargePointId))
                .and(SITE_EVSE.CONNECTOR_ID.eq(connectorId)).execute() > 0;
    }

    public List<SiteEvse> evses(DSLContext tx, long sitePk) {
        return tx.select(SITE_EVSE.fields()).select(SITE_CIRCUIT.CIRCUIT_ID).from(SITE_EVSE)
                .leftJoin(SITE_CIRCUIT).on(SITE_CIRCUIT.ID.eq(SITE_EVSE.CIRCUIT_PK))
                .where(SITE_EVSE.SITE_PK.eq(sitePk)).orderBy(SITE_EVSE.CHARGE_POINT_ID, SITE_EVSE.CONNECTOR_ID)
                .fetch(r -> new SiteEvse(r.get(SITE_EVSE.CHARGE_POINT_ID), r.get(SITE_EVSE.CONNECTOR_ID),
                        r.get(SITE_CIRCUIT.CIRCUIT_ID), r.get(SITE_EVSE.DC), r.get(SITE_EVSE.PHASES),
                        r.get(SITE_EVSE.PHASE_LINE), r.get(SITE_EVSE.MAX_KW).doubleValue(),
                        r.get(SITE_EVSE.FALLBACK_KW).doubleValue()));
    }

    /** One EVSE of whatever site it is on. */
    public Optional<SiteEvse> evse(String chargePointId, int connectorId) {
        return dsl.select(SITE_EVSE.fields()).select(SITE_CIRCUIT.CIRCUIT_ID).from(SITE_EVSE)
                .leftJoin(SITE_CIRCUIT).on(SITE_CIRCUIT.ID.eq(SITE_EVSE.CIRCUIT_PK))
                .where(SITE_EVSE.CHARGE_POINT_ID.eq(chargePointId)).and(SITE_EVSE.CONNECTOR_ID.eq(connectorId))
                .fetchOptional(r -> new SiteEvse(r.get(SITE_EVSE.CHARGE_POINT_ID), r.get(SITE_EVSE.CONNECTOR_ID),
                        r.get(SITE_CIRCUIT.CIRCUIT_ID), r.get(SITE_EVSE.DC), r.get(SITE_EVSE.PHASES),
                        r.get(SITE_EVSE.PHASE_LINE), r.get(SITE_EVSE.MAX_KW).doubleValue(),
                        r.get(SITE_EVSE.FALLBACK_KW).doubleValue()));
    }

    /** The site a charger's EVSEs belong to, if any. */
    public Optional<String> siteOfCharger(String chargePointId) {
        return dsl.selectDistinct(SITE.SITE_ID).from(SITE_EVSE).join(SITE).on(SITE.ID.eq(SITE_EVSE.SITE_PK))
                .where(SITE_EVSE.CHARGE_POINT_ID.eq(chargePointId)).fetchOptional(SITE.SITE_ID);
    }

    // --- limit schedule

    public void replaceSchedule(DSLContext tx, long sitePk, List<LimitPeriod> periods) {
        tx.deleteFrom(SITE_LIMIT_SCHEDULE).where(SITE_LIMIT_SCHEDULE.SITE_PK.eq(sitePk)).execute();
        for (LimitPeriod p : periods) {
            tx.insertInto(SITE_LIMIT_SCHEDULE).set(SITE_LIMIT_SCHEDULE.SITE_PK, sitePk)
                    .set(SITE_LIMIT_SCHEDULE.STARTS_AT, Times.millis(p.startsAt()))
                    .set(SITE_LIMIT_SCHEDULE.LIMIT_KW, dec(p.limitKw())).execute();
        }
    }

    public List<LimitPeriod> schedule(DSLContext tx, long sitePk) {
        return tx.selectFrom(SITE_LIMIT_SCHEDULE).where(SITE_LIMIT_SCHEDULE.SITE_PK.eq(sitePk))
                .orderBy(SITE_LIMIT_SCHEDULE.STARTS_AT)
                .fetch(r -> new LimitPeriod(r.getStartsAt(), r.getLimitKw().doubleValue()));
    }

    // --- sessions

    /** The running transactions on the given chargers, with energy so far and the last power reading. */
    public List<ActiveSession> activeSessions(Collection<String> chargePointIds, Instant powerSince) {
        var rows = dsl.select(CHARGE_TRANSACTION.ID, CHARGE_TRANSACTION.CONNECTOR_ID, CHARGE_TRANSACTION.START_TIME,
                        CHARGE_TRANSACTION.METER_START_WH, CHARGE_TRANSACTION.LAST_ENERGY_WH, CHARGE_POINT.CHARGE_POINT_ID,
                        CHARGE_TRANSACTION.CHARGER_TRANSACTION_ID)
                .from(CHARGE_TRANSACTION).join(CHARGE_POINT).on(CHARGE_POINT.ID.eq(CHARGE_TRANSACTION.CHARGE_POINT_PK))
                .where(CHARGE_POINT.CHARGE_POINT_ID.in(chargePointIds)).and(CHARGE_TRANSACTION.STOP_TIME.isNull())
                .fetch();
        List<Long> ids = rows.map(r -> r.get(CHARGE_TRANSACTION.ID));
        Map<Long, Double> power = new HashMap<>();
        Map<Long, Instant> powerAt = new HashMap<>();
        if (!ids.isEmpty()) {
            // newest first: the first reading seen per transaction is its latest
            for (Record r : dsl.select(METER_VALUE.TRANSACTION_PK, METER_VALUE.MEASURED_VALUE, METER_VALUE.UNIT,
                            METER_VALUE.PHASE, METER_VALUE.SAMPLED_AT)
                    .from(METER_VALUE).where(METER_VALUE.TRANSACTION_PK.in(ids))
                    .and(METER_VALUE.MEASURAND.eq("Power.Active.Import")).and(METER_VALUE.SAMPLED_AT.ge(Times.millis(powerSince)))
                    .orderBy(METER_VALUE.SAMPLED_AT.desc(), METER_VALUE.ID.desc()).fetch()) {
                if (r.get(METER_VALUE.PHASE) != null) {
                    continue; // a per-phase reading is not the total
                }
                try {
                    double v = Double.parseDouble(r.get(METER_VALUE.MEASURED_VALUE));
                    if (power.putIfAbsent(r.get(METER_VALUE.TRANSACTION_PK), "kW".equals(r.get(METER_VALUE.UNIT)) ? v * 1000 : v) == null) {
                        powerAt.put(r.get(METER_VALUE.TRANSACTION_PK), r.get(METER_VALUE.SAMPLED_AT));
                    }
                } catch (NumberFormatException e) {
                    // a signed or garbled value says nothing about the draw
                }
            }
        }
        List<ActiveSession> out = new ArrayList<>();
        for (var r : rows) {
            Long last = r.get(CHARGE_TRANSACTION.LAST_ENERGY_WH);
            long energy = last == null ? 0 : Math.max(0, last - r.get(CHARGE_TRANSACTION.METER_START_WH));
            out.add(new ActiveSession(r.get(CHARGE_POINT.CHARGE_POINT_ID), r.get(CHARGE_TRANSACTION.CONNECTOR_ID),
                    r.get(CHARGE_TRANSACTION.ID), r.get(CHARGE_TRANSACTION.CHARGER_TRANSACTION_ID),
                    r.get(CHARGE_TRANSACTION.START_TIME), energy,
                    power.get(r.get(CHARGE_TRANSACTION.ID)), powerAt.get(r.get(CHARGE_TRANSACTION.ID))));
        }
        return out;
    }

    /**
     * Stores a session's need, replacing the one it had. A need seen for the first time is inserted without a
     * locking statement on the missing row first: on MariaDB/MySQL (REPEATABLE READ) a DELETE or UPDATE of a
     * missing row takes a gap lock, new transactions' rows share the gap at the end of the index, and sessions
     * starting together deadlocked (seen in SimDepotSmartChargingTest). A plain read takes no lock.
     */
    public void upsertNeed(SessionNeed n, Instant now) {
        boolean exists = dsl.fetchExists(SESSION_NEED, SESSION_NEED.TRANSACTION_PK.eq(n.transactionId()));
        if (!exists && Inserts.ignoringConflict(dsl.insertInto(SESSION_NEED).set(SESSION_NEED.TRANSACTION_PK, n.transactionId())
                .set(SESSION_NEED.ENERGY_KWH, dec(n.energyKwh())).set(SESSION_NEED.DEPARTURE_AT, Times.millis(n.departure()))
                .set(SESSION_NEED.PRIORITY, n.priority()).set(SESSION_NEED.MAX_KW, dec(n.maxKw()))
                .set(SESSION_NEED.UPDATED_AT, Times.millis(now))
                .onConflict(SESSION_NEED.TRANSACTION_PK).doNothing()) == 1) {
            return;
        }
        dsl.update(SESSION_NEED).set(SESSION_NEED.ENERGY_KWH, dec(n.energyKwh()))
                .set(SESSION_NEED.DEPARTURE_AT, Times.millis(n.departure())).set(SESSION_NEED.PRIORITY, n.priority())
                .set(SESSION_NEED.MAX_KW, dec(n.maxKw())).set(SESSION_NEED.UPDATED_AT, Times.millis(now))
                .where(SESSION_NEED.TRANSACTION_PK.eq(n.transactionId())).execute();
    }

    public Map<Long, SessionNeed> needs(Collection<Long> transactionIds) {
        Map<Long, SessionNeed> out = new HashMap<>();
        if (transactionIds.isEmpty()) {
            return out;
        }
        dsl.selectFrom(SESSION_NEED).where(SESSION_NEED.TRANSACTION_PK.in(transactionIds)).forEach(r -> out.put(
                r.getTransactionPk(), new SessionNeed(r.getTransactionPk(), dbl(r.getEnergyKwh()), r.getDepartureAt(),
                        r.getPriority(), dbl(r.getMaxKw()))));
        return out;
    }

    // --- allocations

    public void recordAllocation(long sitePk, AllocationEntry a) {
        dsl.insertInto(SITE_ALLOCATION).set(SITE_ALLOCATION.SITE_PK, sitePk)
                .set(SITE_ALLOCATION.CHARGE_POINT_ID, a.chargePointId()).set(SITE_ALLOCATION.CONNECTOR_ID, a.connectorId())
                .set(SITE_ALLOCATION.TRANSACTION_PK, a.transactionId())
                .set(SITE_ALLOCATION.LIMIT_W, BigDecimal.valueOf(a.limitW()).setScale(1, RoundingMode.DOWN))
                .set(SITE_ALLOCATION.RATE_UNIT, a.rateUnit())
                .set(SITE_ALLOCATION.RATE_LIMIT, BigDecimal.valueOf(a.rateLimit()).setScale(1, RoundingMode.DOWN))
                .set(SITE_ALLOCATION.ALGORITHM, a.algorithm()).set(SITE_ALLOCATION.SEND_STATUS, a.sendStatus())
                .set(SITE_ALLOCATION.COMPUTED_AT, Times.millis(a.computedAt())).execute();
    }

    public List<AllocationEntry> allocations(String siteId, String chargePointId, Instant from, Instant to, int limit) {
        var c = SITE.SITE_ID.eq(siteId);
        if (chargePointId != null) {
            c = c.and(SITE_ALLOCATION.CHARGE_POINT_ID.eq(chargePointId));
        }
        if (from != null) {
            c = c.and(SITE_ALLOCATION.COMPUTED_AT.ge(from));
        }
        if (to != null) {
            c = c.and(SITE_ALLOCATION.COMPUTED_AT.lt(to));
        }
        return dsl.select(SITE_ALLOCATION.fields()).from(SITE_ALLOCATION).join(SITE).on(SITE.ID.eq(SITE_ALLOCATION.SITE_PK))
                .where(c).orderBy(SITE_ALLOCATION.COMPUTED_AT.desc(), SITE_ALLOCATION.ID.desc()).limit(limit)
                .fetch(r -> new AllocationEntry(r.get(SITE_ALLOCATION.CHARGE_POINT_ID), r.get(SITE_ALLOCATION.CONNECTOR_ID),
                        r.get(SITE_ALLOCATION.TRANSACTION_PK), r.get(SITE_ALLOCATION.LIMIT_W).doubleValue(),
                        r.get(SITE_ALLOCATION.RATE_UNIT), r.get(SITE_ALLOCATION.RATE_LIMIT).doubleValue(),
                        r.get(SITE_ALLOCATION.ALGORITHM), r.get(SITE_ALLOCATION.SEND_STATUS),
                        r.get(SITE_ALLOCATION.COMPUTED_AT)));
    }

    private static BigDecimal dec(Double v) {
        return v == null ? null : BigDecimal.valueOf(v);
    }

    private static BigDecimal dec(double v) {
        return BigDecimal.valueOf(v);
    }

    private static Double dbl(BigDecimal v) {
        return v == null ? null : v.doubleValue();
    }
}
