package io.evstack.csms.smartcharging;

import io.evstack.ocpp.v201.ChargingProfile;
import io.evstack.ocpp.v201.ChargingProfileKindEnum;
import io.evstack.ocpp.v201.ChargingProfilePurposeEnum;
import io.evstack.ocpp.v201.ChargingRateUnitEnum;
import io.evstack.ocpp.v201.ChargingSchedule;
import io.evstack.ocpp.v201.ChargingSchedulePeriod;
import io.evstack.ocpp.v201.SetChargingProfileRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The balancer's OCPP 2.0.1 profiles (part 2, block K), the same four as on 1.6 ({@link Ocpp16Profiles})
 * at the same stack levels, each sent under one id per station, EVSE and purpose so that it replaces its
 * predecessor (K01.FR.05) and never sits beside it at the same purpose and stack level:
 * <ul>
 *   <li>fallback: TxDefaultProfile on each EVSE, Relative, no end;</li>
 *   <li>idle level: TxDefaultProfile on each EVSE at the stack level above the fallback, Relative, validTo
 *       {@code ttl} from now, where it is below the fallback;</li>
 *   <li>allocation: TxProfile naming the station's transactionId (K01.FR.03: without one the station
 *       rejects it), Absolute from now for {@code ttl}, validTo at its end;</li>
 *   <li>station cap: ChargingStationMaxProfile on evseId 0 (the whole station, the only place it may
 *       go), Absolute from now without an end (it has no transaction for a Relative schedule to start
 *       at).</li>
 * </ul>
 * 2.0.1 wants every chargingSchedule to carry an id; the balancer's profiles have one schedule each, id
 * {@link #SCHEDULE_ID} (ISO 15118 takes it as SAScheduleTupleID, 1..255).
 */
public final class Ocpp201Profiles {
    public static final int SCHEDULE_ID = 1;

    private Ocpp201Profiles() {}

    public static SetChargingProfileRequest fallback(int evseId, ChargingLimit limit) {
        return new SetChargingProfileRequest().withEvseId(evseId).withChargingProfile(new ChargingProfile()
                .withId(0) // replaced by the stored id when sent
                .withStackLevel(Ocpp16Profiles.FALLBACK_STACK_LEVEL)
                .withChargingProfilePurpose(ChargingProfilePurposeEnum.TX_DEFAULT_PROFILE)
                .withChargingProfileKind(ChargingProfileKindEnum.RELATIVE)
                .withChargingSchedule(List.of(schedule(limit, null, null))));
    }

    public static SetChargingProfileRequest idle(int evseId, ChargingLimit limit, Instant now, Duration ttl) {
        return new SetChargingProfileRequest().withEvseId(evseId).withChargingProfile(new ChargingProfile()
                .withId(0)
                .withStackLevel(Ocpp16Profiles.IDLE_STACK_LEVEL)
                .withChargingProfilePurpose(ChargingProfilePurposeEnum.TX_DEFAULT_PROFILE)
                .withChargingProfileKind(ChargingProfileKindEnum.RELATIVE)
                .withValidTo(now.plus(ttl).atOffset(ZoneOffset.UTC))
                .withChargingSchedule(List.of(schedule(limit, null, null))));
    }

    public static SetChargingProfileRequest allocation(int evseId, String transactionId, ChargingLimit limit,
            Instant now, Duration ttl) {
        return new SetChargingProfileRequest().withEvseId(evseId).withChargingProfile(new ChargingProfile()
                .withId(0)
                .withTransactionId(transactionId)
                .withStackLevel(Ocpp16Profiles.ALLOCATION_STACK_LEVEL)
                .withChargingProfilePurpose(ChargingProfilePurposeEnum.TX_PROFILE)
                .withChargingProfileKind(ChargingProfileKindEnum.ABSOLUTE)
                .withValidTo(now.plus(ttl).atOffset(ZoneOffset.UTC))
                .withChargingSchedule(List.of(schedule(limit, now, (int) ttl.toSeconds()))));
    }

    public static SetChargingProfileRequest stationMax(ChargingLimit limit, Instant now) {
        return new SetChargingProfileRequest().withEvseId(0).withChargingProfile(new ChargingProfile()
                .withId(0)
                .withStackLevel(Ocpp16Profiles.STATION_MAX_STACK_LEVEL)
                .withChargingProfilePurpose(ChargingProfilePurposeEnum.CHARGING_STATION_MAX_PROFILE)
                .withChargingProfileKind(ChargingProfileKindEnum.ABSOLUTE)
                .withChargingSchedule(List.of(schedule(limit, now, null))));
    }

    private static ChargingSchedule schedule(ChargingLimit limit, Instant start, Integer duration) {
        return new ChargingSchedule()
                .withId(SCHEDULE_ID)
                .withStartSchedule(start == null ? null : start.atOffset(ZoneOffset.UTC))
                .withDuration(duration)
                .withChargingRateUnit(ChargingRateUnitEnum.fromValue(limit.rateUnit()))
                .withChargingSchedulePeriod(List.of(new ChargingSchedulePeriod().withStartPeriod(0)
                        .withLimit(limit.limit()).withNumberPhases(limit.numberPhases())));
    }
}
