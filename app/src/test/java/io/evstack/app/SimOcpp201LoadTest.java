package io.evstack.app;

import static io.evstack.db.generated.Tables.METER_VALUE;
import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.transaction.Transaction;
import io.evstack.csms.transaction.TransactionFilter;
import io.evstack.db.Database;
import io.evstack.sim.load.LoadPlan;
import io.evstack.sim.load.LoadReport;
import io.evstack.sim.load.LoadRun;
import io.evstack.sim.ocpp.Backoff;
import io.evstack.sim.ocpp.ClientOptions;
import io.evstack.sim.ocpp.OcppProtocol;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Simulated OCPP 2.0.1 chargers against the real stack: they negotiate ocpp2.0.1, boot, send the
 * periodic mix (Heartbeat, StatusNotification with connectorStatus, MeterValues by EVSE) and run
 * transactions as TransactionEvent Started / Updated / Ended with seqNo and trigger reasons; each one
 * ends up as the same stopped transaction a 1.6 charger makes: id tag, start and stop meter, reason,
 * energy equal to the meter difference, its samples stored.
 */
class SimOcpp201LoadTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void ocpp201ChargersTransactLikeOcpp16Ones(Database db) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT)) {
            stack.authorization().create("LOAD-TAG", null, null, false, 0, "load test card, any number of transactions");
            int chargers = 20;
            LoadPlan plan = LoadPlan.of(URI.create("ws://127.0.0.1:" + stack.ocppPort() + "/ocpp"), chargers)
                    .withIdPrefix("SIM201-").withProtocol(OcppProtocol.OCPP201).withConnectRate(50)
                    .withInterval(Duration.ofSeconds(5)).withTransactionRate(3).withSteady(Duration.ofSeconds(4))
                    .withSettle(Duration.ofSeconds(30));
            ClientOptions options = ClientOptions.DEFAULT.withIoThreads(1).withCallTimeout(Duration.ofSeconds(20))
                    .withBackoff(new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5), 2.0, 0.5));

            LoadReport report = new LoadRun(plan, options, p -> {}).run();

            assertThat(report.rampUp().booted()).isEqualTo(chargers);
            assertThat(report.errors().callErrors()).isZero();
            assertThat(report.errors().transactionsFailed()).isZero();
            assertThat(report.steady().latency()).containsKeys("Authorize", "TransactionEvent", "MeterValues",
                    "StatusNotification", "Heartbeat");
            long completed = report.steady().transactionsCompleted();
            assertThat(completed).isPositive();
            assertThat(stack.chargePoints().get("SIM201-00001").ocppVersion()).isEqualTo("ocpp2.0.1");

            List<Transaction> stopped = stack.transactions().list(new TransactionFilter(null, "LOAD-TAG", false, null, null, 0, 1000))
                    .stream().filter(t -> t.chargePointId().startsWith("SIM201-")).toList();
            assertThat(stopped).hasSize((int) completed);
            var dsl = db.dsl();
            for (Transaction t : stopped) {
                assertThat(t.connectorId()).isEqualTo(1);
                assertThat(t.stopReason()).isEqualTo("Local");
                assertThat(t.meterStopWh()).isGreaterThan(t.meterStartWh());
                // three Updated events of 250..499 Wh each
                assertThat(t.energyWh()).isEqualTo(t.meterStopWh() - t.meterStartWh()).isBetween(750L, 1500L);
                assertThat(t.lastEnergyWh()).isEqualTo(t.meterStopWh());
                // Transaction.Begin, 3 x (energy, power), Transaction.End
                assertThat(dsl.fetchCount(METER_VALUE, METER_VALUE.TRANSACTION_PK.eq(t.id()))).isEqualTo(8);
                assertThat(stack.transactions().events(t.id())).hasSize(5);
            }
        }
    }
}
