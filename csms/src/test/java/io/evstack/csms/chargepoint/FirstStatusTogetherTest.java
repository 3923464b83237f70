package io.evstack.csms.chargepoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.db.Database;
import io.evstack.db.TestDatabases;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chargers booting together report their connectors for the first time together. On MariaDB/MySQL a
 * locking read of a missing row takes a gap lock, and new chargers' connectors share the gap at the end of
 * the index, so these first StatusNotifications deadlocked each other (seen 2,112 times in a 10,000-charger
 * ramp-up, 24 of them answered with a CALLERROR). Each one, run once and without a retry, must store its row.
 */
class FirstStatusTogetherTest {
    private static final int CHARGERS = 24;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void firstStatusesOfManyNewChargersAtOnceAreAllStored(Database db) throws Exception {
        TestDatabases.reset(db);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var repo = new ChargePointRepository(db.dsl());
        List<Long> pks = new ArrayList<>();
        for (int i = 0; i < CHARGERS; i++) {
            pks.add(repo.insert("TOGETHER-" + i, null, RegistrationStatus.Accepted, 0, null, now));
        }
        List<ThrowingRunnable> firsts = new ArrayList<>();
        for (int i = 0; i < CHARGERS; i++) {
            long pk = pks.get(i);
            String id = "TOGETHER-" + i;
            firsts.add(() -> {
                boolean changed = db.dsl().transactionResult(tx -> new ChargePointRepository(tx.dsl())
                        .upsertStatus(pk, available(id, 1, now), now));
                assertThat(changed).isTrue();
            });
        }
        var failures = allAtOnce(firsts);
        assertThat(failures).isEmpty();
        for (int i = 0; i < CHARGERS; i++) {
            assertThat(repo.connectors("TOGETHER-" + i)).extracting(Connector::status).containsExactly("Available");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void theSameNewConnectorReportedTwiceAtOnceIsOneRowWithTheLaterStatus(Database db) throws Exception {
        TestDatabases.reset(db);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var repo = new ChargePointRepository(db.dsl());
        long pk = repo.insert("TWICE", null, RegistrationStatus.Accepted, 0, null, now);
        List<ThrowingRunnable> reports = new ArrayList<>();
        for (String status : List.of("Available", "Preparing")) {
            Instant at = status.equals("Preparing") ? now.plusSeconds(1) : now;
            reports.add(() -> db.dsl().transactionResult(tx -> new ChargePointRepository(tx.dsl())
                    .upsertStatus(pk, new Connector("TWICE", 1, status, "NoError", null, null, null, at), now)));
        }
        var failures = allAtOnce(reports);
        assertThat(failures).isEmpty();
        assertThat(repo.connectors("TWICE")).extracting(Connector::status).containsExactly("Preparing");
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Runs them on threads released together; what they threw. */
    private static List<Throwable> allAtOnce(List<ThrowingRunnable> work) throws InterruptedException {
        var failures = new ConcurrentLinkedQueue<Throwable>();
        var start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (ThrowingRunnable w : work) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    w.run();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return List.copyOf(failures);
    }

    private static Connector available(String chargePointId, int connectorId, Instant at) {
        return new Connector(chargePointId, connectorId, "Available", "NoError", null, null, null, at);
    }
}
