package io.evstack.csms.smartcharging;

import static io.evstack.db.generated.Tables.EV_CHARGING_NEEDS;

import io.evstack.csms.Times;
import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.event.DomainEvent;
import io.evstack.csms.event.EventPublisher;
import io.evstack.csms.smartcharging.allocation.EvseSpec;
import io.evstack.csms.smartcharging.site.ActiveSession;
import io.evstack.csms.smartcharging.site.SessionNeed;
import io.evstack.csms.smartcharging.site.SiteEvse;
import io.evstack.csms.smartcharging.site.SiteRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * EV charging needs (OCPP 2.0.1 NotifyEVChargingNeeds, K15): stored as received, and, where the EVSE is
 * on a site, fed into the balancer's view of the session as its {@link SessionNeed}: the departure time,
 * the energy still wanted and the EV's own power limit. Then a {@link DomainEvent.ChargingNeedsReceived}
 * makes the balancer recompute the site and send that EVSE a new TxProfile.
 */
public final class ChargingNeedsService {
    /**
     * Needs that arrive before the transaction (an ISO 15118 EV reports them right after plug-in; a station
     * whose transaction starts at authorization starts it later) are applied to a transaction that starts
     * on that EVSE within this long.
     */
    static final Duration EARLY_NEEDS = Duration.ofMinutes(2);

    /** What the CSMS does with the needs, and so how it answers (K15: Accepted, Processing, Rejected). */
    public enum Outcome {
        /** A transaction runs on a balanced EVSE: a new TxProfile follows at once (Accepted). */
        SCHEDULED,
        /** The EVSE is balanced but its transaction has not started: the profile follows it (Processing). */
        PENDING,
        /** No site balances this EVSE: no schedule will come (Rejected). */
        UNMANAGED
    }

    private final DSLContext dsl;
    private final Clock clock;
    private final EventPublisher events;
    private final ChargePointService chargePoints;
    private final SiteRepository sites;

    public ChargingNeedsService(DSLContext dsl, Clock clock, EventPublisher events, ChargePointService chargePoints,
            SiteRepository sites) {
        this.dsl = dsl;
        this.clock = clock;
        this.events = events;
        this.chargePoints = chargePoints;
        this.sites = sites;
    }

    public Outcome record(ChargingNeeds n) {
        long pk = chargePoints.requirePk(n.chargePointId());
        Instant now = clock.instant();
        dsl.insertInto(EV_CHARGING_NEEDS)
                .set(EV_CHARGING_NEEDS.CHARGE_POINT_PK, pk)
                .set(EV_CHARGING_NEEDS.EVSE_ID, n.evseId())
                .set(EV_CHARGING_NEEDS.REQUESTED_ENERGY_TRANSFER, n.requestedEnergyTransfer())
                .set(EV_CHARGING_NEEDS.DEPARTURE_TIME, Times.millis(n.departureTime()))
                .set(EV_CHARGING_NEEDS.ENERGY_AMOUNT_WH, n.energyAmountWh())
                .set(EV_CHARGING_NEEDS.EV_MIN_CURRENT, n.evMinCurrent())
                .set(EV_CHARGING_NEEDS.EV_MAX_CURRENT, n.evMaxCurrent())
                .set(EV_CHARGING_NEEDS.EV_MAX_VOLTAGE, n.evMaxVoltage())
                .set(EV_CHARGING_NEEDS.EV_MAX_POWER, n.evMaxPower())
                .set(EV_CHARGING_NEEDS.STATE_OF_CHARGE, n.stateOfCharge())
                .set(EV_CHARGING_NEEDS.EV_ENERGY_CAPACITY, n.evEnergyCapacity())
                .set(EV_CHARGING_NEEDS.FULL_SOC, n.fullSoc())
                .set(EV_CHARGING_NEEDS.BULK_SOC, n.bulkSoc())
                .set(EV_CHARGING_NEEDS.MAX_SCHEDULE_TUPLES, n.maxScheduleTuples())
                .set(EV_CHARGING_NEEDS.RECEIVED_AT, Times.millis(now))
                .execute();
        Optional<SiteEvse> evse = sites.evse(n.chargePointId(), n.evseId());
        Outcome outcome = evse.isEmpty() ? Outcome.UNMANAGED
                : apply(n, evse.get()) ? Outcome.SCHEDULED : Outcome.PENDING;
        events.publish(new DomainEvent.ChargingNeedsReceived(n.chargePointId(), n.evseId(), n.requestedEnergyTransfer(),
                n.departureTime(), n.energyAmountWh(), n.evMinCurrent(), n.evMaxCurrent(), n.evMaxVoltage(),
                n.evMaxPower(), now));
        return outcome;
    }

