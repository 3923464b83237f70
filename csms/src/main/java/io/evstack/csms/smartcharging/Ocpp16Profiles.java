package io.evstack.csms.smartcharging;

import io.evstack.ocpp.v16.ChargingProfile;
import io.evstack.ocpp.v16.ChargingProfileKindType;
import io.evstack.ocpp.v16.ChargingProfilePurposeType;
import io.evstack.ocpp.v16.ChargingRateUnitType;
import io.evstack.ocpp.v16.ChargingSchedule;
import io.evstack.ocpp.v16.ChargingSchedulePeriod;
import io.evstack.ocpp.v16.SetChargingProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The balancer's OCPP 1.6 profiles (section 3.13 and 7.8). Four kinds, each at a fixed stack level and
 * each sent under one chargingProfileId per charger, connector and purpose ({@link ProfileSender} keeps
 * it), so that each replaces its predecessor on the charger by both rules of section 3.13.2 (same id; same
 * purpose and stack level on the same connector):
 * <ul>
 *   <li>the fallback: a TxDefaultProfile at {@link #FALLBACK_STACK_LEVEL} on each connector, Relative
 *       without an end, so a transaction the balancer has not reached yet, or whose TxProfile ran out while
 *       the charger was unreachable, charges at the site's safe limit;</li>
 *   <li>the idle level: a TxDefaultProfile at {@link #IDLE_STACK_LEVEL}, Relative, valid (validTo) for
 *       {@code ttl} from now, where it is below the fallback: a car plugged in at an idle EVSE starts at
 *       it until the balancer raises it, and the balancer reserves only that much for the idle EVSE. The
 *       higher stack level wins while it is valid (section 3.13.2); once the CSMS stops renewing it (the
 *       charger is offline) the fallback applies again;</li>
 *   <li>the allocation: a TxProfile for the running transaction at {@link #ALLOCATION_STACK_LEVEL},
 *       Absolute from now for {@code ttl} (also its validTo, for firmware that ignores the duration); a
 *       TxProfile overrides any TxDefaultProfile (section 3.13.1), and once it expires the charger falls
 *       back by itself. The balancer renews it before then;</li>
 *   <li>the station cap: a ChargePointMaxProfile on connector 0 (section 3.13.1 allows it nowhere
 *       else), Absolute from now without an end, where the charger alone could overload a circuit it hangs
 *       from; it is never below what the balancer allocates, so it only matters when the charger does
 *       something the CSMS did not ask for.</li>
 * </ul>
 * Limits are {@link ChargingLimit}s, the same the 2.0.1 builder ({@link Ocpp201Profiles}) wraps.
 */
public final class Ocpp16Profiles {
    public static final int FALLBACK_STACK_LEVEL = 0;
    public static final int IDLE_STACK_LEVEL = 1;
    public static final int ALLOCATION_STACK_LEVEL = 1;
    public static final int STATION_MAX_STACK_LEVEL = 0;

    private Ocpp16Profiles() {}

    public static SetChargingProfile fallback(int connectorId, ChargingLimit limit) {
        return new SetChargingProfile().withConnectorId(connectorId).withCsChargingProfiles(new ChargingProfile()
                .withChargingProfileId(0) // replaced by the stored id when sent
                .withStackLevel(FALLBACK_STACK_LEVEL)
                .withChargingProfilePurpose(ChargingProfilePurposeType.TX_DEFAULT_PROFILE)
                .withChargingProfileKind(ChargingProfileKindType.RELATIVE)
                .withChargingSchedule(schedule(limit, null, null)));
    }

    public static SetChargingProfile idle(int connectorId, ChargingLimit limit, Instant now, Duration ttl) {
        return new SetChargingProfile().withConnectorId(connectorId).withCsChargingProfiles(new ChargingProfile()
                .withChargingProfileId(0)
                .withStackLevel(IDLE_STACK_LEVEL)
                .withChargingProfilePurpose(ChargingProfilePurposeType.TX_DEFAULT_PROFILE)
                .withChargingProfileKind(ChargingProfileKindType.RELATIVE)
                .withValidTo(now.plus(ttl).atOffset(ZoneOffset.UTC))
                .withChargingSchedule(schedule(limit, null, null)));
    }

    public static SetChargingProfile allocation(int connectorId, long transactionId, ChargingLimit limit, Instant now,
            Duration ttl) {
        return new SetChargingProfile().withConnectorId(connectorId).withCsChargingProfiles(new ChargingProfile()
                .withChargingProfileId(0)
                .withTransactionId(Math.toIntExact(transactionId))
                .withStackLevel(ALLOCATION_STACK_LEVEL)
                .withChargingProfilePurpose(ChargingProfilePurposeType.TX_PROFILE)
                .withChargingProfileKind(ChargingProfileKindType.ABSOLUTE)
                .withValidTo(now.plus(ttl).atOffset(ZoneOffset.UTC))
                .withChargingSchedule(schedule(limit, now, (int) ttl.toSeconds())));
    }

    public static SetChargingProfile stationMax(ChargingLimit limit, Instant now) {
        return new SetChargingProfile().withConnectorId(0).withCsChargingProfiles(new ChargingProfile()
                .withChargingProfileId(0)
                .withStackLevel(STATION_MAX_STACK_LEVEL)
                .withChargingProfilePurpose(ChargingProfilePurposeType.CHARGE_POINT_MAX_PROFILE)
                .withChargingProfileKind(ChargingProfileKindType.ABSOLUTE)
                .withChargingSchedule(schedule(limit, now, null)));
    }

    private static ChargingSchedule schedule(ChargingLimit limit, Instant start, Integer duration) {
        return new ChargingSchedule()
                .withStartSchedule(start == null ? null : start.atOffset(ZoneOffset.UTC))
                .withDuration(duration)
                .withChargingRateUnit(ChargingRateUnitType.fromValue(limit.rateUnit()))
                .withChargingSchedulePeriod(List.of(new ChargingSchedulePeriod().withStartPeriod(0)
                        .withLimit(limit.limit()).withNumberPhases(limit.numberPhases())));
    }
}
