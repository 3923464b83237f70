package io.evstack.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.evstack.db.Database;
import io.evstack.sim.scenario.ScenarioLoader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code ./stack demo} sets up before its chargers connect: the demo tariffs on every demo connector,
 * through the bridge's admin API, so the README's driver API walk-through shows prices rather than 0.00.
 */
class DemoTariffsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void theDemoChargersShowTheirPricesInTheDriverApi(Database db) throws Exception {
        try (Stack stack = OcpiBridgeEndToEndTest.start(db)) {
            var depot = new ScenarioLoader().load("demo-depot");
            Launcher.seedDemoData(stack, depot);
            new DemoTariffs("http://127.0.0.1:" + stack.ocpi().port(), "admin", "test-admin-password").apply(depot);

            String api = "http://localhost:" + stack.emspServer().port() + "/api/v1/driver";
            assertThat(call(stack, "POST", api + "/signup", null, Map.of("email", "demo-price@example.com", "name", "Dee",
                    "password", "correct horse battery")).status()).isEqualTo(201);
            String bearer = "Bearer " + call(stack, "POST", api + "/login", null,
                    Map.of("email", "demo-price@example.com", "password", "correct horse battery")).json().path("token").asText();
            String near = api + "/chargers?lat=52.52&lon=13.40&radiusKm=2";

            try (TestCharger dc = TestCharger.connect(stack.ocppPort(), "DEMO-DC150-001", "demo-charger-secret");
                    TestCharger ac = TestCharger.connect(stack.ocppPort(), "DEMO-AC11-001", "demo-charger-secret")) {
                for (TestCharger cp : new TestCharger[] {dc, ac}) {
                    cp.call("BootNotification", Map.of("chargePointVendor", "EVstackSim", "chargePointModel", "M"));
                    cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
                }
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        connector(stack, near, bearer, "DEMO-DC150-001-1").path("driverPrice").isObject()
                                && connector(stack, near, bearer, "DEMO-AC11-001-1").path("driverPrice").isObject());
            }

            // DC: 150 kW CCS; 0.59 per kWh and, after an hour, 6.00 an hour parking; pay-as-you-go adds 20 %.
            JsonNode fast = connector(stack, near, bearer, "DEMO-DC150-001-1");
            assertThat(fast.path("powerType").asText()).isEqualTo("DC");
            assertThat(fast.path("maxPowerKw").decimalValue()).isEqualByComparingTo("150");
            JsonNode dcPrices = fast.path("driverPrice").path("components");
            assertThat(dcPrices.get(0).path("dimension").asText()).isEqualTo("ENERGY");
            assertThat(dcPrices.get(0).path("exclVat").decimalValue()).isEqualByComparingTo("0.708");
            assertThat(dcPrices.findValuesAsText("dimension")).contains("PARKING_TIME");
            assertThat(fast.path("driverPrice").path("vatPercent").decimalValue()).isPositive();

            // AC: 11 kW three-phase Type 2 at 0.39 per kWh, 0.468 with the markup.
            JsonNode slow = connector(stack, near, bearer, "DEMO-AC11-001-1");
            assertThat(slow.path("powerType").asText()).isEqualTo("AC_3_PHASE");
            assertThat(slow.path("maxPowerKw").decimalValue()).isEqualByComparingTo("11.04");
            assertThat(slow.path("driverPrice").path("components").get(0).path("exclVat").decimalValue())
                    .isEqualByComparingTo("0.468");
        }
    }

    private static JsonNode connector(Stack stack, String url, String bearer, String evseUid) throws Exception {
        for (JsonNode c : call(stack, "GET", url, bearer, null).json()) {
            for (JsonNode evse : c.path("evses")) {
                if (evseUid.equals(evse.path("uid").asText())) {
                    return evse.path("connectors").path(0);
                }
            }
        }
        return MissingNode.getInstance();
    }

    private static OcpiBridgeEndToEndTest.Res call(Stack stack, String method, String url, String authorization, Object body)
            throws Exception {
        return OcpiBridgeEndToEndTest.call(stack, method, url, authorization, body);
    }
}
