package io.evstack.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evstack.ocpp.v16.Measurand;
import io.evstack.ocpp.v16.MeterValue;
import io.evstack.ocpp.v16.MeterValues;
import io.evstack.ocpp.v16.ReadingContext;
import io.evstack.ocpp.v16.SampledValue;
import io.evstack.ocpp.v16.StartTransaction;
import io.evstack.ocpp.v16.StatusNotification;
import io.evstack.ocpp.v16.StopTransaction;
import io.evstack.sim.charger.SimulatedCharger;
import io.evstack.sim.model.EvModels;
import io.evstack.sim.model.Vehicle;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class TransactionTest {

    /** Energy.Active.Import.Register values of a meter value, in Wh. */
    static List<Double> energy(MeterValue mv) {
        return values(mv, s -> s.getMeasurand() == Measurand.ENERGY_ACTIVE_IMPORT_REGISTER);
    }

    static List<Double> values(MeterValue mv, Predicate<SampledValue> which) {
        return mv.getSampledValue().stream().filter(which).map(s -> Double.parseDouble(s.getValue())).toList();
    }

    @Test
    void rfidTransactionWithConsistentMeterValues() {
        try (TestCsms csms = new TestCsms(null); SimHarness sim = new SimHarness(300)) {
            SimulatedCharger charger = sim.charger("dc-150", csms.url(), "CP-TX-1", null);
            charger.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-TX-1", "StatusNotification").size() >= 2);

            Vehicle car = new Vehicle("car", EvModels.get("midsize-60"), 0.2, 0.8, sim.clock.now(), null, "OK-TAG-1");
            charger.plugIn(1, car);
            // 60 s sample interval at x300: five samples a second
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-TX-1", "MeterValues").size() >= 5);
            charger.leave(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> !csms.of("CP-TX-1", "StopTransaction").isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.requests("CP-TX-1", "StatusNotification",
                    StatusNotification.class).getLast().getStatus() == StatusNotification.Status.AVAILABLE);

            List<String> actions = csms.received.stream().filter(r -> r.chargerId().equals("CP-TX-1"))
                    .map(TestCsms.Received::action).filter(a -> !a.equals("StatusNotification") && !a.equals("Heartbeat")).toList();
            assertThat(actions.subList(0, 3)).containsExactly("BootNotification", "Authorize", "StartTransaction");
            assertThat(actions.getLast()).isEqualTo("StopTransaction");

            StartTransaction start = csms.requests("CP-TX-1", "StartTransaction", StartTransaction.class).getFirst();
            StopTransaction stop = csms.requests("CP-TX-1", "StopTransaction", StopTransaction.class).getFirst();
            assertThat(start.getIdTag()).isEqualTo("OK-TAG-1");
            assertThat(stop.getTransactionId()).isEqualTo(1000);
            assertThat(stop.getReason()).isEqualTo(StopTransaction.Reason.LOCAL);
            assertThat(stop.getMeterStop()).isGreaterThan(start.getMeterStart());

            List<MeterValues> samples = csms.requests("CP-TX-1", "MeterValues", MeterValues.class);
            assertThat(samples).allSatisfy(m -> assertThat(m.getTransactionId()).isEqualTo(1000));
            List<Double> registers = samples.stream().map(m -> energy(m.getMeterValue().getFirst()).getFirst()).toList();
            assertThat(registers).isSortedAccordingTo(Double::compare);
            assertThat(registers.getFirst()).isGreaterThan(start.getMeterStart());
            assertThat(registers.getLast()).isLessThanOrEqualTo(stop.getMeterStop());
            assertThat(registers.getLast()).isGreaterThan(registers.getFirst());
            MeterValue first = samples.getFirst().getMeterValue().getFirst();
            assertThat(values(first, s -> s.getMeasurand() == Measurand.POWER_ACTIVE_IMPORT).getFirst()).isGreaterThan(50_000);
            assertThat(values(first, s -> s.getMeasurand() == Measurand.SO_C).getFirst()).isBetween(20.0, 80.0);
            assertThat(values(first, s -> s.getMeasurand() == Measurand.VOLTAGE).getFirst()).isBetween(300.0, 500.0);

            // transactionData: the register at begin and end equals meterStart and meterStop
            List<MeterValue> data = stop.getTransactionData();
            assertThat(data.getFirst().getSampledValue().getFirst().getContext()).isEqualTo(ReadingContext.TRANSACTION_BEGIN);
            assertThat(energy(data.getFirst()).getFirst()).isEqualTo(start.getMeterStart().doubleValue());
            assertThat(data.getLast().getSampledValue().getFirst().getContext()).isEqualTo(ReadingContext.TRANSACTION_END);
            assertThat(energy(data.getLast()).getFirst()).isEqualTo(stop.getMeterStop().doubleValue());

            List<StatusNotification.Status> statuses = csms.requests("CP-TX-1", "StatusNotification", StatusNotification.class)
                    .stream().filter(s -> s.getConnectorId() == 1).map(StatusNotification::getStatus).toList();
            assertThat(statuses).containsSubsequence(StatusNotification.Status.AVAILABLE, StatusNotification.Status.PREPARING,
                    StatusNotification.Status.CHARGING, StatusNotification.Status.FINISHING, StatusNotification.Status.AVAILABLE);
        }
    }

    @Test
    void invalidCardDoesNotStart() {
        try (TestCsms csms = new TestCsms(null); SimHarness sim = new SimHarness(300)) {
            SimulatedCharger charger = sim.charger("ac-7.4", csms.url(), "CP-TX-2", null);
            charger.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-TX-2", "StatusNotification").size() >= 2);
            charger.plugIn(1, new Vehicle("car", EvModels.get("compact-40"), 0.3, 0.8, sim.clock.now(), null, "BAD-TAG"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !csms.of("CP-TX-2", "Authorize").isEmpty());
            // ConnectionTimeOut (60 s simulated) later the driver gives up: Preparing -> Available
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.requests("CP-TX-2", "StatusNotification",
                    StatusNotification.class).getLast().getStatus() == StatusNotification.Status.AVAILABLE
                    && csms.of("CP-TX-2", "StatusNotification").size() >= 4);
            assertThat(csms.of("CP-TX-2", "StartTransaction")).isEmpty();
        }
    }
}
