package io.evstack.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evstack.ocpp.v16.MeterValues;
import io.evstack.ocpp.v16.StartTransaction;
import io.evstack.ocpp.v16.StatusNotification;
import io.evstack.ocpp.v16.StopTransaction;
import io.evstack.sim.charger.SimulatedCharger;
import io.evstack.sim.model.EvModels;
import io.evstack.sim.model.Vehicle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Faults on demand: power loss mid-transaction, a connector error, a charger clock running off. */
class FaultsTest {

    private static Vehicle car(SimHarness sim, String tag) {
        return new Vehicle("car", EvModels.get("midsize-60"), 0.2, 0.9, sim.clock.now(), null, tag);
    }

    @Test
    void powerLossMidTransactionEndsItWithReasonPowerLossAfterTheRebootAndLosesNothing() {
        try (TestCsms csms = new TestCsms(null); SimHarness sim = new SimHarness(300)) {
            SimulatedCharger charger = sim.charger("ac-22", csms.url(), "CP-PL-1", null);
            charger.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-PL-1", "StatusNotification").size() >= 2);
            charger.plugIn(1, car(sim, "OK-PL"));
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-PL-1", "MeterValues").size() >= 3);

            charger.powerLoss(Duration.ofMinutes(10)); // two seconds at x300
            await().atMost(Duration.ofSeconds(5)).until(() -> !SimHarness.snapshot(charger).connected());
            assertThat(csms.of("CP-PL-1", "StopTransaction")).isEmpty();

            await().atMost(Duration.ofSeconds(15)).until(() -> !csms.of("CP-PL-1", "StopTransaction").isEmpty());
            assertThat(csms.of("CP-PL-1", "BootNotification")).hasSize(2);
            List<StopTransaction> stops = csms.requests("CP-PL-1", "StopTransaction", StopTransaction.class);
            assertThat(stops).hasSize(1);
            StopTransaction stop = stops.getFirst();
            assertThat(stop.getReason()).isEqualTo(StopTransaction.Reason.POWER_LOSS);
            assertThat(stop.getTransactionId()).isEqualTo(1000);

            // the reboot came before the stop, and every sample taken before the outage arrived once, in order
            List<String> order = csms.received.stream().filter(r -> r.chargerId().equals("CP-PL-1"))
                    .map(TestCsms.Received::action).filter(a -> a.equals("BootNotification") || a.equals("StopTransaction")).toList();
            assertThat(order).containsExactly("BootNotification", "BootNotification", "StopTransaction");
            List<MeterValues> samples = csms.requests("CP-PL-1", "MeterValues", MeterValues.class).stream()
                    .filter(m -> m.getTransactionId() != null).toList();
            List<Double> registers = samples.stream().map(m -> TransactionTest.energy(m.getMeterValue().getFirst()).getFirst()).toList();
            assertThat(registers).isSortedAccordingTo(Double::compare).doesNotHaveDuplicates();
            assertThat(samples.stream().map(m -> m.getMeterValue().getFirst().getTimestamp()).toList()).doesNotHaveDuplicates();
            StartTransaction start = csms.requests("CP-PL-1", "StartTransaction", StartTransaction.class).getFirst();
            assertThat((double) stop.getMeterStop()).isGreaterThanOrEqualTo(registers.getLast()).isGreaterThan(start.getMeterStart());
            assertThat(SimHarness.snapshot(charger).queuedTransactionMessages()).isZero();
            assertThat(SimHarness.snapshot(charger).connector(1).inTransaction()).isFalse();
        }
    }

