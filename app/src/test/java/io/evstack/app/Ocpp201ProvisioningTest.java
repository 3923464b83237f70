package io.evstack.app;

import static io.evstack.app.TestCharger.obj;
import static io.evstack.db.generated.Tables.CHARGE_POINT;
import static io.evstack.db.generated.Tables.CONNECTOR;
import static io.evstack.db.generated.Tables.DEVICE_VARIABLE;
import static io.evstack.db.generated.Tables.EVSE_CONNECTOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import io.evstack.ocpp.v201.*;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** OCPP 2.0.1 block B (and G's StatusNotification) against the real stack, with a raw 2.0.1 client. */
class Ocpp201ProvisioningTest {

    static TestCharger connect201(Stack stack, String id) throws InterruptedException {
        TestCharger c = TestCharger.connect(stack.ocppPort(), "/ocpp/" + id, id, null, List.of("ocpp2.0.1"));
        assertThat(c.subprotocol()).isEqualTo("ocpp2.0.1");
        return c;
    }

    static ObjectNode boot() {
        ObjectNode b = obj().put("reason", "PowerUp");
        b.putObject("chargingStation").put("vendorName", "Acme").put("model", "DC 150").put("firmwareVersion", "2.0.1-a")
                .put("serialNumber", "SN-1");
        return b;
    }

    static String errorCode(JsonNode frame) {
        assertThat(frame.get(0).asInt()).as("CALLERROR expected: " + frame).isEqualTo(4);
        return frame.get(2).asText();
    }

    static JsonNode api(Stack stack, String method, String path, String body) throws Exception {
        var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort() + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(20)).build();
        var res = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return TestCharger.JSON.readTree(res.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void pendingStationIsProvisionedThroughItsDeviceModelThenAccepted(Database db) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.PENDING);
                TestCharger cs = connect201(stack, "CS201-P")) {
            JsonNode boot = cs.call("BootNotification", boot());
            assertThat(boot.get("status").asText()).isEqualTo("Pending");
            assertThat(boot.get("currentTime").asText()).endsWith("Z");
            var row = db.dsl().selectFrom(CHARGE_POINT).where(CHARGE_POINT.CHARGE_POINT_ID.eq("CS201-P")).fetchOne();
            assertThat(row.getOcppVersion()).isEqualTo("ocpp2.0.1");
            assertThat(row.getVendor()).isEqualTo("Acme");
            assertThat(row.getSerialNumber()).isEqualTo("SN-1");

            // B02: while Pending only BootNotification (and what the CSMS asks for) is allowed.
            assertThat(errorCode(cs.callFrame("Heartbeat", obj()))).isEqualTo("SecurityError");
            assertThat(errorCode(cs.callFrame("StatusNotification", obj().put("timestamp", Instant.now().toString())
                    .put("connectorStatus", "Available").put("evseId", 1).put("connectorId", 1)))).isEqualTo("SecurityError");

            // B07: the CSMS asks for the base report during Pending; the station reports in two parts.
            cs.answer("GetBaseReport", p -> obj().put("status", "Accepted"));
            var answer = stack.operations201().call("CS201-P", "GetBaseReport",
                    new GetBaseReportRequest().withRequestId(7).withReportBase(ReportBaseEnum.FULL_INVENTORY),
                    GetBaseReportResponse.class).get(10, TimeUnit.SECONDS);
            assertThat(answer.getStatus()).isEqualTo(GenericDeviceModelStatusEnum.ACCEPTED);
            ObjectNode part1 = obj().put("requestId", 7).put("generatedAt", Instant.now().toString()).put("seqNo", 0)
                    .put("tbc", true);
            var d = part1.putArray("reportData").addObject();
            d.putObject("component").put("name", "OCPPCommCtrlr");
            d.putObject("variable").put("name", "HeartbeatInterval");
            d.putArray("variableAttribute").addObject().put("type", "Actual").put("value", "300")
                    .put("mutability", "ReadWrite");
            d.putObject("variableCharacteristics").put("dataType", "integer").put("unit", "s").put("supportsMonitoring", false);
            cs.call("NotifyReport", part1);
            ObjectNode part2 = obj().put("requestId", 7).put("generatedAt", Instant.now().toString()).put("seqNo", 1);
            var e = part2.putArray("reportData").addObject();
            e.putObject("component").put("name", "EVSE").putObject("evse").put("id", 1);
            e.putObject("variable").put("name", "Power");
            var attrs = e.putArray("variableAttribute");
            attrs.addObject().put("type", "Actual").put("value", "0").put("mutability", "ReadOnly");
            attrs.addObject().put("type", "MaxSet").put("value", "150000").put("mutability", "ReadOnly");
            e.putObject("variableCharacteristics").put("dataType", "decimal").put("unit", "W").put("maxLimit", 150000.0)
                    .put("supportsMonitoring", true);
            cs.call("NotifyReport", part2);
            assertThat(db.dsl().fetchCount(DEVICE_VARIABLE)).isEqualTo(3);
            var power = db.dsl().selectFrom(DEVICE_VARIABLE).where(DEVICE_VARIABLE.VARIABLE_NAME.eq("Power"))
                    .and(DEVICE_VARIABLE.ATTRIBUTE_TYPE.eq("MaxSet")).fetchOne();
            assertThat(power.getAttributeValue()).isEqualTo("150000");
            assertThat(power.getEvseId()).isEqualTo(1);
            assertThat(power.getUnit()).isEqualTo("W");
            assertThat(power.getMaxLimit()).isEqualTo(150000.0);
            // The same report again changes nothing (no second row).
            cs.call("NotifyReport", part2);
            assertThat(db.dsl().fetchCount(DEVICE_VARIABLE)).isEqualTo(3);

            // B05: SetVariables during Pending; an accepted value becomes the device model's value.
            cs.answer("SetVariables", p -> {
                ObjectNode r = obj();
                var res = r.putArray("setVariableResult").addObject().put("attributeType", "Actual")
                        .put("attributeStatus", "Accepted");
                res.set("component", p.at("/setVariableData/0/component"));
                res.set("variable", p.at("/setVariableData/0/variable"));
                return r;
            });
            stack.operations201().setVariables("CS201-P", new SetVariablesRequest().withSetVariableData(List.of(
                    new SetVariableData().withAttributeValue("120").withComponent(new Component().withName("OCPPCommCtrlr"))
                            .withVariable(new Variable().withName("HeartbeatInterval"))))).get(10, TimeUnit.SECONDS);
            assertThat(db.dsl().select(DEVICE_VARIABLE.ATTRIBUTE_VALUE).from(DEVICE_VARIABLE)
                    .where(DEVICE_VARIABLE.VARIABLE_NAME.eq("HeartbeatInterval")).fetchOne().value1()).isEqualTo("120");

            // The operator accepts it; the next boot is Accepted and everything is allowed.
            stack.chargePoints().update("CS201-P", null, RegistrationStatus.Accepted, null, null);
            assertThat(cs.call("BootNotification", boot()).get("status").asText()).isEqualTo("Accepted");
            assertThat(cs.call("Heartbeat", obj()).get("currentTime").asText()).endsWith("Z");

            // G01: StatusNotification names EVSE and connector; the EVSE is the shared model's connector.
            cs.call("StatusNotification", obj().put("timestamp", Instant.now().toString())
                    .put("connectorStatus", "Occupied").put("evseId", 1).put("connectorId", 1));
            cs.call("StatusNotification", obj().put("timestamp", Instant.now().toString())
                    .put("connectorStatus", "Unavailable").put("evseId", 1).put("connectorId", 2));
            assertThat(db.dsl().fetchCount(EVSE_CONNECTOR)).isEqualTo(2);
            var evse = db.dsl().selectFrom(CONNECTOR).where(CONNECTOR.CONNECTOR_ID.eq(1)).fetchOne();
            assertThat(evse.getStatus()).isEqualTo("Occupied");

            // B06: GetVariables answers refresh the device model.
            cs.answer("GetVariables", p -> {
                ObjectNode r = obj();
                var res = r.putArray("getVariableResult").addObject().put("attributeStatus", "Accepted")
                        .put("attributeValue", "42000");
                res.putObject("component").put("name", "EVSE").putObject("evse").put("id", 1);
                res.putObject("variable").put("name", "Power");
                return r;
            });
            stack.operations201().getVariables("CS201-P", new GetVariablesRequest().withGetVariableData(List.of(
                    new GetVariableData().withComponent(new Component().withName("EVSE").withEvse(new EVSE().withId(1)))
                            .withVariable(new Variable().withName("Power"))))).get(10, TimeUnit.SECONDS);

            // The device model through the operator API.
            JsonNode model = api(stack, "GET", "/api/v1/charge-points/CS201-P/device-model", null);
            assertThat(model).hasSize(3);
            assertThat(model.findValuesAsText("value")).contains("120", "42000", "150000");

            // B11 Reset through the operator API's 2.0.1 endpoint.
            cs.answer("Reset", p -> obj().put("status", "Scheduled"));
            JsonNode reset = api(stack, "POST", "/api/v1/charge-points/CS201-P/operations201/Reset", "{\"type\":\"OnIdle\"}");
            assertThat(reset.get("status").asText()).isEqualTo("Scheduled");
            JsonNode actions = api(stack, "GET", "/api/v1/operations201", null);
            assertThat(actions.toString()).contains("RequestStartTransaction", "GetBaseReport", "SetChargingProfile");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void rejectedStationIsToldSoAndBadInputGetsTheTwoZeroOneErrorCodes(Database db) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.REJECT);
                TestCharger cs = connect201(stack, "CS201-R")) {
            assertThat(cs.call("BootNotification", boot()).get("status").asText()).isEqualTo("Rejected");
            assertThat(errorCode(cs.callFrame("Heartbeat", obj()))).isEqualTo("SecurityError");
            stack.chargePoints().update("CS201-R", null, RegistrationStatus.Accepted, null, null);
            await().atMost(Duration.ofSeconds(40)).until(() -> stack.chargePoints().isAccepted("CS201-R"));
            // Missing required field, wrong type, unknown field, unknown action: 2.0.1 spellings.
            assertThat(errorCode(cs.callFrame("BootNotification", obj().put("reason", "PowerUp"))))
                    .isEqualTo("OccurrenceConstraintViolation");
            assertThat(errorCode(cs.callFrame("Heartbeat", obj().put("surprise", 1)))).isEqualTo("FormatViolation");
            assertThat(errorCode(cs.callFrame("StatusNotification", obj().put("timestamp", Instant.now().toString())
                    .put("connectorStatus", "Available").put("evseId", "one").put("connectorId", 1))))
                    .isEqualTo("TypeConstraintViolation");
            assertThat(errorCode(cs.callFrame("StatusNotification", obj().put("timestamp", Instant.now().toString())
                    .put("connectorStatus", "Charging").put("evseId", 1).put("connectorId", 1))))
                    .isEqualTo("PropertyConstraintViolation");
            assertThat(errorCode(cs.callFrame("StartTransaction", obj()))).isIn("NotImplemented", "NotSupported");
        }
    }
}
