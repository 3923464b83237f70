package io.evstack.csms.smartcharging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.smartcharging.allocation.EvseSpec;
import io.evstack.ocpp.OcppJson;
import io.evstack.ocpp.rpc.OcppSchemas;
import io.evstack.ocpp.v16.ChargingProfileKindType;
import io.evstack.ocpp.v16.ChargingProfilePurposeType;
import io.evstack.ocpp.v16.SetChargingProfile;
import io.evstack.ocpp.v201.ChargingProfileKindEnum;
import io.evstack.ocpp.v201.ChargingProfilePurposeEnum;
import io.evstack.ocpp.v201.SetChargingProfileRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * What the balancer puts on the wire: units and their conversion, stack levels, kinds, validity and
 * transaction ids of the 1.6 and 2.0.1 profiles, each also valid against the OCA schema of its version.
 */
class ProfileBuildersTest {
    static final Instant NOW = Instant.parse("2026-03-01T22:00:00Z");
    static final Duration TTL = Duration.ofMinutes(10);
    static final EvseSpec AC3 = EvseSpec.ac("A/1", null, 3, 32);
    static final EvseSpec AC1 = EvseSpec.ac("B/1", null, 1, 32);
    static final EvseSpec DC = EvseSpec.dc("C/1", null, 150_000);

    @Test
    void acLimitsAreAmpsPerPhaseRoundedDownWithTheSixAmpMinimum() {
        ChargingLimit eleven = ChargingLimit.of(AC3, 11_000);
        assertThat(eleven.rateUnit()).isEqualTo("A");
        assertThat(eleven.limit()).isEqualTo(15.9); // 11000 / (230 x 3) = 15.94
        assertThat(eleven.numberPhases()).isEqualTo(3);
        assertThat(eleven.watts()).isCloseTo(15.9 * 690, org.assertj.core.data.Offset.offset(1e-6)).isLessThanOrEqualTo(11_000);

        assertThat(ChargingLimit.of(AC1, 3_680).limit()).isEqualTo(16.0); // one phase: 3680 / 230
        assertThat(ChargingLimit.of(AC1, 3_680).numberPhases()).isEqualTo(1);
        // below 6 A an AC car cannot charge (IEC 61851-1): nothing rather than too little
        assertThat(ChargingLimit.of(AC3, 4_000).limit()).isZero();
        assertThat(ChargingLimit.of(AC3, 4_140).limit()).isEqualTo(6.0);
    }

    @Test
    void dcLimitsAreWattsAndOtherUnitsConvertWithPhasesAndVoltage() {
        ChargingLimit dc = ChargingLimit.of(DC, 47_123.9);
        assertThat(dc.rateUnit()).isEqualTo("W");
        assertThat(dc.limit()).isEqualTo(47_123.0);
        assertThat(dc.numberPhases()).isNull();

        // a DC unit that takes only A: grid-side current per phase, W = A x 230 V x 3
        ChargingLimit dcAmps = ChargingLimit.of(DC, 69_000, "A");
        assertThat(dcAmps.limit()).isEqualTo(100.0);
        assertThat(dcAmps.watts()).isEqualTo(69_000.0);
        // an AC charger that takes only W keeps the minimum and names its phases for the conversion back
        ChargingLimit acWatts = ChargingLimit.of(AC3, 7_000.7, "W");
        assertThat(acWatts.limit()).isEqualTo(7_000.0);
        assertThat(acWatts.numberPhases()).isEqualTo(3);
        assertThat(ChargingLimit.of(AC3, 4_000, "W").limit()).isZero();

        ChargingLimit cap = ChargingLimit.station(100_000, 3, "A");
        assertThat(cap.limit()).isEqualTo(144.9);
        assertThat(cap.watts()).isLessThanOrEqualTo(100_000);
    }

