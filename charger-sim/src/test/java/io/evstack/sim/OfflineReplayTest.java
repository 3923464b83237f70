package io.evstack.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evstack.ocpp.v16.MeterValues;
import io.evstack.ocpp.v16.StartTransaction;
import io.evstack.ocpp.v16.StopTransaction;
import io.evstack.sim.charger.SimulatedCharger;
import io.evstack.sim.model.EvModels;
import io.evstack.sim.model.Vehicle;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineReplayTest {

    @Test
    void droppedSocketMidTransactionReplaysTheQueueInOrder() {
        try (TestCsms csms = new TestCsms(null); SimHarness sim = new SimHarness(300)) {
            SimulatedCharger charger = sim.charger("ac-22", csms.url(), "CP-OFF-1", null);
            charger.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-OFF-1", "StatusNotification").size() >= 2);
            charger.plugIn(1, new Vehicle("car", EvModels.get("midsize-60"), 0.2, 0.9, sim.clock.now(), null, "OK-1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-OFF-1", "MeterValues").size() >= 2);

            charger.goOffline();
            await().atMost(Duration.ofSeconds(5)).until(() -> !SimHarness.snapshot(charger).connected());
            int seenBeforeOutage = csms.of("CP-OFF-1", "MeterValues").size();
            // about 1.5 s real = 7.5 simulated minutes offline: several samples queue up, then the driver leaves
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> SimHarness.snapshot(charger).queuedTransactionMessages() >= 5);
            charger.leave(1);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !SimHarness.snapshot(charger).connector(1).inTransaction());
            int queued = SimHarness.snapshot(charger).queuedTransactionMessages();
            assertThat(csms.of("CP-OFF-1", "MeterValues")).hasSize(seenBeforeOutage);

            charger.goOnline();
            await().atMost(Duration.ofSeconds(10)).until(() -> !csms.of("CP-OFF-1", "StopTransaction").isEmpty());
            assertThat(SimHarness.snapshot(charger).queuedTransactionMessages()).isZero();

            List<String> txMessages = csms.received.stream().filter(r -> r.chargerId().equals("CP-OFF-1"))
                    .map(TestCsms.Received::action)
                    .filter(a -> a.equals("StartTransaction") || a.equals("MeterValues") || a.equals("StopTransaction")).toList();
            assertThat(txMessages.getFirst()).isEqualTo("StartTransaction");
            assertThat(txMessages.getLast()).isEqualTo("StopTransaction");
            assertThat(txMessages).filteredOn("StopTransaction"::equals).hasSize(1);
            List<MeterValues> samples = csms.requests("CP-OFF-1", "MeterValues", MeterValues.class);
            assertThat(samples.size()).isEqualTo(seenBeforeOutage + queued - 1);
            List<OffsetDateTime> times = samples.stream().map(m -> m.getMeterValue().getFirst().getTimestamp()).toList();
            assertThat(times).doesNotHaveDuplicates().isSortedAccordingTo(OffsetDateTime::compareTo);
            List<Double> registers = samples.stream()
                    .map(m -> TransactionTest.energy(m.getMeterValue().getFirst()).getFirst()).toList();
            assertThat(registers).isSortedAccordingTo(Double::compare);
            StopTransaction stop = csms.requests("CP-OFF-1", "StopTransaction", StopTransaction.class).getFirst();
            assertThat(stop.getTransactionId()).isEqualTo(1000);
            assertThat((double) stop.getMeterStop()).isGreaterThanOrEqualTo(registers.getLast());
            assertThat(stop.getTimestamp()).isAfter(times.getLast().minusSeconds(1));
        }
    }

    @Test
    void transactionStartedOfflineGetsItsIdOnReplay() {
        try (TestCsms csms = new TestCsms(null); SimHarness sim = new SimHarness(300)) {
            SimulatedCharger charger = sim.charger("dc-50", csms.url(), "CP-OFF-2", null);
            charger.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-OFF-2", "StatusNotification").size() >= 2);
            // a card known to the charger: authorize once online, so it lands in the authorization cache
            charger.plugIn(1, new Vehicle("first", EvModels.get("compact-40"), 0.5, 0.55, sim.clock.now(), null, "OK-CACHED"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !csms.of("CP-OFF-2", "StopTransaction").isEmpty()
                    || !csms.of("CP-OFF-2", "StartTransaction").isEmpty());
            charger.leave(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> !csms.of("CP-OFF-2", "StopTransaction").isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> SimHarness.snapshot(charger).connector(1).status().equals("Available"));

            charger.dropConnection(); // and keep it down: the server goes away for a while
            charger.goOffline();
            await().atMost(Duration.ofSeconds(5)).until(() -> !SimHarness.snapshot(charger).connected());
            charger.plugIn(1, new Vehicle("second", EvModels.get("midsize-60"), 0.2, 0.8, sim.clock.now(), null, "OK-CACHED"));
            await().atMost(Duration.ofSeconds(10)).until(() -> SimHarness.snapshot(charger).connector(1).inTransaction()
                    && SimHarness.snapshot(charger).queuedTransactionMessages() >= 3);
            assertThat(SimHarness.snapshot(charger).connector(1).transactionId()).isNull();

            charger.goOnline();
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-OFF-2", "StartTransaction").size() == 2
                    && SimHarness.snapshot(charger).queuedTransactionMessages() == 0);
            assertThat(SimHarness.snapshot(charger).connector(1).transactionId()).isEqualTo(1001);
            StartTransaction replayed = csms.requests("CP-OFF-2", "StartTransaction", StartTransaction.class).getLast();
            assertThat(replayed.getIdTag()).isEqualTo("OK-CACHED");
            List<MeterValues> after = csms.requests("CP-OFF-2", "MeterValues", MeterValues.class).stream()
                    .filter(m -> !m.getMeterValue().getFirst().getTimestamp().isBefore(replayed.getTimestamp())).toList();
            assertThat(after).isNotEmpty().allSatisfy(m -> assertThat(m.getTransactionId()).isEqualTo(1001));
        }
    }
}
