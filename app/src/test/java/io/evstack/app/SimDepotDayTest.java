package io.evstack.app;

import static io.evstack.db.generated.Tables.CHARGE_POINT;
import static io.evstack.db.generated.Tables.CHARGE_TRANSACTION;
import static io.evstack.db.generated.Tables.CONNECTOR;
import static io.evstack.db.generated.Tables.METER_VALUE;
import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.transaction.Transaction;
import io.evstack.db.Database;
import io.evstack.sim.SimStats;
import io.evstack.sim.Simulation;
import io.evstack.sim.Simulator;
import io.evstack.sim.ocpp.Backoff;
import io.evstack.sim.ocpp.ClientOptions;
import io.evstack.sim.scenario.Arrivals;
import io.evstack.sim.scenario.ChargerGroup;
import io.evstack.sim.scenario.FixedArrival;
import io.evstack.sim.scenario.Scenario;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A small depot lives a simulated day against the real stack: vehicles arrive, authorize, charge and
 * leave; afterwards every transaction, meter value and status is in the database and agrees with what
 * the simulated meters counted.
 */
class SimDepotDayTest {
    private static final List<String> TAGS = List.of("DAY-0001", "DAY-0002", "DAY-0003", "DAY-0004", "DAY-0005");
    private static final Set<String> STATUSES = Set.of("Available", "Preparing", "Charging", "SuspendedEV", "SuspendedEVSE",
            "Finishing", "Reserved", "Unavailable", "Faulted");

    static Scenario depotDay() {
        return new Scenario("depot-day", 3600, Duration.ofHours(24),
                List.of(new ChargerGroup("ac-11", 1, "DAY-AC11-", null), new ChargerGroup("ac-22-twin", 1, "DAY-AC22-", null),
                        new ChargerGroup("dc-50", 1, "DAY-DC50-", null)),
                new Arrivals(1.0, List.of("compact-40", "midsize-60"), 0.1, 0.5, 0.8, Duration.ofHours(2),
                        Duration.ofMinutes(30), List.of(
                                new FixedArrival(Duration.ofMinutes(5), "midsize-60", 0.2, 0.8, Duration.ofHours(3), "DAY-0001"),
                                new FixedArrival(Duration.ofMinutes(10), "compact-40", 0.3, 0.9, Duration.ofHours(1), "DAY-0002"))),
                TAGS, 11L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aSimulatedDayLeavesConsistentTransactionsMeterValuesAndStatuses(Database db) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT)) {
            for (String tag : TAGS) {
                stack.authorization().create(tag, null, null, false, 0, "depot day");
            }
            ClientOptions options = ClientOptions.DEFAULT.withIoThreads(1).withCallTimeout(Duration.ofSeconds(20))
                    .withBackoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), 2.0, 0.2));
            Simulation sim = Simulator.start(depotDay(), URI.create("ws://127.0.0.1:" + stack.ocppPort() + "/ocpp"), options);
            SimStats last = sim.finished().get(90, TimeUnit.SECONDS);

            assertThat(last.callTimeouts()).isZero();
            assertThat(last.connectFailures()).isZero();
            assertThat(last.errors()).isZero();
            // On MariaDB the first StatusNotifications of chargers booting together can deadlock in the stack
            // (ChargePointRepository.upsertStatus, an InnoDB gap lock; docs/benchmarks.md): a CALLERROR or two
            // for a status, never for a transaction message, which the checks below would catch.
            assertThat(last.callErrors()).isLessThanOrEqualTo(3);
            assertThat(last.vehiclesArrived()).isGreaterThanOrEqualTo(2);
            Map<Integer, Integer> completed = sim.completedTransactions();
            assertThat(completed).hasSizeGreaterThanOrEqualTo(2);

            var dsl = db.dsl();
            for (Map.Entry<Integer, Integer> e : completed.entrySet()) {
                Transaction tx = stack.transactions().get(e.getKey());
                assertThat(tx.active()).as("transaction %s stopped", e.getKey()).isFalse();
                assertThat(tx.idTag()).isIn(TAGS);
                // the stored energy is the meter difference, and it is what the simulated meter counted
                assertThat(tx.energyWh()).isEqualTo(tx.meterStopWh() - tx.meterStartWh()).isEqualTo(e.getValue().longValue());
                assertThat(tx.energyWh()).isPositive();
                // every register sample lies between the start and stop readings, rising with time
                List<Long> registers = dsl.select(METER_VALUE.MEASURED_VALUE).from(METER_VALUE)
                        .where(METER_VALUE.TRANSACTION_PK.eq((long) e.getKey()))
                        .and(METER_VALUE.MEASURAND.eq("Energy.Active.Import.Register"))
                        .orderBy(METER_VALUE.SAMPLED_AT).fetch(r -> Math.round(Double.parseDouble(r.value1())));
                assertThat(registers).as("meter values of transaction %s", e.getKey()).isNotEmpty()
                        .isSortedAccordingTo(Long::compare)
                        .allSatisfy(wh -> assertThat(wh).isBetween(tx.meterStartWh(), tx.meterStopWh()));
            }
            // what the chargers counted as stopped is all the stack has as stopped
            int stoppedInDb = dsl.fetchCount(CHARGE_TRANSACTION, CHARGE_TRANSACTION.STOP_TIME.isNotNull());
            assertThat(stoppedInDb).isEqualTo(completed.size());
            assertThat(dsl.fetchCount(CHARGE_TRANSACTION)).isLessThanOrEqualTo((int) last.transactionsStarted());

            // statuses: every connector of every charger reported one (ac-22-twin has two connectors)
            var connectors = dsl.select(CHARGE_POINT.CHARGE_POINT_ID, CONNECTOR.CONNECTOR_ID, CONNECTOR.STATUS)
                    .from(CONNECTOR).join(CHARGE_POINT).on(CHARGE_POINT.ID.eq(CONNECTOR.CHARGE_POINT_PK))
                    .where(CONNECTOR.CONNECTOR_ID.gt(0)).fetch();
            assertThat(connectors).hasSize(4).allSatisfy(r -> assertThat(r.value3()).isIn(STATUSES));
            assertThat(dsl.fetchCount(CHARGE_POINT)).isEqualTo(3);
        }
    }
}
