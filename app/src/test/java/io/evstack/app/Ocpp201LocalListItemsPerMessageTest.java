package io.evstack.app;

import static io.evstack.app.Ocpp201ProvisioningTest.api;
import static io.evstack.app.Ocpp201ProvisioningTest.boot;
import static io.evstack.app.Ocpp201ProvisioningTest.connect201;
import static io.evstack.app.TestCharger.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * D01 SendLocalList with a station that does not tell how many entries it takes in one message
 * (LocalAuthListCtrlr.ItemsPerMessage): the operator gets an answer well before the call timeout, and the
 * station never receives more entries in one message than it may take.
 */
class Ocpp201LocalListItemsPerMessageTest {
    /** Far beyond the operator request's own patience below: an answer must not wait for it. */
    private static final String CALL_TIMEOUT_SECONDS = "120";
    private static final Duration OPERATOR_PATIENCE = Duration.ofSeconds(30);
    private static final String THREE_ENTRIES = "{\"versionNumber\":3,\"updateType\":\"Full\",\"localAuthorizationList\":["
            + entry("TAG-1") + "," + entry("TAG-2") + "," + entry("TAG-3") + "]}";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aStationThatDoesNotAnswerGetsNothingAndALateAnswerIsUsedNextTime(Database db) throws Exception {
        var config = TestStacks.config(UnknownChargerPolicy.ACCEPT, Map.of("STACK_CALL_TIMEOUT", CALL_TIMEOUT_SECONDS));
        try (Stack stack = new Stack(config, Clock.systemUTC(), db).start();
                TestCharger cs = connect201(stack, "CS201-IPM")) {
            cs.call("BootNotification", boot());
            cs.answer("SendLocalList", p -> obj().put("status", "Accepted"));
            // GetVariables goes unanswered, as by a station that is stuck or ignores it.

            HttpResponse<String> refused = post(stack, "CS201-IPM", THREE_ENTRIES);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(504);
            assertThat(TestCharger.JSON.readTree(refused.body()).get("error").asText()).contains("ItemsPerMessage")
                    .contains("nothing was sent");
            JsonNode asked = cs.receivedCalls.poll(5, TimeUnit.SECONDS);
            assertThat(asked.get(2).asText()).isEqualTo("GetVariables");
            assertThat(cs.receivedCalls).as("no SendLocalList").isEmpty();

            // The station answers after all, within the call timeout: the CSMS keeps the value...
            ObjectNode result = obj();
            ObjectNode r = result.putArray("getVariableResult").addObject().put("attributeStatus", "Accepted")
                    .put("attributeValue", "2");
            r.putObject("component").put("name", "LocalAuthListCtrlr");
            r.putObject("variable").put("name", "ItemsPerMessage");
            cs.sendText(TestCharger.JSON.writeValueAsString(List.of(3, asked.get(1).asText(), result)));
            await().atMost(Duration.ofSeconds(10)).until(() -> itemsPerMessage(stack, "CS201-IPM"), "2"::equals);

            // ...and the operator's second try goes in messages of at most two entries, without asking again.
            assertThat(api(stack, "POST", "/api/v1/charge-points/CS201-IPM/operations201/SendLocalList", THREE_ENTRIES)
                    .get("status").asText()).isEqualTo("Accepted");
            List<JsonNode> sent = sendLocalLists(cs, 2);
            assertThat(sent.get(0).get("updateType").asText()).isEqualTo("Full");
            assertThat(sent.get(0).get("versionNumber").asInt()).isEqualTo(2);
            assertThat(sent.get(0).get("localAuthorizationList")).hasSize(2);
            assertThat(sent.get(1).get("updateType").asText()).isEqualTo("Differential");
            assertThat(sent.get(1).get("versionNumber").asInt()).isEqualTo(3);
            assertThat(sent.get(1).get("localAuthorizationList")).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aStationThatDoesNotKnowTheVariableGetsOneEntryPerMessage(Database db) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT);
                TestCharger cs = connect201(stack, "CS201-IPX")) {
            cs.call("BootNotification", boot());
            cs.answer("GetVariables", p -> {
                ObjectNode res = obj();
                ObjectNode r = res.putArray("getVariableResult").addObject().put("attributeStatus", "UnknownVariable");
                r.putObject("component").put("name", "LocalAuthListCtrlr");
                r.putObject("variable").put("name", "ItemsPerMessage");
                return res;
            });
            cs.answer("SendLocalList", p -> obj().put("status", "Accepted"));

            assertThat(api(stack, "POST", "/api/v1/charge-points/CS201-IPX/operations201/SendLocalList", THREE_ENTRIES)
                    .get("status").asText()).isEqualTo("Accepted");
            assertThat(cs.receivedCalls.poll(5, TimeUnit.SECONDS).get(2).asText()).isEqualTo("GetVariables");
            List<JsonNode> sent = sendLocalLists(cs, 3);
            for (int i = 0; i < 3; i++) {
                assertThat(sent.get(i).get("versionNumber").asInt()).isEqualTo(i + 1);
                assertThat(sent.get(i).get("updateType").asText()).isEqualTo(i == 0 ? "Full" : "Differential");
                assertThat(sent.get(i).get("localAuthorizationList")).hasSize(1);
            }
            assertThat(api(stack, "GET", "/api/v1/charge-points/CS201-IPX", null).get("localListVersion").asInt())
                    .isEqualTo(3);
        }
    }

    private static String entry(String token) {
        return "{\"idToken\":{\"idToken\":\"" + token + "\",\"type\":\"ISO14443\"},\"idTokenInfo\":{\"status\":\"Accepted\"}}";
    }

    /** The operator's SendLocalList; an operator gives up long before the call timeout, and so does this. */
    private static HttpResponse<String> post(Stack stack, String id, String body) throws Exception {
        var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort() + "/api/v1/charge-points/" + id
                        + "/operations201/SendLocalList"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .timeout(OPERATOR_PATIENCE)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static String itemsPerMessage(Stack stack, String id) throws Exception {
        for (JsonNode v : api(stack, "GET", "/api/v1/charge-points/" + id + "/device-model", null)) {
            if (v.path("component").asText().equals("LocalAuthListCtrlr") && v.path("variable").asText().equals("ItemsPerMessage")) {
                return v.path("value").asText();
            }
        }
        return null;
    }

    /** The next {@code count} CALLs the station received, each a SendLocalList. */
    private static List<JsonNode> sendLocalLists(TestCharger cs, int count) throws InterruptedException {
        List<JsonNode> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JsonNode frame = cs.receivedCalls.poll(5, TimeUnit.SECONDS);
            assertThat(frame).as("SendLocalList " + (i + 1) + " of " + count).isNotNull();
            assertThat(frame.get(2).asText()).isEqualTo("SendLocalList");
            payloads.add(frame.get(3));
        }
        assertThat(cs.receivedCalls).as("no more messages").isEmpty();
        return payloads;
    }
}
