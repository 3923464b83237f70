package io.evstack.sim.charger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evstack.ocpp.rpc.OcppSchemas;
import io.evstack.ocpp.v16.SendLocalListResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The 2.0.1 local authorization list (D01) on the shared {@link LocalAuthorization}: Full replaces, Differential
 * needs a newer version and adds, changes and removes, and the list then decides whom the station lets charge.
 */
class Ocpp201LocalListTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2030-03-04T10:00:00Z");

    private final LocalAuthorization local = new LocalAuthorization();

    private SendLocalListResponse.Status send(String json) throws Exception {
        JsonNode req = JSON.readTree(json);
        assertThat(OcppSchemas.shared().validate("ocpp/schemas/v201/SendLocalListRequest.json", req)).as(json).isEmpty();
        return local.update(Ocpp201Tokens.localList(req), 100);
    }

    private static String entry(String token, String status) {
        return "{\"idToken\":{\"idToken\":\"" + token + "\",\"type\":\"ISO14443\"}"
                + (status == null ? "" : ",\"idTokenInfo\":{\"status\":\"" + status + "\"}") + "}";
    }

    private boolean accepted(String token) {
        return local.accepted(token, NOW, true, false);
    }

    @Test
    void fullReplacesAndDifferentialNeedsANewerVersion() throws Exception {
        assertThat(local.listVersion()).as("no list yet (D02: 0)").isZero();
        assertThat(send("{\"versionNumber\":3,\"updateType\":\"Full\",\"localAuthorizationList\":["
                + entry("A", "Accepted") + "," + entry("B", "Accepted") + "," + entry("X", "Blocked") + "]}"))
                .isEqualTo(SendLocalListResponse.Status.ACCEPTED);
        assertThat(local.listVersion()).isEqualTo(3);
        assertThat(accepted("A")).isTrue();
        assertThat(accepted("X")).as("blocked on the list").isFalse();

        // the same or an older version is out of step: VersionMismatch, nothing changes
        for (int v : new int[] {3, 2}) {
            assertThat(send("{\"versionNumber\":" + v + ",\"updateType\":\"Differential\",\"localAuthorizationList\":["
                    + entry("C", "Accepted") + "]}")).isEqualTo(SendLocalListResponse.Status.VERSION_MISMATCH);
        }
        assertThat(accepted("C")).isFalse();
        assertThat(local.listVersion()).isEqualTo(3);

        // a newer one adds C, blocks A, removes B (no idTokenInfo)
        assertThat(send("{\"versionNumber\":4,\"updateType\":\"Differential\",\"localAuthorizationList\":["
                + entry("C", "Accepted") + "," + entry("A", "Blocked") + "," + entry("B", null) + "]}"))
                .isEqualTo(SendLocalListResponse.Status.ACCEPTED);
        assertThat(local.listVersion()).isEqualTo(4);
        assertThat(accepted("C")).isTrue();
        assertThat(accepted("A")).isFalse();
        assertThat(accepted("B")).isFalse();

        // a Full list with any version replaces everything
        assertThat(send("{\"versionNumber\":1,\"updateType\":\"Full\",\"localAuthorizationList\":[" + entry("D", "Accepted") + "]}"))
                .isEqualTo(SendLocalListResponse.Status.ACCEPTED);
        assertThat(local.listVersion()).isEqualTo(1);
        assertThat(accepted("C")).isFalse();
        assertThat(accepted("D")).isTrue();
    }

    @Test
    void expiryAndGroupOfAnEntryAreKept() throws Exception {
        send("{\"versionNumber\":1,\"updateType\":\"Full\",\"localAuthorizationList\":["
                + "{\"idToken\":{\"idToken\":\"OLD\",\"type\":\"ISO14443\"},\"idTokenInfo\":{\"status\":\"Accepted\","
                + "\"cacheExpiryDateTime\":\"2030-03-04T09:00:00Z\"}},"
                + "{\"idToken\":{\"idToken\":\"KID\",\"type\":\"ISO14443\"},\"idTokenInfo\":{\"status\":\"Accepted\","
                + "\"groupIdToken\":{\"idToken\":\"FAMILY\",\"type\":\"Central\"}}},"
                + "{\"idToken\":{\"idToken\":\"BROKE\",\"type\":\"ISO14443\"},\"idTokenInfo\":{\"status\":\"NoCredit\"}}]}");
        assertThat(accepted("OLD")).as("expired an hour ago").isFalse();
        assertThat(accepted("KID")).isTrue();
        assertThat(accepted("BROKE")).as("NoCredit does not allow charging").isFalse();
        assertThat(local.parentOf("KID")).isEqualTo("FAMILY");

        // a reservation for the group admits the group's cards only
        var reservation = new ConnectorSim.Reservation(1, "PARENT-CARD", "FAMILY", NOW.plusSeconds(600), null);
        assertThat(reservation.admits("KID", local.parentOf("KID"))).isTrue();
        assertThat(reservation.admits("PARENT-CARD", null)).isTrue();
        assertThat(reservation.admits("OLD", local.parentOf("OLD"))).isFalse();
    }
}
