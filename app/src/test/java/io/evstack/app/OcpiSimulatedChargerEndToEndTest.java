package io.evstack.app;

import static io.evstack.app.OcpiBridgeEndToEndTest.admin;
import static io.evstack.app.OcpiBridgeEndToEndTest.call;
import static io.evstack.app.OcpiBridgeEndToEndTest.token;
import static io.evstack.app.OcpiCommandsEndToEndTest.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.transaction.Transaction;
import io.evstack.csms.transaction.TransactionFilter;
import io.evstack.db.Database;
import io.evstack.db.TestDatabases;
import io.evstack.sim.Simulation;
import io.evstack.sim.Simulator;
import io.evstack.sim.charger.SimulatedCharger;
import io.evstack.sim.ocpp.OcppProtocol;
import io.evstack.sim.scenario.ChargerGroup;
import io.evstack.sim.scenario.Scenario;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An external eMSP's driver charges at a charger of the simulator (OCPP 1.6, 11 kW AC, its meter following
 * the car's draw), entirely over OCPI 2.2.1: START_SESSION becomes a RemoteStartTransaction the simulated
 * charger accepts, the CommandResult and the live Session reach the eMSP, STOP_SESSION ends it, and the
 * CDR the eMSP receives has the energy the charger's meter values give and the cost the tariff gives.
 */
class OcpiSimulatedChargerEndToEndTest {
    private static final String ID = "SIMO-001";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void anEmspStartsAndStopsASessionOnASimulatedChargerAndGetsItsCdr(Database db) throws Exception {
        TestDatabases.reset(db);
        try (Stack stack = OcpiCommandsEndToEndTest.start(db); TestEmsp emsp = new TestEmsp("NL", "TST")) {
            String tokenC = OcpiCommandsEndToEndTest.register(stack, emsp, "SIMTOK");
            String url = emsp.base + "/2.2.1/commands/";
            var tariff = Map.of("currency", "EUR", "elements", List.of(Map.of("price_components", List.of(
                    Map.of("type", "ENERGY", "price", 0.40, "vat", 20.0, "step_size", 1)))));
            assertThat(call(stack, "PUT", "/ocpi/admin/tariffs/T-SIM", admin(), tariff).code()).isEqualTo(1000);
            assertThat(call(stack, "PUT", "/ocpi/admin/connectors/" + ID + "/1", admin(), Map.of("tariff_id", "T-SIM"))
                    .code()).isEqualTo(1000);

            Scenario scenario = new Scenario("ocpi-sim", 30, null,
                    List.of(new ChargerGroup("ac-11", 1, "SIMO-", null, OcppProtocol.OCPP16)), null, List.of(), null);
            try (Simulation sim = Simulator.start(scenario, URI.create("ws://127.0.0.1:" + stack.ocppPort() + "/ocpp"))) {
                SimulatedCharger charger = sim.charger(ID).orElseThrow();
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        "Available".equals(charger.snapshot().get(5, TimeUnit.SECONDS).connector(1).status())
                        && call(stack, "GET", BASE + "/locations/" + ID + "/" + ID + "-1", token(tokenC), null).code() == 1000);

                // START_SESSION: the charger is asked with RemoteStartTransaction and accepts; the car charges.
                JsonNode response = OcpiCommandsEndToEndTest.command(stack, tokenC, "START_SESSION", Map.of(
                        "response_url", url + "START_SESSION/1", "token", OcpiCommandsEndToEndTest.tok("SIMTOK"),
                        "location_id", ID, "evse_uid", ID + "-1"));
                assertThat(response.path("result").asText()).isEqualTo("ACCEPTED");
                assertThat(OcpiCommandsEndToEndTest.result(emsp, "/START_SESSION/1")).isEqualTo("ACCEPTED");
                await().alias("the charger starts a transaction").atMost(Duration.ofSeconds(30))
                        .until(() -> transactions(stack).stream().anyMatch(Transaction::active));
                await().alias("the car draws power").atMost(Duration.ofSeconds(30)).until(() ->
                        charger.snapshot().get(5, TimeUnit.SECONDS).connector(1).powerW() > 1_000);
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        call(stack, "GET", BASE + "/sessions", token(tokenC), null).json().path("data").size() == 1);
                JsonNode session = call(stack, "GET", BASE + "/sessions", token(tokenC), null).json().path("data").get(0);
                assertThat(session.path("status").asText()).isEqualTo("ACTIVE");
                assertThat(session.path("cdr_token").path("uid").asText()).isEqualTo("SIMTOK");
                assertThat(emsp.received("PUT", "/sessions/")).as("the session pushed to its eMSP").isNotEmpty();

                // some simulated minutes of charging, then STOP_SESSION
                await().atMost(Duration.ofSeconds(30)).until(() -> transactions(stack).getFirst().energyWh() > 500);
                String sessionId = session.path("id").asText();
                OcpiCommandsEndToEndTest.command(stack, tokenC, "STOP_SESSION", Map.of(
                        "response_url", url + "STOP_SESSION/1", "session_id", sessionId));
                assertThat(OcpiCommandsEndToEndTest.result(emsp, "/STOP_SESSION/1")).isEqualTo("ACCEPTED");
                await().atMost(Duration.ofSeconds(30)).until(() -> transactions(stack).stream().noneMatch(Transaction::active));

                // the CDR: once, with the meter's energy and the tariff's price
                await().atMost(Duration.ofSeconds(30)).until(() -> !emsp.received("POST", "/cdrs").isEmpty());
                Transaction t = transactions(stack).getFirst();
                assertThat(t.energyWh()).isEqualTo(t.meterStopWh() - t.meterStartWh()).isPositive();
                JsonNode cdr = emsp.received("POST", "/cdrs").get(0).body();
                BigDecimal kWh = BigDecimal.valueOf(t.energyWh()).movePointLeft(3);
                assertThat(cdr.path("total_energy").decimalValue()).isEqualByComparingTo(kWh);
                BigDecimal exclVat = kWh.multiply(new BigDecimal("0.40")).setScale(2, RoundingMode.HALF_UP);
                assertThat(cdr.path("total_cost").path("excl_vat").decimalValue()).isCloseTo(exclVat, org.assertj.core.data.Offset.offset(new BigDecimal("0.01")));
                assertThat(cdr.path("total_cost").path("incl_vat").decimalValue())
                        .isCloseTo(exclVat.multiply(new BigDecimal("1.20")), org.assertj.core.data.Offset.offset(new BigDecimal("0.02")));
                assertThat(cdr.path("cdr_token").path("uid").asText()).isEqualTo("SIMTOK");
                Thread.sleep(1_000);
                assertThat(emsp.received("POST", "/cdrs")).as("one CDR, once").hasSize(1);
            }
        }
    }

    private static List<Transaction> transactions(Stack stack) {
        return stack.transactions().list(new TransactionFilter(ID, null, null, null, null, 0, 10));
    }
}