    @Test
    void ocpp16ProfilesHaveFixedStackLevelsKindsAndValidity() {
        SetChargingProfile fallback = Ocpp16Profiles.fallback(2, ChargingLimit.of(AC3, 4_140));
        assertThat(fallback.getConnectorId()).isEqualTo(2);
        var f = fallback.getCsChargingProfiles();
        assertThat(f.getChargingProfilePurpose()).isEqualTo(ChargingProfilePurposeType.TX_DEFAULT_PROFILE);
        assertThat(f.getStackLevel()).isEqualTo(Ocpp16Profiles.FALLBACK_STACK_LEVEL);
        assertThat(f.getChargingProfileKind()).isEqualTo(ChargingProfileKindType.RELATIVE);
        assertThat(f.getChargingSchedule().getStartSchedule()).isNull();
        assertThat(f.getChargingSchedule().getDuration()).as("the fallback never ends").isNull();
        assertThat(f.getValidTo()).isNull();

        SetChargingProfile tx = Ocpp16Profiles.allocation(1, 42, ChargingLimit.of(AC3, 11_000), NOW, TTL);
        var t = tx.getCsChargingProfiles();
        assertThat(t.getChargingProfilePurpose()).isEqualTo(ChargingProfilePurposeType.TX_PROFILE);
        assertThat(t.getTransactionId()).isEqualTo(42);
        assertThat(t.getStackLevel()).isEqualTo(Ocpp16Profiles.ALLOCATION_STACK_LEVEL).isGreaterThan(f.getStackLevel());
        assertThat(t.getChargingProfileKind()).isEqualTo(ChargingProfileKindType.ABSOLUTE);
        assertThat(t.getChargingSchedule().getStartSchedule()).isEqualTo(NOW.atOffset(ZoneOffset.UTC));
        assertThat(t.getChargingSchedule().getDuration()).isEqualTo(600);
        assertThat(t.getValidTo()).isEqualTo(NOW.plus(TTL).atOffset(ZoneOffset.UTC));
        assertThat(t.getChargingSchedule().getChargingRateUnit().value()).isEqualTo("A");
        assertThat(t.getChargingSchedule().getChargingSchedulePeriod()).singleElement().satisfies(p -> {
            assertThat(p.getStartPeriod()).isZero();
            assertThat(p.getLimit()).isEqualTo(15.9);
            assertThat(p.getNumberPhases()).isEqualTo(3);
        });

        SetChargingProfile cap = Ocpp16Profiles.stationMax(ChargingLimit.station(100_000, 3, "W"), NOW);
        assertThat(cap.getConnectorId()).as("section 3.13.1: ChargePointMaxProfile only on connector 0").isZero();
        assertThat(cap.getCsChargingProfiles().getChargingProfilePurpose())
                .isEqualTo(ChargingProfilePurposeType.CHARGE_POINT_MAX_PROFILE);
        assertThat(cap.getCsChargingProfiles().getChargingProfileKind()).isEqualTo(ChargingProfileKindType.ABSOLUTE);
        assertThat(cap.getCsChargingProfiles().getChargingSchedule().getDuration()).isNull();

        // the idle level: above the fallback while valid (section 3.13.2: the higher stack level wins), then gone
        SetChargingProfile idle = Ocpp16Profiles.idle(2, ChargingLimit.of(AC1, 1_380), NOW, TTL);
        var i = idle.getCsChargingProfiles();
        assertThat(i.getChargingProfilePurpose()).isEqualTo(ChargingProfilePurposeType.TX_DEFAULT_PROFILE);
        assertThat(i.getStackLevel()).isEqualTo(Ocpp16Profiles.IDLE_STACK_LEVEL).isGreaterThan(f.getStackLevel());
        assertThat(i.getChargingProfileKind()).isEqualTo(ChargingProfileKindType.RELATIVE);
        assertThat(i.getValidTo()).isEqualTo(NOW.plus(TTL).atOffset(ZoneOffset.UTC));
        assertThat(i.getChargingSchedule().getChargingSchedulePeriod().get(0).getLimit()).isEqualTo(6.0);

        for (SetChargingProfile req : new SetChargingProfile[] {fallback, tx, cap, idle}) {
            req.getCsChargingProfiles().setChargingProfileId(7);
            assertThat(OcppSchemas.shared().validate("ocpp/schemas/v16/SetChargingProfile.json", json(req))).isEmpty();
        }
    }

