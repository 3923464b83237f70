package io.evstack.app;

import static io.evstack.app.Ocpp201ProvisioningTest.api;
import static io.evstack.db.generated.Tables.CHARGE_TRANSACTION;
import static io.evstack.db.generated.Tables.METER_VALUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.transaction.Transaction;
import io.evstack.csms.transaction.TransactionFilter;
import io.evstack.db.Database;
import io.evstack.db.TestDatabases;
import io.evstack.sim.Simulation;
import io.evstack.sim.Simulator;
import io.evstack.sim.charger.ChargerSnapshot;
import io.evstack.sim.charger.SimulatedCharger;
import io.evstack.sim.model.EvModels;
import io.evstack.sim.model.Vehicle;
import io.evstack.sim.ocpp.OcppProtocol;
import io.evstack.sim.scenario.ChargerGroup;
import io.evstack.sim.scenario.Scenario;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A simulated charger speaking OCPP 2.0.1 against the real stack: it boots, a car arrives and its driver's card is
 * authorized, it charges with TransactionEvents and stops; the CSMS holds the same transaction a 1.6 charger makes
 * (energy = meter difference, samples stored). A TxProfile from the CSMS limits what its meter shows, and a
 * RequestStartTransaction from the operator API starts a transaction.
 */
class SimOcpp201ChargerTest {
    private static final String ID = "S201-001";

    private static ChargerSnapshot.Connector connector(SimulatedCharger c) throws Exception {
        return c.snapshot().get(5, TimeUnit.SECONDS).connector(1);
    }

    private static List<Transaction> transactions(Stack stack) {
        return stack.transactions().list(new TransactionFilter(ID, null, null, null, null, 0, 100));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void ocpp201SimulatedChargerChargesIsLimitedAndStartsRemotely(Database db) throws Exception {
        TestDatabases.reset(db);
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT)) {
            stack.authorization().create("CARD-201", null, null, false, 0, "driver card");
            Scenario scenario = new Scenario("s201", 30, null,
                    List.of(new ChargerGroup("ac-11", 1, "S201-", null, OcppProtocol.OCPP201)), null, List.of(), null);
            try (Simulation sim = Simulator.start(scenario, URI.create("ws://127.0.0.1:" + stack.ocppPort() + "/ocpp"))) {
                SimulatedCharger charger = sim.charger(ID).orElseThrow();
                await().atMost(Duration.ofSeconds(20)).until(() -> charger.snapshot().get(5, TimeUnit.SECONDS)
                        .registration() == ChargerSnapshot.Registration.ACCEPTED && "Available".equals(connector(charger).status()));
                assertThat(stack.chargePoints().get(ID).ocppVersion()).isEqualTo("ocpp2.0.1");

                // a car arrives; its driver presents the card: Authorize, TransactionEvent Started, charging
                Instant now = sim.clock().now();
                charger.plugIn(1, new Vehicle("car", EvModels.get("midsize-60"), 0.2, 0.9, now, now.plus(Duration.ofHours(8)),
                        "CARD-201"));
                await().atMost(Duration.ofSeconds(20)).until(() -> connector(charger).powerW() > 10_000
                        && transactions(stack).stream().anyMatch(Transaction::active));

                // TxProfile of 6 A from the CSMS: 3 phases x 230 V x 6 A = 4140 W at most on the meter
                long pk = transactions(stack).getFirst().id();
                String txId = db.dsl().select(CHARGE_TRANSACTION.CHARGER_TRANSACTION_ID).from(CHARGE_TRANSACTION)
                        .where(CHARGE_TRANSACTION.ID.eq(pk)).fetchOne().value1();
                // A TxProfile for another transaction than the one running on the EVSE is refused (K01).
                String other = api(stack, "POST", "/api/v1/charge-points/" + ID + "/operations201/SetChargingProfile",
                        "{\"evseId\":1,\"chargingProfile\":{\"id\":2,\"stackLevel\":0,\"chargingProfilePurpose\":\"TxProfile\","
                                + "\"transactionId\":\"TX-ENDED-LONG-AGO\","
                                + "\"chargingProfileKind\":\"Relative\",\"chargingSchedule\":[{\"id\":1,\"chargingRateUnit\":\"A\","
                                + "\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":6}]}]}}").get("status").asText();
                assertThat(other).isEqualTo("Rejected");
                assertThat(connector(charger).powerW()).as("not limited by another transaction's profile").isGreaterThan(10_000);
                String set = api(stack, "POST", "/api/v1/charge-points/" + ID + "/operations201/SetChargingProfile",
                        "{\"evseId\":1,\"chargingProfile\":{\"id\":1,\"stackLevel\":0,\"chargingProfilePurpose\":\"TxProfile\","
                                + "\"transactionId\":\"" + txId + "\","
                                + "\"chargingProfileKind\":\"Relative\",\"chargingSchedule\":[{\"id\":1,\"chargingRateUnit\":\"A\","
                                + "\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":6}]}]}}").get("status").asText();
                assertThat(set).isEqualTo("Accepted");
                await().atMost(Duration.ofSeconds(10)).until(() -> connector(charger).powerW() <= 4140.0 + 1e-6);
                var composite = api(stack, "POST", "/api/v1/charge-points/" + ID + "/operations201/GetCompositeSchedule",
                        "{\"evseId\":1,\"duration\":600,\"chargingRateUnit\":\"A\"}");
                assertThat(composite.get("status").asText()).isEqualTo("Accepted");
                assertThat(composite.at("/schedule/chargingSchedulePeriod/0/limit").asDouble()).isEqualTo(6.0);
                for (int i = 0; i < 5; i++) {
                    assertThat(connector(charger).powerW()).isPositive().isLessThanOrEqualTo(4140.0 + 1e-6);
                    Thread.sleep(200);
                }

                // the driver leaves: TransactionEvent Ended; the CSMS has a stopped transaction like a 1.6 one
                Thread.sleep(1500); // some periodic samples (60 simulated s at x30)
                charger.leave(1);
                await().atMost(Duration.ofSeconds(20)).until(() -> transactions(stack).stream().noneMatch(Transaction::active));
                Transaction t = transactions(stack).getFirst();
                assertThat(t.idTag()).isEqualTo("CARD-201");
                assertThat(t.connectorId()).isEqualTo(1);
                assertThat(t.stopReason()).isEqualTo("Local");
                assertThat(t.meterStopWh()).isGreaterThan(t.meterStartWh());
                assertThat(t.energyWh()).isEqualTo(t.meterStopWh() - t.meterStartWh());
                assertThat(db.dsl().fetchCount(METER_VALUE, METER_VALUE.TRANSACTION_PK.eq(t.id()))).isGreaterThan(2);
                await().atMost(Duration.ofSeconds(20)).until(() -> "Available".equals(connector(charger).status()));

                // an operator starts a transaction remotely (F01): the charger accepts and the CSMS sees it start
                var started = api(stack, "POST", "/api/v1/charge-points/" + ID + "/operations201/RequestStartTransaction",
                        "{\"remoteStartId\":7,\"evseId\":1,\"idToken\":{\"idToken\":\"CARD-201\",\"type\":\"Central\"}}");
                assertThat(started.get("status").asText()).isEqualTo("Accepted");
                await().atMost(Duration.ofSeconds(20)).until(() -> transactions(stack).stream().anyMatch(Transaction::active));
            }
        }
    }
}
