package io.evstack.ocpi.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.db.Database;
import io.evstack.db.TestDatabases;
import io.evstack.ocpi.OcpiConfig;
import io.evstack.ocpi.transport.OcpiClient;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bridge wakes the push worker after every event it handles; under load that is thousands of wakes a
 * second. A wake while a round is already waiting to begin must not cost a round of its own.
 */
class PushWorkerWakeTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void wakesDuringABusyRoundCostOneMoreRoundNotOneEach(Database db) throws Exception {
        try (var worker = new PushWorker(db.dsl(), Clock.systemUTC(), OcpiConfig.defaults("http://localhost"),
                new OcpiClient(Duration.ofSeconds(1)))) {
            synchronized (worker) { // a round in progress: the woken one cannot begin
                for (int i = 0; i < 1_000; i++) {
                    worker.wake();
                }
            }
            worker.awaitQueued();
            worker.awaitQueued();
            // the first woken round was taken off the queue (and waited for the lock); every later wake found the
            // next round already asked for
            assertThat(worker.rounds()).isBetween(1, 2);

            int before = worker.rounds();
            worker.wake();
            worker.awaitQueued();
            assertThat(worker.rounds()).as("a wake after the rounds ended is a round").isEqualTo(before + 1);
        }
    }
}