    @Test
    void ocpp201ProfilesNameTheStationsTransactionAndEveryScheduleHasAnId() {
        SetChargingProfileRequest fallback = Ocpp201Profiles.fallback(1, ChargingLimit.of(DC, 10_000));
        assertThat(fallback.getEvseId()).isEqualTo(1);
        var f = fallback.getChargingProfile();
        assertThat(f.getChargingProfilePurpose()).isEqualTo(ChargingProfilePurposeEnum.TX_DEFAULT_PROFILE);
        assertThat(f.getStackLevel()).isEqualTo(Ocpp16Profiles.FALLBACK_STACK_LEVEL);
        assertThat(f.getChargingProfileKind()).isEqualTo(ChargingProfileKindEnum.RELATIVE);
        assertThat(f.getChargingSchedule()).singleElement().satisfies(s -> {
            assertThat(s.getId()).isEqualTo(Ocpp201Profiles.SCHEDULE_ID);
            assertThat(s.getChargingRateUnit().value()).isEqualTo("W");
            assertThat(s.getChargingSchedulePeriod().get(0).getLimit()).isEqualTo(10_000.0);
            assertThat(s.getChargingSchedulePeriod().get(0).getNumberPhases()).as("omitted for DC").isNull();
        });

        SetChargingProfileRequest tx = Ocpp201Profiles.allocation(2, "tx-9f3a", ChargingLimit.of(DC, 50_000.5), NOW, TTL);
        var t = tx.getChargingProfile();
        assertThat(t.getTransactionId()).isEqualTo("tx-9f3a");
        assertThat(t.getChargingProfilePurpose()).isEqualTo(ChargingProfilePurposeEnum.TX_PROFILE);
        assertThat(t.getStackLevel()).isEqualTo(Ocpp16Profiles.ALLOCATION_STACK_LEVEL);
        assertThat(t.getChargingProfileKind()).isEqualTo(ChargingProfileKindEnum.ABSOLUTE);
        assertThat(t.getValidTo()).isEqualTo(NOW.plus(TTL).atOffset(ZoneOffset.UTC));
        assertThat(t.getChargingSchedule().get(0).getStartSchedule()).isEqualTo(NOW.atOffset(ZoneOffset.UTC));
        assertThat(t.getChargingSchedule().get(0).getDuration()).isEqualTo(600);
        assertThat(t.getChargingSchedule().get(0).getChargingSchedulePeriod().get(0).getLimit()).isEqualTo(50_000.0);

        SetChargingProfileRequest cap = Ocpp201Profiles.stationMax(ChargingLimit.station(22_080, 3, "A"), NOW);
        assertThat(cap.getEvseId()).as("the whole station").isZero();
        assertThat(cap.getChargingProfile().getChargingProfilePurpose())
                .isEqualTo(ChargingProfilePurposeEnum.CHARGING_STATION_MAX_PROFILE);
        assertThat(cap.getChargingProfile().getChargingProfileKind()).isEqualTo(ChargingProfileKindEnum.ABSOLUTE);
        assertThat(cap.getChargingProfile().getChargingSchedule().get(0).getChargingSchedulePeriod().get(0).getLimit())
                .isEqualTo(32.0);

        SetChargingProfileRequest idle = Ocpp201Profiles.idle(1, ChargingLimit.of(DC, 0), NOW, TTL);
        var i = idle.getChargingProfile();
        assertThat(i.getChargingProfilePurpose()).isEqualTo(ChargingProfilePurposeEnum.TX_DEFAULT_PROFILE);
        assertThat(i.getStackLevel()).isEqualTo(Ocpp16Profiles.IDLE_STACK_LEVEL).isGreaterThan(f.getStackLevel());
        assertThat(i.getChargingProfileKind()).isEqualTo(ChargingProfileKindEnum.RELATIVE);
        assertThat(i.getValidTo()).isEqualTo(NOW.plus(TTL).atOffset(ZoneOffset.UTC));
        assertThat(i.getChargingSchedule().get(0).getChargingSchedulePeriod().get(0).getLimit()).isZero();

        for (SetChargingProfileRequest req : new SetChargingProfileRequest[] {fallback, tx, cap, idle}) {
            req.getChargingProfile().setId(7);
            assertThat(OcppSchemas.shared().validate("ocpp/schemas/v201/SetChargingProfileRequest.json", json(req)))
                    .isEmpty();
        }
    }

    private static JsonNode json(Object message) {
        return OcppJson.mapper().valueToTree(message);
    }
}
