package io.evstack.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.db.Database;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The driver API of the co-located eMSP against the stack's own CPO, over OCPI only: a charger that
 * connects shows up in the driver's charger search with its live status, a card the driver registers is
 * accepted by the CPO, and a card the driver blocks is refused by it.
 */
class EmspDriverApiEndToEndTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aDriversCardAndTheChargersNearbyGoThroughOcpi(Database db) throws Exception {
        try (Stack stack = OcpiBridgeEndToEndTest.start(db)) {
            String emsp = "http://localhost:" + stack.emspServer().port();
            assertThat(call(stack, "POST", emsp + "/api/v1/driver/signup", null, Map.of("email", "ida@example.com",
                    "name", "Ida", "password", "correct horse battery")).status()).isEqualTo(201);
            String bearer = "Bearer " + call(stack, "POST", emsp + "/api/v1/driver/login", null,
                    Map.of("email", "ida@example.com", "password", "correct horse battery")).json().path("token").asText();

            try (TestCharger cp = TestCharger.connect(stack.ocppPort(), "DRV-CP1", null)) {
                cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
                cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
                // Our CPO's default location is in Berlin (OcpiConfig defaults).
                String near = emsp + "/api/v1/driver/chargers?lat=52.52&lon=13.40&radiusKm=2";
                await().atMost(Duration.ofSeconds(30)).until(() -> "AVAILABLE".equals(evseStatus(stack, near, bearer)));
                cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Charging", "errorCode", "NoError"));
                await().atMost(Duration.ofSeconds(30)).until(() -> "CHARGING".equals(evseStatus(stack, near, bearer)));
            }

            var card = call(stack, "POST", emsp + "/api/v1/driver/tokens", bearer, Map.of("uid", "04E2E0001"));
            assertThat(card.status()).isEqualTo(201);
            assertThat(stack.authorization().get("04E2E0001").blocked()).as("the CPO accepts our card").isFalse();
            assertThat(call(stack, "POST", emsp + "/api/v1/driver/tokens/04E2E0001/block", bearer, null).status())
                    .isEqualTo(200);
            assertThat(stack.authorization().get("04E2E0001").blocked()).as("valid=false reached the CPO").isTrue();

            // Two servers, two API documents: neither shadows the other on the one class path.
            assertThat(call(stack, "GET", emsp + "/openapi.json", null, null).json().path("paths")
                    .has("/api/v1/driver/chargers")).isTrue();
            JsonNode operator = call(stack, "GET", "http://localhost:" + stack.httpPort() + "/openapi.json", null, null)
                    .json().path("paths");
            assertThat(operator.has("/api/v1/charge-points")).isTrue();
            assertThat(operator.has("/api/v1/driver/chargers")).isFalse();
        }
    }

    private static String evseStatus(Stack stack, String url, String bearer) throws Exception {
        JsonNode chargers = call(stack, "GET", url, bearer, null).json();
        for (JsonNode c : chargers) {
            for (JsonNode evse : c.path("evses")) {
                if ("DRV-CP1-1".equals(evse.path("uid").asText())) {
                    return evse.path("status").asText();
                }
            }
        }
        return null;
    }

    private static OcpiBridgeEndToEndTest.Res call(Stack stack, String method, String url, String authorization, Object body)
            throws Exception {
        return OcpiBridgeEndToEndTest.call(stack, method, url, authorization, body);
    }
}
