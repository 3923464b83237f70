package io.evstack.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evstack.ocpp.v16.BootNotification;
import io.evstack.ocpp.v16.BootNotificationResponse;
import io.evstack.ocpp.v16.ChangeConfiguration;
import io.evstack.ocpp.v16.ChangeConfigurationResponse;
import io.evstack.ocpp.v16.GetConfiguration;
import io.evstack.ocpp.v16.GetConfigurationResponse;
import io.evstack.ocpp.v16.KeyValue;
import io.evstack.ocpp.v16.StatusNotification;
import io.evstack.ocpp.v16.TriggerMessage;
import io.evstack.ocpp.v16.TriggerMessageResponse;
import io.evstack.ocpp.rpc.OcppException;
import io.evstack.sim.charger.ChargerSnapshot;
import io.evstack.sim.charger.SimulatedCharger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ClientHandshakeTest {

    @Test
    void connectsWithBasicAuthAndBoots() throws Exception {
        try (TestCsms csms = new TestCsms("s3cret"); SimHarness sim = new SimHarness(1)) {
            SimulatedCharger charger = sim.charger("ac-22-twin", csms.url(), "CP-HS-1", "s3cret");
            charger.start();

            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-HS-1", "StatusNotification").size() >= 3);
            BootNotification boot = csms.requests("CP-HS-1", "BootNotification", BootNotification.class).getFirst();
            assertThat(boot.getChargePointVendor()).isEqualTo("EVstackSim");
            assertThat(boot.getChargePointModel()).isEqualTo("AC Pillar 2x22 kW");
            assertThat(csms.requests("CP-HS-1", "StatusNotification", StatusNotification.class))
                    .extracting(StatusNotification::getConnectorId, StatusNotification::getStatus)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(0, StatusNotification.Status.AVAILABLE),
                            org.assertj.core.groups.Tuple.tuple(1, StatusNotification.Status.AVAILABLE),
                            org.assertj.core.groups.Tuple.tuple(2, StatusNotification.Status.AVAILABLE));
            assertThat(csms.server().gateway().session("CP-HS-1").orElseThrow().securityProfile()).isEqualTo(1);
            ChargerSnapshot snap = SimHarness.snapshot(charger);
            assertThat(snap.registration()).isEqualTo(ChargerSnapshot.Registration.ACCEPTED);
            assertThat(snap.connected()).isTrue();
        }
    }

    @Test
    void wrongPasswordIsRefusedAndRetried() {
        try (TestCsms csms = new TestCsms("s3cret"); SimHarness sim = new SimHarness(1)) {
            SimulatedCharger charger = sim.charger("ac-11", csms.url(), "CP-HS-2", "wrong");
            charger.start();
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> !SimHarness.snapshot(charger).connected());
            assertThat(csms.of("CP-HS-2", "BootNotification")).isEmpty();
        }
    }

    @Test
    void retriesBootWhilePendingThenAnswersCsmsCalls() throws Exception {
        try (TestCsms csms = new TestCsms(null); SimHarness sim = new SimHarness(60)) {
            csms.bootStatus.set(BootNotificationResponse.Status.PENDING);
            csms.bootInterval.set(30); // 30 simulated seconds = 0.5 s real
            SimulatedCharger charger = sim.charger("dc-150", csms.url(), "CP-HS-3", null);
            charger.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-HS-3", "BootNotification").size() >= 2);
            assertThat(csms.of("CP-HS-3", "StatusNotification")).isEmpty();

            // while Pending the CSMS may configure the charger
            GetConfigurationResponse config = csms.call("CP-HS-3", "GetConfiguration",
                    new GetConfiguration().withKey(List.of("NumberOfConnectors", "MeterValuesSampledData", "Nope")),
                    GetConfigurationResponse.class);
            assertThat(config.getConfigurationKey()).extracting(KeyValue::getKey, KeyValue::getValue).contains(
                    org.assertj.core.groups.Tuple.tuple("NumberOfConnectors", "1"),
                    org.assertj.core.groups.Tuple.tuple("MeterValuesSampledData",
                            "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC"));
            assertThat(config.getUnknownKey()).containsExactly("Nope");
            assertThat(csms.call("CP-HS-3", "ChangeConfiguration",
                    new ChangeConfiguration().withKey("NumberOfConnectors").withValue("4"),
                    ChangeConfigurationResponse.class).getStatus()).isEqualTo(ChangeConfigurationResponse.Status.REJECTED);
            assertThat(csms.call("CP-HS-3", "ChangeConfiguration",
                    new ChangeConfiguration().withKey("MeterValueSampleInterval").withValue("15"),
                    ChangeConfigurationResponse.class).getStatus()).isEqualTo(ChangeConfigurationResponse.Status.ACCEPTED);

            csms.bootStatus.set(BootNotificationResponse.Status.ACCEPTED);
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-HS-3", "StatusNotification").size() >= 2);

            assertThat(csms.call("CP-HS-3", "TriggerMessage",
                    new TriggerMessage().withRequestedMessage(TriggerMessage.RequestedMessage.HEARTBEAT),
                    TriggerMessageResponse.class).getStatus()).isEqualTo(TriggerMessageResponse.Status.ACCEPTED);
            await().atMost(Duration.ofSeconds(5)).until(() -> !csms.of("CP-HS-3", "Heartbeat").isEmpty());

            // an action the charger does not know: a CALLERROR NotImplemented, from the charger
            try {
                csms.call("CP-HS-3", "GetLog", new io.evstack.ocpp.v16.GetLog()
                        .withLogType(io.evstack.ocpp.v16.LogEnum.DIAGNOSTICS_LOG).withRequestId(1)
                        .withLog(new io.evstack.ocpp.v16.LogParameters().withRemoteLocation("ftp://x/y")),
                        io.evstack.ocpp.v16.GetLogResponse.class);
                org.junit.jupiter.api.Assertions.fail("expected a CALLERROR");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(OcppException.class);
            }
        }
    }
}
