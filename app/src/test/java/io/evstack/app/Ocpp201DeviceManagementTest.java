package io.evstack.app;

import static io.evstack.app.Ocpp201ProvisioningTest.api;
import static io.evstack.app.Ocpp201ProvisioningTest.boot;
import static io.evstack.app.Ocpp201ProvisioningTest.connect201;
import static io.evstack.app.TestCharger.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import io.evstack.ocpp.OcppVersion;
import io.evstack.ocpp.rpc.MessageTypes;
import io.evstack.ocpp.rpc.OcppSchemas;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OCPP 2.0.1 blocks D (local list), L (firmware), N (diagnostics) and O (display messages) against the
 * real stack: each operation is sent through the operator API, the request the station receives is
 * checked against its OCA schema and for its content, and what the station reports back is checked in
 * what the CSMS recorded and the API shows.
 */
class Ocpp201DeviceManagementTest {
    private static final String ID = "CS201-DM";
    private static final String OPS = "/api/v1/charge-points/" + ID + "/operations201/";
    private static final String CP = "/api/v1/charge-points/" + ID;

    /** The next CALL the station received: it must be this action and valid against its request schema. */
    private static JsonNode received(TestCharger cs, String action) throws Exception {
        JsonNode frame = cs.receivedCalls.poll(5, TimeUnit.SECONDS);
        assertThat(frame).as("a " + action + " CALL").isNotNull();
        assertThat(frame.get(2).asText()).isEqualTo(action);
        var type = MessageTypes.find(OcppVersion.OCPP201, action).orElseThrow();
        assertThat(OcppSchemas.shared().validateRequest(OcppVersion.OCPP201, type, frame.get(3)))
                .as(action + " request " + frame.get(3)).isEmpty();
        return frame.get(3);
    }

    /** The status of a POST that the CSMS must refuse before anything reaches the station. */
    private static int refused(Stack stack, TestCharger cs, String path, String body) throws Exception {
        var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort() + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        var res = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(TestCharger.JSON.readTree(res.body()).has("error")).as(res.body()).isTrue();
        assertThat(cs.receivedCalls).as("nothing sent").isEmpty();
        return res.statusCode();
    }