    @Test
    void connectorErrorFaultsTheConnectorAndStopsItsTransaction() {
        try (TestCsms csms = new TestCsms(null); SimHarness sim = new SimHarness(300)) {
            SimulatedCharger charger = sim.charger("ac-22", csms.url(), "CP-ERR-1", null);
            charger.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-ERR-1", "StatusNotification").size() >= 2);
            charger.plugIn(1, car(sim, "OK-ERR"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !csms.of("CP-ERR-1", "MeterValues").isEmpty());

            charger.connectorError(1, StatusNotification.ErrorCode.GROUND_FAILURE);
            await().atMost(Duration.ofSeconds(10)).until(() -> !csms.of("CP-ERR-1", "StopTransaction").isEmpty());
            StopTransaction stop = csms.requests("CP-ERR-1", "StopTransaction", StopTransaction.class).getFirst();
            assertThat(stop.getReason()).isEqualTo(StopTransaction.Reason.OTHER);
            await().atMost(Duration.ofSeconds(5)).until(() -> last(csms, "CP-ERR-1").getStatus() == StatusNotification.Status.FAULTED);
            StatusNotification faulted = last(csms, "CP-ERR-1");
            assertThat(faulted.getConnectorId()).isEqualTo(1);
            assertThat(faulted.getErrorCode()).isEqualTo(StatusNotification.ErrorCode.GROUND_FAILURE);
            assertThat(SimHarness.snapshot(charger).connector(1).status()).isEqualTo("Faulted");
            assertThat(SimHarness.snapshot(charger).connector(1).powerW()).isZero();

            charger.clearConnectorError(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> last(csms, "CP-ERR-1").getStatus() != StatusNotification.Status.FAULTED);
            assertThat(last(csms, "CP-ERR-1").getErrorCode()).isEqualTo(StatusNotification.ErrorCode.NO_ERROR);
            assertThat(csms.of("CP-ERR-1", "StopTransaction")).hasSize(1);
        }
    }

    @Test
    void skewedClockShiftsEveryTimestampTheChargerSends() {
        try (TestCsms csms = new TestCsms(null); SimHarness sim = new SimHarness(60)) {
            SimulatedCharger right = sim.charger("ac-11", csms.url(), "CP-SKEW-0", null);
            SimulatedCharger ahead = sim.charger("ac-11", csms.url(), "CP-SKEW-2H", null);
            right.start();
            ahead.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-SKEW-0", "StatusNotification").size() >= 2
                    && csms.of("CP-SKEW-2H", "StatusNotification").size() >= 2);
            ahead.skewClock(Duration.ofHours(2));
            Instant before = sim.clock.now();
            right.plugIn(1, car(sim, "OK-SKEW-0"));
            ahead.plugIn(1, car(sim, "OK-SKEW-2H"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !csms.of("CP-SKEW-0", "MeterValues").isEmpty()
                    && !csms.of("CP-SKEW-2H", "MeterValues").isEmpty());
            Instant after = sim.clock.now();

            Instant rightStart = csms.requests("CP-SKEW-0", "StartTransaction", StartTransaction.class).getFirst().getTimestamp().toInstant();
            Instant aheadStart = csms.requests("CP-SKEW-2H", "StartTransaction", StartTransaction.class).getFirst().getTimestamp().toInstant();
            assertThat(rightStart).isBetween(before.minusSeconds(1), after.plusSeconds(1));
            assertThat(aheadStart).isBetween(before.plus(Duration.ofHours(2)).minusSeconds(1), after.plus(Duration.ofHours(2)).plusSeconds(1));
            Instant aheadSample = csms.requests("CP-SKEW-2H", "MeterValues", MeterValues.class).getFirst().getMeterValue().getFirst()
                    .getTimestamp().toInstant();
            assertThat(aheadSample).isAfterOrEqualTo(aheadStart);
            assertThat(csms.requests("CP-SKEW-2H", "StatusNotification", StatusNotification.class).getLast().getTimestamp().toInstant())
                    .isAfter(sim.clock.now().plus(Duration.ofMinutes(100)));
        }
    }

    private static StatusNotification last(TestCsms csms, String chargerId) {
        return csms.requests(chargerId, "StatusNotification", StatusNotification.class).stream()
                .filter(s -> s.getConnectorId() == 1).reduce((a, b) -> b).orElseThrow();
    }
}
