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
 * The balancer's OCPP 1.6 profiles (section 3.13 and 7.8). Two kinds, at fixed stack levels, so that
 * each replaces its predecessor on the charger by the rule of section 3.13.2 (same purpose and stack
 * level on the same connector), whatever its chargingProfileId:
 * <ul>
 *   <li>the fallback: a TxDefaultProfile at {@link #FALLBACK_STACK_LEVEL} on each connector, no end, so
 *       a transaction the balancer has not reached yet, or whose TxProfile ran out while the charger was
 *       unreachable, charges at the site's safe limit;</li>
 *   <li>the allocation: a TxProfile for the running transaction at {@link #ALLOCATION_STACK_LEVEL},
 *       Absolute from now for {@code ttl}; a TxProfile overrides any TxDefaultProfile (section 3.13.1),
 *       and once it expires the charger falls back by itself. The balancer renews it before then.</li>
 * </ul>
 * The 2.0.1 builder will use the same {@link ChargingLimit}s with TxProfile and ChargingStationMaxProfile.
 */
public final class Ocpp16Profiles {
    public static final int FALLBACK_STACK_LEVEL = 0;
    public static final int ALLOCATION_STACK_LEVEL = 1;

    private Ocpp16Profiles() {}

    public static SetChargingProfile fallback(int connectorId, ChargingLimit limit) {
        return new SetChargingProfile().withConnectorId(connectorId).withCsChargingProfiles(new ChargingProfile()
                .withChargingProfileId(0) // replaced by the stored id when sent
                .withStackLevel(FALLBACK_STACK_LEVEL)
                .withChargingProfilePurpose(ChargingProfilePurposeType.TX_DEFAULT_PROFILE)
                .withChargingProfileKind(ChargingProfileKindType.RELATIVE)
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
                .withChargingSchedule(schedule(limit, now, (int) ttl.toSeconds())));
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
