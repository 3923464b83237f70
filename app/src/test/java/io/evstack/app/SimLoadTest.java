package io.evstack.app;

import static io.evstack.db.generated.Tables.CHARGE_POINT;
import static io.evstack.db.generated.Tables.CHARGE_TRANSACTION;
import static io.evstack.db.generated.Tables.METER_VALUE;
import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import io.evstack.sim.load.LoadPlan;
import io.evstack.sim.load.LoadProgress;
import io.evstack.sim.load.LoadReport;
import io.evstack.sim.load.LoadRun;
import io.evstack.sim.ocpp.Backoff;
import io.evstack.sim.ocpp.ClientOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Load mode against the real stack: a few hundred chargers boot, send the periodic mix and complete
 * transactions at a set rate, then all drop at once and boot again; every transaction the load counted
 * as complete is in the database, stopped, with its three meter samples.
 */
class SimLoadTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void severalHundredChargersBootTransactAndSurviveAReconnectStorm(Database db, @TempDir Path dir) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT)) {
            stack.authorization().create("LOAD-TAG", null, null, false, 0, "load test card, any number of transactions");
            int chargers = 300;
            LoadPlan plan = LoadPlan.of(URI.create("ws://127.0.0.1:" + stack.ocppPort() + "/ocpp"), chargers)
                    .withConnectRate(300).withInterval(Duration.ofSeconds(10)).withTransactionRate(10)
                    .withSteady(Duration.ofSeconds(6)).withStorm(true).withSettle(Duration.ofSeconds(30));
            ClientOptions options = ClientOptions.DEFAULT.withIoThreads(2).withCallTimeout(Duration.ofSeconds(20))
                    .withBackoff(new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5), 2.0, 0.5));
            List<LoadProgress> progress = new CopyOnWriteArrayList<>();

            LoadReport report = new LoadRun(plan, options, progress::add).run();
            Path file = dir.resolve("report.json");
            report.write(file);

            assertThat(report.rampUp().complete()).as("ramp-up %s, errors %s", report.rampUp(), report.errors()).isTrue();
            assertThat(report.rampUp().booted()).isEqualTo(chargers);
            assertThat(report.storm().complete()).isTrue();
            assertThat(report.storm().bootedAgain()).isEqualTo(chargers);
            // No transaction message may fail. StatusNotification is tolerated, rarely: on MariaDB two chargers
            // booting at once can deadlock in ChargePointRepository.upsertStatus (SELECT ... FOR UPDATE of a
            // connector row that does not exist yet takes an InnoDB gap lock; see docs/benchmarks.md, "What
            // limits it"); the stack answers InternalError and the charger's next status goes through.
            assertThat(report.errors().callErrorsByAction().keySet()).isSubsetOf("StatusNotification");
            assertThat(report.errors().callErrors()).isLessThan(chargers / 20);
            assertThat(report.errors().timeouts()).isZero();
            // one failed transaction was seen once on MariaDB (cause not yet known; LoadCharger now logs it)
            assertThat(report.errors().transactionsFailed()).isLessThanOrEqualTo(1);
            LoadReport.Steady steady = report.steady();
            // 10/s for 6 s. Kept gentle on purpose: the test databases have a pool of 4 connections, and the
            // stack's StartTransaction needs two at once (TransactionService.start -> AuthorizationService,
            // see docs/benchmarks.md), so 4 concurrent starts would stall it for the pool's 30 s timeout.
            assertThat(steady.transactionsCompleted()).isBetween(30L, 61L);
            assertThat(steady.latency()).containsKeys("all", "Authorize", "StartTransaction", "MeterValues", "StopTransaction",
                    "Heartbeat", "StatusNotification");
            assertThat(steady.latency().get("all").p99()).isPositive();
            assertThat(progress).isNotEmpty().anySatisfy(p -> assertThat(p.booted()).isEqualTo(chargers));

            LoadReport read = LoadReport.read(file);
            assertThat(read.steady().transactionsCompleted()).isEqualTo(steady.transactionsCompleted());
            assertThat(read.storm().secondsUntilAllBooted()).isEqualTo(report.storm().secondsUntilAllBooted());

            var dsl = db.dsl();
            var loadChargers = CHARGE_POINT.CHARGE_POINT_ID.like("LOAD-%");
            assertThat(dsl.fetchCount(CHARGE_POINT, loadChargers)).isEqualTo(chargers);
            int stopped = dsl.fetchCount(dsl.select().from(CHARGE_TRANSACTION).join(CHARGE_POINT)
                    .on(CHARGE_POINT.ID.eq(CHARGE_TRANSACTION.CHARGE_POINT_PK))
                    .where(loadChargers).and(CHARGE_TRANSACTION.STOP_TIME.isNotNull()));
            int completed = (int) steady.transactionsCompleted();
            int failed = (int) report.errors().transactionsFailed();
            assertThat(stopped).isBetween(completed, completed + failed);
            assertThat(dsl.fetchCount(CHARGE_TRANSACTION, CHARGE_TRANSACTION.STOP_TIME.isNull()))
                    .isLessThanOrEqualTo((int) report.errors().transactionsFailed());
            // three MeterValues of two samples each per transaction
            assertThat(dsl.fetchCount(METER_VALUE, METER_VALUE.TRANSACTION_PK.isNotNull()))
                    .isBetween(6 * completed, 6 * (completed + failed));
        }
    }
}
