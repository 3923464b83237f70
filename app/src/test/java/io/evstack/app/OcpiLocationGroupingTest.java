package io.evstack.app;

import static io.evstack.app.OcpiBridgeEndToEndTest.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator groups two chargers into one OCPI location (a depot): the eMSP's drivers see one location
 * with both chargers' EVSEs, live statuses included, and no longer a location per charger. The location
 * is rebuilt from its own chargers on every status change (LocationService.chargersOf), by an indexed
 * lookup of the grouping rather than a read of every grouping.
 */
class OcpiLocationGroupingTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void twoChargersGroupedIntoADepotShowAsOneLocationWithLiveStatuses(Database db) throws Exception {
        try (Stack stack = new Stack(TestStacks.config(UnknownChargerPolicy.ACCEPT, Map.of()), Clock.systemUTC(), db).start();
                TestCharger a = TestCharger.connect(stack.ocppPort(), "GRP-CP1", null);
                TestCharger b = TestCharger.connect(stack.ocppPort(), "GRP-CP2", null);
                TestCharger alone = TestCharger.connect(stack.ocppPort(), "GRP-CP3", null)) {
            for (TestCharger cp : List.of(a, b, alone)) {
                cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
                cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
            }
            var depot = Map.of("name", "Depot A", "address", "Hafenstrasse 1", "city", "Berlin", "country", "DEU",
                    "latitude", "52.520000", "longitude", "13.400000", "time_zone", "Europe/Berlin",
                    "charge_point_ids", List.of("GRP-CP1", "GRP-CP2"));
            assertThat(OcpiBridgeEndToEndTest.call(stack, "PUT", "/ocpi/admin/locations/DEPOT-A", admin(), depot).code())
                    .isEqualTo(1000);

            String api = "http://localhost:" + stack.emspServer().port() + "/api/v1/driver";
            String email = "grouping-" + System.nanoTime() + "@example.com";
            OcpiBridgeEndToEndTest.call(stack, "POST", api + "/signup", null,
                    Map.of("email", email, "name", "Gus", "password", "correct horse battery"));
            String bearer = "Bearer " + OcpiBridgeEndToEndTest.call(stack, "POST", api + "/login", null,
                    Map.of("email", email, "password", "correct horse battery")).json().path("token").asText();
            String near = api + "/chargers?lat=52.52&lon=13.40&radiusKm=5";

            // pushed at the bridge's next tick, each location once however many reasons there were to push it
            await().atMost(Duration.ofSeconds(30)).until(() -> evseUids(stack, near, bearer, "DEPOT-A").size() == 2
                    && evseUids(stack, near, bearer, "GRP-CP3").size() == 1);
            assertThat(evseUids(stack, near, bearer, "DEPOT-A")).containsExactlyInAnyOrder("GRP-CP1-1", "GRP-CP2-1");
            assertThat(evseUids(stack, near, bearer, "GRP-CP3")).containsExactly("GRP-CP3-1");

            // A status change of one charger of the depot reaches the depot's EVSE, the other stays as it was.
            b.call("StatusNotification", Map.of("connectorId", 1, "status", "Charging", "errorCode", "NoError"));
            await().atMost(Duration.ofSeconds(30)).until(() -> "CHARGING".equals(status(stack, near, bearer, "DEPOT-A", "GRP-CP2-1")));
            assertThat(status(stack, near, bearer, "DEPOT-A", "GRP-CP1-1")).isEqualTo("AVAILABLE");
        }
    }

    private static List<JsonNode> location(Stack stack, String url, String bearer, String locationId) throws Exception {
        List<JsonNode> evses = new ArrayList<>();
        for (JsonNode c : OcpiBridgeEndToEndTest.call(stack, "GET", url, bearer, null).json()) {
            if (locationId.equals(c.path("locationId").asText())) {
                c.path("evses").forEach(evses::add);
            }
        }
        return evses;
    }

    private static List<String> evseUids(Stack stack, String url, String bearer, String locationId) throws Exception {
        return location(stack, url, bearer, locationId).stream().map(e -> e.path("uid").asText()).toList();
    }

    private static String status(Stack stack, String url, String bearer, String locationId, String uid) throws Exception {
        return location(stack, url, bearer, locationId).stream().filter(e -> uid.equals(e.path("uid").asText()))
                .map(e -> e.path("status").asText()).findFirst().orElse("");
    }
}
