package io.evstack.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which node holds a charger's socket, and since when, is in the database for every connection: for a
 * charger unknown until its boot (recorded at the boot) and for a known charger reconnecting (recorded
 * at the handshake, not once more at its boot); a closed socket clears it.
 */
class ChargerConnectionRecordTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void everyConnectionIsRecordedOnceAndClearedWhenTheSocketCloses(Database db) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT)) {
            String path = "/api/v1/charge-points/CONN-REC";
            String firstAt;
            try (TestCharger cp = TestCharger.connect(stack.ocppPort(), "CONN-REC", null)) {
                cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
                JsonNode first = Ocpp201ProvisioningTest.api(stack, "GET", path, null);
                assertThat(first.path("connectedNode").asText()).as("an unknown charger's connection, recorded at its boot")
                        .isNotBlank();
                firstAt = first.path("connectedAt").asText();
                assertThat(firstAt).isNotBlank();
            }
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    noNode(stack, path));

            Thread.sleep(5); // a later connection has a later start
            try (TestCharger cp = TestCharger.connect(stack.ocppPort(), "CONN-REC", null)) {
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        !noNode(stack, path));
                cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
                cp.call("Heartbeat", Map.of());
                JsonNode second = Ocpp201ProvisioningTest.api(stack, "GET", path, null);
                assertThat(second.path("connectedNode").asText()).isNotBlank();
                assertThat(second.path("connectedAt").asText()).as("the new connection's start").isNotEqualTo(firstAt);
                assertThat(second.path("registrationStatus").asText()).isEqualTo("Accepted");
            }
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    noNode(stack, path));
        }
    }

    private static boolean noNode(Stack stack, String path) throws Exception {
        JsonNode node = Ocpp201ProvisioningTest.api(stack, "GET", path, null).path("connectedNode");
        return node.isNull() || node.isMissingNode();
    }
}