    private static ObjectNode component(ObjectNode parent, String component, String variable) {
        parent.putObject("component").put("name", component);
        parent.putObject("variable").put("name", variable);
        return parent;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void localListFirmwareDiagnosticsAndDisplayMessages(Database db) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT);
                TestCharger cs = connect201(stack, ID)) {
            cs.call("BootNotification", boot());

            // D01 full list, then D01 differential; the accepted version is the one the API shows. The CSMS first
            // asks how many entries the station takes in one message (LocalAuthListCtrlr.ItemsPerMessage), once.
            cs.answer("GetVariables", p -> {
                ObjectNode res = obj();
                component(res.putArray("getVariableResult").addObject().put("attributeStatus", "Accepted")
                        .put("attributeValue", "2"), "LocalAuthListCtrlr", "ItemsPerMessage");
                return res;
            });
            cs.answer("SendLocalList", p -> obj().put("status", "Accepted"));
            assertThat(api(stack, "POST", OPS + "SendLocalList", "{\"versionNumber\":3,\"updateType\":\"Full\","
                    + "\"localAuthorizationList\":[{\"idToken\":{\"idToken\":\"TAG-A\",\"type\":\"ISO14443\"},"
                    + "\"idTokenInfo\":{\"status\":\"Accepted\"}},{\"idToken\":{\"idToken\":\"TAG-B\",\"type\":\"ISO14443\"},"
                    + "\"idTokenInfo\":{\"status\":\"Blocked\"}}]}").get("status").asText()).isEqualTo("Accepted");
            assertThat(received(cs, "GetVariables").at("/getVariableData/0/variable/name").asText()).isEqualTo("ItemsPerMessage");
            JsonNode full = received(cs, "SendLocalList");
            assertThat(full.get("updateType").asText()).isEqualTo("Full");
            assertThat(full.at("/localAuthorizationList/1/idTokenInfo/status").asText()).isEqualTo("Blocked");
            assertThat(api(stack, "GET", CP, null).get("localListVersion").asInt()).isEqualTo(3);

            // D01.FR.05/D01.FR.06: in a differential update an entry without idTokenInfo is removed.
            assertThat(api(stack, "POST", OPS + "SendLocalList", "{\"versionNumber\":4,\"updateType\":\"Differential\","
                    + "\"localAuthorizationList\":[{\"idToken\":{\"idToken\":\"TAG-B\",\"type\":\"ISO14443\"}}]}")
                    .get("status").asText()).isEqualTo("Accepted");
            JsonNode diff = received(cs, "SendLocalList");
            assertThat(diff.get("updateType").asText()).isEqualTo("Differential");
            assertThat(diff.at("/localAuthorizationList/0/idTokenInfo").isMissingNode()).isTrue();
            assertThat(api(stack, "GET", CP, null).get("localListVersion").asInt()).isEqualTo(4);

            // D01: a Differential update only with a version above the station's (4 now); 0 never.
            assertThat(refused(stack, cs, OPS + "SendLocalList", "{\"versionNumber\":4,\"updateType\":\"Differential\","
                    + "\"localAuthorizationList\":[{\"idToken\":{\"idToken\":\"TAG-C\",\"type\":\"ISO14443\"}}]}"))
                    .isEqualTo(409);
            assertThat(refused(stack, cs, OPS + "SendLocalList", "{\"versionNumber\":0,\"updateType\":\"Full\"}"))
                    .isEqualTo(400);

            // VersionMismatch all the same (the station's list is out of step): the CSMS asks the station's version
            // (D02), then a Full list follows, every id token the CSMS knows as it would authorize it now, above
            // all versions; the API answers its status.
            stack.authorization().create("TAG-K", null, null, false, 1, null);
            stack.authorization().create("TAG-X", null, null, true, 1, null);
            cs.answer("SendLocalList", p -> obj().put("status",
                    p.get("updateType").asText().equals("Full") ? "Accepted" : "VersionMismatch"));
            cs.answer("GetLocalListVersion", p -> obj().put("versionNumber", 4));
            assertThat(api(stack, "POST", OPS + "SendLocalList", "{\"versionNumber\":6,\"updateType\":\"Differential\","
                    + "\"localAuthorizationList\":[{\"idToken\":{\"idToken\":\"TAG-K\",\"type\":\"eMAID\"},"
                    + "\"idTokenInfo\":{\"status\":\"Accepted\"}}]}").get("status").asText()).isEqualTo("Accepted");
            assertThat(received(cs, "SendLocalList").get("updateType").asText()).isEqualTo("Differential");
            received(cs, "GetLocalListVersion");
            JsonNode fallback = received(cs, "SendLocalList");
            assertThat(fallback.get("updateType").asText()).isEqualTo("Full");
            assertThat(fallback.get("versionNumber").asInt()).isEqualTo(7);
            assertThat(fallback.get("localAuthorizationList")).hasSize(2);
            for (JsonNode entry : fallback.get("localAuthorizationList")) {
                String token = entry.at("/idToken/idToken").asText();
                assertThat(entry.at("/idToken/type").asText()).isEqualTo(token.equals("TAG-K") ? "eMAID" : "ISO14443");
                assertThat(entry.at("/idTokenInfo/status").asText()).isEqualTo(token.equals("TAG-K") ? "Accepted" : "Blocked");
            }
            assertThat(api(stack, "GET", CP, null).get("localListVersion").asInt()).isEqualTo(7);

            // Refused before sending: a token listed twice, a Full entry that could only mean "remove".
            assertThat(refused(stack, cs, OPS + "SendLocalList", "{\"versionNumber\":8,\"updateType\":\"Differential\","
                    + "\"localAuthorizationList\":[{\"idToken\":{\"idToken\":\"TAG-C\",\"type\":\"ISO14443\"}},"
                    + "{\"idToken\":{\"idToken\":\"TAG-C\",\"type\":\"ISO14443\"}}]}")).isEqualTo(400);
            assertThat(refused(stack, cs, OPS + "SendLocalList", "{\"versionNumber\":7,\"updateType\":\"Full\","
                    + "\"localAuthorizationList\":[{\"idToken\":{\"idToken\":\"TAG-C\",\"type\":\"ISO14443\"}}]}"))
                    .isEqualTo(400);

            // D02: the station's own version number is what the CSMS records.
            cs.answer("GetLocalListVersion", p -> obj().put("versionNumber", 5));
            assertThat(api(stack, "POST", OPS + "GetLocalListVersion", "{}").get("versionNumber").asInt()).isEqualTo(5);
            received(cs, "GetLocalListVersion");
            assertThat(api(stack, "GET", CP, null).get("localListVersion").asInt()).isEqualTo(5);

            // L01: a signed firmware update, then the station's progress in the status history.
            cs.answer("UpdateFirmware", p -> obj().put("status", "Accepted"));
            String retrieve = Instant.now().toString();
            assertThat(api(stack, "POST", OPS + "UpdateFirmware", "{\"requestId\":71,\"retries\":2,\"retryInterval\":30,"
                    + "\"firmware\":{\"location\":\"https://fw.example.com/dc150-2.1.bin\",\"retrieveDateTime\":\""
                    + retrieve + "\",\"signingCertificate\":\"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\","
                    + "\"signature\":\"MEUCIQDsig\"}}").get("status").asText()).isEqualTo("Accepted");
            JsonNode update = received(cs, "UpdateFirmware");
            assertThat(update.get("requestId").asInt()).isEqualTo(71);
            assertThat(update.at("/firmware/location").asText()).isEqualTo("https://fw.example.com/dc150-2.1.bin");
            assertThat(update.at("/firmware/signature").asText()).isEqualTo("MEUCIQDsig");
            for (String status : new String[] {"Downloading", "Downloaded", "SignatureVerified", "Installing", "Installed"}) {
                cs.call("FirmwareStatusNotification", obj().put("status", status).put("requestId", 71));
            }
            JsonNode cp = api(stack, "GET", CP, null);
            assertThat(cp.get("firmwareStatus").asText()).isEqualTo("Installed");
            JsonNode history = api(stack, "GET", CP + "/status-history", null);
            assertThat(history).hasSize(5);
            assertThat(history.get(0).get("kind").asText()).isEqualTo("SignedFirmware");
            assertThat(history.get(0).get("status").asText()).isEqualTo("Installed");
            assertThat(history.get(0).get("requestId").asInt()).isEqualTo(71);
            assertThat(history.get(4).get("status").asText()).isEqualTo("Downloading");

            // L03/L04: publishing firmware on a local controller, its status notification kept, then unpublished.
            cs.answer("PublishFirmware", p -> obj().put("status", "Accepted"));
            String checksum = "0123456789abcdef0123456789abcdef";
            assertThat(api(stack, "POST", OPS + "PublishFirmware", "{\"location\":\"https://fw.example.com/lc.bin\","
                    + "\"checksum\":\"" + checksum + "\",\"requestId\":72}").get("status").asText()).isEqualTo("Accepted");
            assertThat(received(cs, "PublishFirmware").get("checksum").asText()).isEqualTo(checksum);
            var published = obj().put("status", "Published").put("requestId", 72);
            published.putArray("location").add("http://192.168.1.10/lc.bin").add("ftp://192.168.1.10/lc.bin");
            cs.call("PublishFirmwareStatusNotification", published);
            JsonNode publishReports = api(stack, "GET", CP + "/reports?kind=PublishFirmwareStatusNotification", null);
            assertThat(publishReports).hasSize(1);
            assertThat(publishReports.get(0).get("requestId").asInt()).isEqualTo(72);
            assertThat(publishReports.get(0).get("payload").asText()).contains("http://192.168.1.10/lc.bin");
            cs.answer("UnpublishFirmware", p -> obj().put("status", "Unpublished"));
            assertThat(api(stack, "POST", OPS + "UnpublishFirmware", "{\"checksum\":\"" + checksum + "\"}")
                    .get("status").asText()).isEqualTo("Unpublished");
            assertThat(received(cs, "UnpublishFirmware").get("checksum").asText()).isEqualTo(checksum);

            // N01: a log upload, its progress kept as Log status reports.
            cs.answer("GetLog", p -> obj().put("status", "Accepted").put("filename", "diag-73.zip"));
            JsonNode log = api(stack, "POST", OPS + "GetLog", "{\"logType\":\"DiagnosticsLog\",\"requestId\":73,"
                    + "\"log\":{\"remoteLocation\":\"ftp://logs.example.com/upload\"}}");
            assertThat(log.get("filename").asText()).isEqualTo("diag-73.zip");
            assertThat(received(cs, "GetLog").at("/log/remoteLocation").asText()).isEqualTo("ftp://logs.example.com/upload");
            cs.call("LogStatusNotification", obj().put("status", "Uploading").put("requestId", 73));
            cs.call("LogStatusNotification", obj().put("status", "Uploaded").put("requestId", 73));
            assertThat(api(stack, "GET", CP, null).get("diagnosticsStatus").asText()).isEqualTo("Uploaded");
            JsonNode logHistory = api(stack, "GET", CP + "/status-history", null);
            assertThat(logHistory.get(0).get("kind").asText()).isEqualTo("Log");
            assertThat(logHistory.get(0).get("requestId").asInt()).isEqualTo(73);

            // N04/N02: a monitor set, the monitoring report asked for and stored, then an event it raised.
            cs.answer("SetVariableMonitoring", p -> {
                var res = obj();
                component(res.putArray("setMonitoringResult").addObject(), "EVSE", "Power")
                        .put("id", 11).put("status", "Accepted").put("type", "UpperThreshold").put("severity", 4);
                return res;
            });
            var monitor = obj();
            component(monitor.putArray("setMonitoringData").addObject(), "EVSE", "Power")
                    .put("value", 150000).put("type", "UpperThreshold").put("severity", 4);
            JsonNode setMonitoring = api(stack, "POST", OPS + "SetVariableMonitoring", monitor.toString());
            assertThat(setMonitoring.at("/setMonitoringResult/0/id").asInt()).isEqualTo(11);
            assertThat(received(cs, "SetVariableMonitoring").at("/setMonitoringData/0/value").asDouble()).isEqualTo(150000);

            cs.answer("GetMonitoringReport", p -> obj().put("status", "Accepted"));
            assertThat(api(stack, "POST", OPS + "GetMonitoringReport", "{\"requestId\":74,\"monitoringCriteria\":"
                    + "[\"ThresholdMonitoring\"]}").get("status").asText()).isEqualTo("Accepted");
            assertThat(received(cs, "GetMonitoringReport").get("requestId").asInt()).isEqualTo(74);
            var report = obj().put("requestId", 74).put("seqNo", 0).put("generatedAt", Instant.now().toString());
            component(report.putArray("monitor").addObject(), "EVSE", "Power").putArray("variableMonitoring").addObject()
                    .put("id", 11).put("transaction", false).put("value", 150000).put("type", "UpperThreshold")
                    .put("severity", 4);
            cs.call("NotifyMonitoringReport", report);
            JsonNode monitoringReports = api(stack, "GET", CP + "/reports?kind=NotifyMonitoringReport", null);
            assertThat(monitoringReports).hasSize(1);
            assertThat(monitoringReports.get(0).get("requestId").asInt()).isEqualTo(74);
            assertThat(TestCharger.JSON.readTree(monitoringReports.get(0).get("payload").asText())
                    .at("/monitor/0/variableMonitoring/0/id").asInt()).isEqualTo(11);

            var event = obj().put("generatedAt", Instant.now().toString()).put("seqNo", 0);
            component(event.putArray("eventData").addObject(), "EVSE", "Power").put("eventId", 1)
                    .put("timestamp", Instant.now().toString()).put("trigger", "Alerting").put("actualValue", "151000")
                    .put("eventNotificationType", "CustomMonitor").put("variableMonitoringId", 11);
            cs.call("NotifyEvent", event);
            JsonNode events = api(stack, "GET", CP + "/reports?kind=NotifyEvent", null);
            assertThat(events).hasSize(1);
            assertThat(TestCharger.JSON.readTree(events.get(0).get("payload").asText()).at("/eventData/0/actualValue")
                    .asText()).isEqualTo("151000");

            // N09/N10: a request that names no customer, or two ways at once, is refused.
            assertThat(refused(stack, cs, OPS + "CustomerInformation", "{\"requestId\":75,\"report\":true,\"clear\":false}"))
                    .isEqualTo(400);
            assertThat(refused(stack, cs, OPS + "CustomerInformation", "{\"requestId\":75,\"report\":false,\"clear\":true,"
                    + "\"customerIdentifier\":\"C-1\",\"idToken\":{\"idToken\":\"TAG-A\",\"type\":\"ISO14443\"}}"))
                    .isEqualTo(400);

            // N09: customer information reported in two parts, each kept under the request's id.
            cs.answer("CustomerInformation", p -> obj().put("status", "Accepted"));
            assertThat(api(stack, "POST", OPS + "CustomerInformation", "{\"requestId\":75,\"report\":true,\"clear\":false,"
                    + "\"idToken\":{\"idToken\":\"TAG-A\",\"type\":\"ISO14443\"}}").get("status").asText()).isEqualTo("Accepted");
            assertThat(received(cs, "CustomerInformation").at("/idToken/idToken").asText()).isEqualTo("TAG-A");
            cs.call("NotifyCustomerInformation", obj().put("data", "TAG-A: 12 sessions").put("tbc", true).put("seqNo", 0)
                    .put("generatedAt", Instant.now().toString()).put("requestId", 75));
            cs.call("NotifyCustomerInformation", obj().put("data", "last 2026-11-20").put("seqNo", 1)
                    .put("generatedAt", Instant.now().toString()).put("requestId", 75));
            JsonNode customer = api(stack, "GET", CP + "/reports?kind=NotifyCustomerInformation", null);
            assertThat(customer).hasSize(2);
            assertThat(customer).allMatch(r -> r.get("requestId").asInt() == 75);

            // O01, O02/O03, O05: a message set, the station's messages asked for and kept, then cleared.
            cs.answer("SetDisplayMessage", p -> obj().put("status", "Accepted"));
            assertThat(api(stack, "POST", OPS + "SetDisplayMessage", "{\"message\":{\"id\":5,\"priority\":\"InFront\","
                    + "\"message\":{\"format\":\"UTF8\",\"language\":\"en\",\"content\":\"Free charging today\"}}}")
                    .get("status").asText()).isEqualTo("Accepted");
            assertThat(received(cs, "SetDisplayMessage").at("/message/message/content").asText())
                    .isEqualTo("Free charging today");
            cs.answer("GetDisplayMessages", p -> obj().put("status", "Accepted"));
            assertThat(api(stack, "POST", OPS + "GetDisplayMessages", "{\"requestId\":76}").get("status").asText())
                    .isEqualTo("Accepted");
            assertThat(received(cs, "GetDisplayMessages").get("requestId").asInt()).isEqualTo(76);
            var messages = obj().put("requestId", 76);
            messages.putArray("messageInfo").addObject().put("id", 5).put("priority", "InFront").putObject("message")
                    .put("format", "UTF8").put("content", "Free charging today");
            cs.call("NotifyDisplayMessages", messages);
            JsonNode shown = api(stack, "GET", CP + "/reports?kind=NotifyDisplayMessages", null);
            assertThat(shown).hasSize(1);
            assertThat(shown.get(0).get("requestId").asInt()).isEqualTo(76);
            assertThat(shown.get(0).get("payload").asText()).contains("Free charging today");
            cs.answer("ClearDisplayMessage", p -> obj().put("status", "Accepted"));
            assertThat(api(stack, "POST", OPS + "ClearDisplayMessage", "{\"id\":5}").get("status").asText())
                    .isEqualTo("Accepted");
            assertThat(received(cs, "ClearDisplayMessage").get("id").asInt()).isEqualTo(5);
        }
    }
}
