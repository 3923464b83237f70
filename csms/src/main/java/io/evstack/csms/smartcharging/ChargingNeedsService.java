package io.evstack.csms.smartcharging;

import static io.evstack.db.generated.Tables.EV_CHARGING_NEEDS;

import io.evstack.csms.Times;
import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.event.DomainEvent;
import io.evstack.csms.event.EventPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;

/** Stores EV charging needs and hands them to smart charging as a {@link DomainEvent.ChargingNeedsReceived}. */
public final class ChargingNeedsService {
    private final DSLContext dsl;
    private final Clock clock;
    private final EventPublisher events;
    private final ChargePointService chargePoints;

    public ChargingNeedsService(DSLContext dsl, Clock clock, EventPublisher events, ChargePointService chargePoints) {
        this.dsl = dsl;
        this.clock = clock;
        this.events = events;
        this.chargePoints = chargePoints;
    }

    public void record(ChargingNeeds n) {
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
        events.publish(new DomainEvent.ChargingNeedsReceived(n.chargePointId(), n.evseId(), n.requestedEnergyTransfer(),
                n.departureTime(), n.energyAmountWh(), n.evMinCurrent(), n.evMaxCurrent(), n.evMaxVoltage(),
                n.evMaxPower(), now));
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