    /**
     * The event bus listener: a transaction starting on a balanced EVSE takes the needs its EV reported just
     * before ({@link #EARLY_NEEDS}).
     */
    public void onEvent(DomainEvent event) {
        if (!(event instanceof DomainEvent.TransactionStarted started)) {
            return;
        }
        Optional<SiteEvse> evse = sites.evse(started.chargePointId(), started.connectorId());
        if (evse.isEmpty()) {
            return;
        }
        Instant since = clock.instant().minus(EARLY_NEEDS);
        Optional<ChargingNeeds> early = list(started.chargePointId()).stream()
                .filter(n -> n.evseId() == started.connectorId() && !n.receivedAt().isBefore(since))
                .findFirst();
        if (early.isPresent() && apply(early.get(), evse.get())) {
            ChargingNeeds n = early.get();
            events.publish(new DomainEvent.ChargingNeedsReceived(n.chargePointId(), n.evseId(),
                    n.requestedEnergyTransfer(), n.departureTime(), n.energyAmountWh(), n.evMinCurrent(),
                    n.evMaxCurrent(), n.evMaxVoltage(), n.evMaxPower(), clock.instant()));
        }
    }

    /**
     * Writes the needs into the session need of the transaction running on the EVSE; false when none runs.
     * The EV's energyAmount is what it still wants from now; the session need counts from the start of the
     * transaction, so the energy delivered so far is added. A priority set by the operator is kept.
     */
    private boolean apply(ChargingNeeds n, SiteEvse evse) {
        Optional<ActiveSession> session = sites.activeSessions(List.of(n.chargePointId()), clock.instant())
                .stream().filter(s -> s.connectorId() == n.evseId()).findFirst();
        if (session.isEmpty()) {
            return false;
        }
        ActiveSession s = session.get();
        SessionNeed before = sites.needs(List.of(s.transactionId())).get(s.transactionId());
        Double energyKwh = n.energyAmountWh() == null ? before == null ? null : before.energyKwh()
                : (n.energyAmountWh() + s.energyWh()) / 1000.0;
        Instant departure = n.departureTime() != null ? n.departureTime() : before == null ? null : before.departure();
        Double maxKw = evMaxKw(n, evse);
        if (maxKw == null && before != null) {
            maxKw = before.maxKw();
        }
        sites.upsertNeed(new SessionNeed(s.transactionId(), energyKwh, departure, before == null ? 0 : before.priority(),
                maxKw), clock.instant());
        return true;
    }

    /**
     * The EV's own power limit: evMaxPower where given (DC), else its maximum current times its maximum
     * voltage (DC) or times the nominal 230 V on each phase of the EVSE (AC, where evMaxCurrent is per phase).
     */
    static Double evMaxKw(ChargingNeeds n, SiteEvse evse) {
        if (n.evMaxPower() != null) {
            return n.evMaxPower() / 1000.0;
        }
        if (n.evMaxCurrent() == null) {
            return null;
        }
        if (evse.dc()) {
            return n.evMaxVoltage() == null ? null : n.evMaxCurrent() * (double) n.evMaxVoltage() / 1000.0;
        }
        return n.evMaxCurrent() * EvseSpec.VOLTAGE * evse.phases() / 1000.0;
    }

    /** The needs reported by a station, newest first. */
    public List<ChargingNeeds> list(String chargePointId) {
        long pk = chargePoints.requirePk(chargePointId);
        return dsl.selectFrom(EV_CHARGING_NEEDS)
                .where(EV_CHARGING_NEEDS.CHARGE_POINT_PK.eq(pk))
                .orderBy(EV_CHARGING_NEEDS.RECEIVED_AT.desc(), EV_CHARGING_NEEDS.ID.desc())
                .limit(200)
                .fetch(r -> new ChargingNeeds(chargePointId, r.getEvseId(), r.getRequestedEnergyTransfer(),
                        r.getDepartureTime(), r.getEnergyAmountWh(), r.getEvMinCurrent(), r.getEvMaxCurrent(),
                        r.getEvMaxVoltage(), r.getEvMaxPower(), r.getStateOfCharge(), r.getEvEnergyCapacity(),
                        r.getFullSoc(), r.getBulkSoc(), r.getMaxScheduleTuples(), r.getReceivedAt()));
    }
}
