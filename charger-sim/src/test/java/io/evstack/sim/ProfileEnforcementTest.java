package io.evstack.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evstack.ocpp.v16.ChargingProfile;
import io.evstack.ocpp.v16.ChargingProfileKindType;
import io.evstack.ocpp.v16.ChargingProfilePurposeType;
import io.evstack.ocpp.v16.ChargingRateUnitType;
import io.evstack.ocpp.v16.ChargingSchedule;
import io.evstack.ocpp.v16.ChargingSchedulePeriod;
import io.evstack.ocpp.v16.GetCompositeSchedule;
import io.evstack.ocpp.v16.GetCompositeScheduleResponse;
import io.evstack.ocpp.v16.Measurand;
import io.evstack.ocpp.v16.MeterValues;
import io.evstack.ocpp.v16.RemoteStartTransaction;
import io.evstack.ocpp.v16.RemoteStartTransactionResponse;
import io.evstack.ocpp.v16.SetChargingProfile;
import io.evstack.ocpp.v16.SetChargingProfileResponse;
import io.evstack.sim.charger.SimulatedCharger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileEnforcementTest {

    static ChargingProfile txDefault(int id, int stackLevel, ChargingRateUnitType unit, double limit) {
        return new ChargingProfile().withChargingProfileId(id).withStackLevel(stackLevel)
                .withChargingProfilePurpose(ChargingProfilePurposeType.TX_DEFAULT_PROFILE)
                .withChargingProfileKind(ChargingProfileKindType.RELATIVE)
                .withChargingSchedule(new ChargingSchedule().withChargingRateUnit(unit)
                        .withChargingSchedulePeriod(List.of(new ChargingSchedulePeriod().withStartPeriod(0).withLimit(limit))));
    }

    @Test
    void txDefaultProfileOf10AmpsCapsA32AmpCharger() throws Exception {
        try (TestCsms csms = new TestCsms(null); SimHarness sim = new SimHarness(300)) {
            SimulatedCharger charger = sim.charger("ac-22", csms.url(), "CP-SC-1", null);
            charger.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-SC-1", "StatusNotification").size() >= 2);

            assertThat(csms.call("CP-SC-1", "SetChargingProfile", new SetChargingProfile().withConnectorId(0)
                    .withCsChargingProfiles(txDefault(1, 0, ChargingRateUnitType.A, 10.0)), SetChargingProfileResponse.class)
                    .getStatus()).isEqualTo(SetChargingProfileResponse.Status.ACCEPTED);
            // the stack level beyond ChargeProfileMaxStackLevel is refused
            assertThat(csms.call("CP-SC-1", "SetChargingProfile", new SetChargingProfile().withConnectorId(0)
                    .withCsChargingProfiles(txDefault(2, 11, ChargingRateUnitType.A, 8.0)), SetChargingProfileResponse.class)
                    .getStatus()).isEqualTo(SetChargingProfileResponse.Status.REJECTED);

            GetCompositeScheduleResponse composite = csms.call("CP-SC-1", "GetCompositeSchedule", new GetCompositeSchedule()
                    .withConnectorId(1).withDuration(3600).withChargingRateUnit(ChargingRateUnitType.A),
                    GetCompositeScheduleResponse.class);
            assertThat(composite.getStatus()).isEqualTo(GetCompositeScheduleResponse.Status.ACCEPTED);
            assertThat(composite.getChargingSchedule().getChargingRateUnit()).isEqualTo(ChargingRateUnitType.A);
            assertThat(composite.getChargingSchedule().getChargingSchedulePeriod())
                    .extracting(ChargingSchedulePeriod::getStartPeriod, ChargingSchedulePeriod::getLimit)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 10.0));

            // the app-started car (one phase, 7.4 kW on-board charger) would take 32 A; the profile allows 10
            assertThat(csms.call("CP-SC-1", "RemoteStartTransaction", new RemoteStartTransaction().withConnectorId(1)
                    .withIdTag("OK-REMOTE"), RemoteStartTransactionResponse.class).getStatus())
                    .isEqualTo(RemoteStartTransactionResponse.Status.ACCEPTED);
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-SC-1", "MeterValues").size() >= 4);

            // raise the limit with a higher stack level: the charger follows at once
            assertThat(csms.call("CP-SC-1", "SetChargingProfile", new SetChargingProfile().withConnectorId(1)
                    .withCsChargingProfiles(txDefault(3, 1, ChargingRateUnitType.W, 4_140.0)), SetChargingProfileResponse.class)
                    .getStatus()).isEqualTo(SetChargingProfileResponse.Status.ACCEPTED);
            int before = csms.of("CP-SC-1", "MeterValues").size();
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-SC-1", "MeterValues").size() >= before + 3);

            List<MeterValues> samples = csms.requests("CP-SC-1", "MeterValues", MeterValues.class);
            List<Double> early = currents(samples.subList(0, 4));
            assertThat(early).isNotEmpty().allSatisfy(a -> assertThat(a).isEqualTo(10.0));
            List<Double> late = currents(samples.subList(samples.size() - 2, samples.size()));
            // 4140 W / (230 V x 3) = 6 A per phase
            assertThat(late).isNotEmpty().allSatisfy(a -> assertThat(a).isEqualTo(6.0));
            assertThat(currents(samples)).allSatisfy(a -> assertThat(a).isLessThanOrEqualTo(10.0));
        }
    }

    static List<Double> currents(List<MeterValues> samples) {
        return samples.stream().flatMap(m -> m.getMeterValue().stream()).flatMap(mv -> mv.getSampledValue().stream())
                .filter(s -> s.getMeasurand() == Measurand.CURRENT_IMPORT).map(s -> Double.parseDouble(s.getValue())).toList();
    }
}
