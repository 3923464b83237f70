package io.evstack.app;

import static io.evstack.app.OcpiBridgeEndToEndTest.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A connector a charger reports after its boot reaches the eMSP whole, by push alone (OCPI 2.2.1 section
 * 8.2.2.2: a new EVSE comes in a PUT of its whole location, which the receiver may not know yet either): the
 * driver's charger search shows its connector, power and price at once, not after the next pull. The eMSP here never pulls after its
 * registration (STACK_EMSP_PULL_INTERVAL=0), which happens before the charger exists.
 */
class OcpiNewEvsePushTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aConnectorFirstReportedAfterBootShowsWithItsPowerAndPriceWithoutAPull(Database db) throws Exception {
        try (Stack stack = start(db)) {
            String api = "http://localhost:" + stack.emspServer().port() + "/api/v1/driver";
            String email = "newevse-" + System.nanoTime() + "@example.com";
            assertThat(call(stack, "POST", api + "/signup", null, Map.of("email", email, "name", "Nia",
                    "password", "correct horse battery")).status()).isEqualTo(201);
            String bearer = "Bearer " + call(stack, "POST", api + "/login", null,
                    Map.of("email", email, "password", "correct horse battery")).json().path("token").asText();
            String near = api + "/chargers?lat=52.52&lon=13.40&radiusKm=2";

            try (TestCharger cp = TestCharger.connect(stack.ocppPort(), "NEW-CP1", null)) {
                cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
                cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
                await().atMost(Duration.ofSeconds(30)).until(() -> connector(stack, near, bearer, "NEW-CP1-1").isObject());
                JsonNode first = evse(stack, near, bearer, "NEW-CP1-1");
                assertThat(first.path("status").asText()).isEqualTo("AVAILABLE");
                assertThat(first.path("connectors").get(0).path("maxPowerKw").decimalValue())
                        .as("the default 22 kW Type 2 socket").isEqualByComparingTo("22.08");

                // The operator prices connector 2 before the charger ever reports it: 0.39 EUR/kWh, 21 % VAT.
                var tariff = Map.of("currency", "EUR", "elements", List.of(Map.of("price_components", List.of(
                        Map.of("type", "ENERGY", "price", 0.39, "vat", 21.0, "step_size", 1)))));
                assertThat(call(stack, "PUT", "/ocpi/admin/tariffs/T-NEW-AC", admin(), tariff).code()).isEqualTo(1000);
                assertThat(call(stack, "PUT", "/ocpi/admin/connectors/NEW-CP1/2", admin(),
                        Map.of("tariff_id", "T-NEW-AC", "max_electric_power", 11000)).code()).isEqualTo(1000);

                // Its first status: a PUT of the whole EVSE, then a status change: a PATCH that keeps the connector.
                cp.call("StatusNotification", Map.of("connectorId", 2, "status", "Available", "errorCode", "NoError"));
                cp.call("StatusNotification", Map.of("connectorId", 2, "status", "Charging", "errorCode", "NoError"));
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        "CHARGING".equals(evse(stack, near, bearer, "NEW-CP1-2").path("status").asText()));
                JsonNode second = evse(stack, near, bearer, "NEW-CP1-2");
                JsonNode c2 = second.path("connectors").get(0);
                assertThat(c2.path("standard").asText()).isEqualTo("IEC_62196_T2");
                assertThat(c2.path("maxPowerKw").decimalValue()).isEqualByComparingTo("11");
                assertThat(c2.path("cpoTariffs").get(0).path("id").asText()).isEqualTo("T-NEW-AC");
                // pay-as-you-go: 20 % markup on the CPO's 0.39 per kWh excl. VAT
                JsonNode price = c2.path("driverPrice").path("components").get(0);
                assertThat(price.path("dimension").asText()).isEqualTo("ENERGY");
                assertThat(price.path("exclVat").decimalValue()).isEqualByComparingTo("0.468");
                assertThat(evse(stack, near, bearer, "NEW-CP1-1").path("connectors").get(0).isObject())
                        .as("connector 1 kept").isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void anOcpp201EvseReportedAfterBootShowsWithItsConnectorWithoutAPull(Database db) throws Exception {
        try (Stack stack = start(db); TestCharger cs = Ocpp201ProvisioningTest.connect201(stack, "NEW-201")) {
            String api = "http://localhost:" + stack.emspServer().port() + "/api/v1/driver";
            String email = "newevse201-" + System.nanoTime() + "@example.com";
            assertThat(call(stack, "POST", api + "/signup", null, Map.of("email", email, "name", "Ola",
                    "password", "correct horse battery")).status()).isEqualTo(201);
            String bearer = "Bearer " + call(stack, "POST", api + "/login", null,
                    Map.of("email", email, "password", "correct horse battery")).json().path("token").asText();
            String near = api + "/chargers?lat=52.52&lon=13.40&radiusKm=2";

            assertThat(cs.call("BootNotification", Ocpp201ProvisioningTest.boot()).path("status").asText()).isEqualTo("Accepted");
            for (int evse = 1; evse <= 2; evse++) {
                cs.call("StatusNotification", TestCharger.obj().put("timestamp", Instant.now().toString())
                        .put("connectorStatus", "Available").put("evseId", evse).put("connectorId", 1));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> connector(stack, near, bearer, "NEW-201-1").isObject()
                    && connector(stack, near, bearer, "NEW-201-2").isObject());
            assertThat(evse(stack, near, bearer, "NEW-201-2").path("status").asText()).isEqualTo("AVAILABLE");
            assertThat(connector(stack, near, bearer, "NEW-201-2").path("maxPowerKw").decimalValue()).isPositive();
        }
    }

    /**
     * A party that registered after a location existed, and has not pulled it yet, does not know it: a PUT of
     * a new EVSE alone ({@code /locations/cc/pid/loc/evse}) would be refused by any receiver that follows the
     * specification (2003, unknown location). The first push of a new EVSE is its whole location, so the
     * party gets the location with both EVSEs, and later changes of the EVSE as PATCHes below it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aPartyThatRegisteredAfterTheLocationGetsTheWholeLocationWithANewEvse(Database db) throws Exception {
        try (Stack stack = start(db); TestCharger cp = TestCharger.connect(stack.ocppPort(), "LATE-CP", null)) {
            cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
            cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
            assertThat(stack.events().drain(Duration.ofSeconds(10))).isTrue();

            try (TestEmsp late = new TestEmsp("NL", "TST")) {
                OcpiCommandsEndToEndTest.register(stack, late, "LATE-TOKEN");
                cp.call("StatusNotification", Map.of("connectorId", 2, "status", "Available", "errorCode", "NoError"));
                await().atMost(Duration.ofSeconds(30)).until(() -> !late.received("PUT", "/locations/DE/EVS/LATE-CP").isEmpty());
                var first = late.received.stream().filter(r -> r.path().contains("/locations/")).findFirst().orElseThrow();
                assertThat(first.method() + " " + first.path()).as("the first push of the location")
                        .isEqualTo("PUT /emsp/2.2.1/locations/DE/EVS/LATE-CP");
                assertThat(first.body().path("evses").findValuesAsText("uid")).containsExactly("LATE-CP-1", "LATE-CP-2");
                assertThat(first.body().at("/evses/1/connectors/0/standard").asText()).isEqualTo("IEC_62196_T2");

                cp.call("StatusNotification", Map.of("connectorId", 2, "status", "Charging", "errorCode", "NoError"));
                await().atMost(Duration.ofSeconds(30)).until(() -> late.received("PATCH", "/locations/DE/EVS/LATE-CP/LATE-CP-2")
                        .stream().anyMatch(r -> "CHARGING".equals(r.body().path("status").asText())));
                assertThat(late.received("PUT", "/locations/DE/EVS/LATE-CP/")).as("no EVSE PUT alone").isEmpty();
            }
        }
    }

    private static Stack start(Database db) {
        return new Stack(TestStacks.config(UnknownChargerPolicy.ACCEPT, Map.of("STACK_EMSP_PULL_INTERVAL", "0")), Clock.systemUTC(), db)
                .start();
    }

    private static JsonNode evse(Stack stack, String url, String bearer, String uid) throws Exception {
        for (JsonNode c : call(stack, "GET", url, bearer, null).json()) {
            for (JsonNode evse : c.path("evses")) {
                if (uid.equals(evse.path("uid").asText())) {
                    return evse;
                }
            }
        }
        return MissingNode.getInstance();
    }

    private static JsonNode connector(Stack stack, String url, String bearer, String uid) throws Exception {
        return evse(stack, url, bearer, uid).path("connectors").path(0);
    }

    private static OcpiBridgeEndToEndTest.Res call(Stack stack, String method, String url, String authorization, Object body)
            throws Exception {
        return OcpiBridgeEndToEndTest.call(stack, method, url, authorization, body);
    }
}
