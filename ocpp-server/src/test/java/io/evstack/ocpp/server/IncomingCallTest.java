package io.evstack.ocpp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.ocpp.OcppVersion;
import io.evstack.ocpp.v16.BootNotification;
import io.evstack.ocpp.v201.BootNotificationRequest;
import io.evstack.ocpp.v201.BootNotificationResponse;
import io.evstack.ocpp.v201.BootReasonEnum;
import io.evstack.ocpp.v201.RegistrationStatusEnum;
import java.time.OffsetDateTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IncomingCallTest extends ServerTestBase {
    private static final String BOOT = "{'chargePointVendor':'ACME','chargePointModel':'X1'}";

    @Test
    void bootNotificationIsAnsweredWithTheHandlersResponse() throws Exception {
        IncomingCallHandler script = handler;
        handler = (session, action, request) -> {
            BootNotification boot = (BootNotification) request;
            assertThat(boot.getChargePointVendor()).isEqualTo("ACME");
            assertThat(session.chargerId()).isEqualTo("CP-1");
            return script.handle(session, action, request);
        };
        TestCharger charger = connect("CP-1");

        JsonNode answer = charger.call("boot-1", "BootNotification", BOOT);

        assertThat(answer.toString()).isEqualTo(
                "[3,\"boot-1\",{\"status\":\"Accepted\",\"currentTime\":\"2024-05-01T12:00:00.000Z\",\"interval\":300}]");
        assertThat(handlerOnVirtualThread).containsOnly(true);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON                | [2,'bad-1','BootNotification',{'chargePointVendor':             | bad-1 | FormationViolation",
        "unknown message type    | [7,'bad-2','Heartbeat',{}]                                      | bad-2 | GenericError",
        "unknown action          | [2,'bad-3','Teleport',{}]                                       | bad-3 | NotImplemented",
        "CSMS action from charger| [2,'bad-4','Reset',{'type':'Hard'}]                             | bad-4 | NotSupported",
        "handler does not support| [2,'bad-5','FirmwareStatusNotification',{'status':'Idle'}]      | bad-5 | NotSupported",
        "missing required field  | [2,'bad-6','BootNotification',{'chargePointModel':'X1'}]        | bad-6 | OccurenceConstraintViolation",
        "wrong type              | [2,'bad-7','BootNotification',{'chargePointVendor':5,'chargePointModel':'X1'}] | bad-7 | TypeConstraintViolation",
        "bad enum                | [2,'bad-8','StatusNotification',{'connectorId':1,'errorCode':'NoError','status':'Sleeping'}] | bad-8 | PropertyConstraintViolation",
        "too long string         | [2,'bad-9','BootNotification',{'chargePointVendor':'ACME-ACME-ACME-ACME-1','chargePointModel':'X1'}] | bad-9 | PropertyConstraintViolation",
        "additional property     | [2,'bad-10','BootNotification',{'chargePointVendor':'ACME','chargePointModel':'X1','colour':'red'}] | bad-10 | FormationViolation",
        "payload not an object   | [2,'bad-11','Heartbeat',[]]                                     | bad-11 | FormationViolation",
        "CALL without action     | [2,'bad-12']                                                    | bad-12 | FormationViolation",
        "bad timestamp           | [2,'bad-13','StatusNotification',{'connectorId':1,'errorCode':'NoError','status':'Available','timestamp':'noon'}] | bad-13 | TypeConstraintViolation",
    })
    void badInputIsAnsweredWithTheRightCallErrorAndTheConnectionGoesOn(String what, String frame, String id, String code)
            throws Exception {
        TestCharger charger = connect("CP-1");

        charger.sendJson(frame);
        JsonNode error = charger.next();

        assertThat(error.get(0).asInt()).isEqualTo(4);
        assertThat(error.get(1).asText()).isEqualTo(id);
        assertThat(error.get(2).asText()).as(error.toString()).isEqualTo(code);
        assertThat(error.get(4).isObject()).isTrue();
        assertThat(charger.call("ok-1", "Heartbeat", "{}").get(0).asInt()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{'a':1}", "'just a string'", "[2]", "[]", "garbage"})
    void framesWithoutARecoverableIdAreDroppedAndTheConnectionGoesOn(String frame) throws Exception {
        TestCharger charger = connect("CP-1");

        charger.sendJson(frame);

        JsonNode next = charger.call("ok-1", "Heartbeat", "{}");
        assertThat(next.get(1).asText()).isEqualTo("ok-1");
        assertThat(charger.isOpen()).isTrue();
    }

    @Test
    void handlerExceptionBecomesInternalErrorWithoutDetails() throws Exception {
        TestCharger charger = connect("CP-1");

        JsonNode error = charger.call("auth-1", "Authorize", "{'idTag':'ABC'}");

        assertThat(error.toString()).isEqualTo("[4,\"auth-1\",\"InternalError\",\"Internal error\",{}]");
    }

    @Test
    void handlerOcppExceptionBecomesItsCallError() throws Exception {
        TestCharger charger = connect("CP-1");

        JsonNode error = charger.call("dt-1", "DataTransfer", "{'vendorId':'acme','messageId':'refuse'}");

        assertThat(error.toString()).isEqualTo("[4,\"dt-1\",\"NotSupported\",\"No data transfer here\",{}]");
    }

    @Test
    void invalidHandlerResponseIsNeverSent() throws Exception {
        TestCharger charger = connect("CP-1");

        JsonNode error = charger.call("mv-1", "MeterValues",
                "{'connectorId':1,'meterValue':[{'timestamp':'2024-05-01T12:00:00Z','sampledValue':[{'value':'1','unit':'Celcius'}]}]}");

        assertThat(error.get(2).asText()).isEqualTo("InternalError");
    }

    @Test
    void duplicateMessageIdIsAnsweredFromTheCache() throws Exception {
        TestCharger charger = connect("CP-1");

        JsonNode first = charger.call("hb-1", "Heartbeat", "{}");
        JsonNode again = charger.call("hb-1", "Heartbeat", "{}");

        assertThat(again).isEqualTo(first);
        assertThat(handled).hasValue(1);
    }

    @Test
    void duplicateMessageIdWhileProcessingIsProcessedOnce() throws Exception {
        TestCharger charger = connect("CP-1");
        String slow = "[2,'dt-slow','DataTransfer',{'vendorId':'acme','messageId':'slow'}]";

        charger.sendJson(slow);
        charger.sendJson(slow);

        assertThat(charger.next().get(1).asText()).isEqualTo("dt-slow");
        assertThat(charger.call("hb-2", "Heartbeat", "{}").get(1).asText()).isEqualTo("hb-2");
        assertThat(handled).hasValue(2);
    }

    @Test
    void sameIdWithOtherContentIsANewCall() throws Exception {
        TestCharger charger = connect("CP-1");

        charger.call("1", "Heartbeat", "{}");
        JsonNode boot = charger.call("1", "BootNotification", BOOT);

        assertThat(boot.get(2).get("status").asText()).isEqualTo("Accepted");
        assertThat(handled).hasValue(2);
    }

    @Test
    void callsOfOneChargerAreProcessedInOrder() throws Exception {
        TestCharger charger = connect("CP-1");

        charger.sendJson("[2,'a','DataTransfer',{'vendorId':'acme','messageId':'slow'}]");
        charger.sendJson("[2,'b','Heartbeat',{}]");
        charger.sendJson("[2,'c','StatusNotification',{'connectorId':1,'errorCode':'NoError','status':'Available'}]");

        assertThat(charger.next().get(1).asText()).isEqualTo("a");
        assertThat(charger.next().get(1).asText()).isEqualTo("b");
        assertThat(charger.next().get(1).asText()).isEqualTo("c");
    }

    @Test
    void aSlowHandlerForOneChargerDoesNotDelayAnother() throws Exception {
        TestCharger slow = connect("CP-SLOW");
        TestCharger quick = connect("CP-QUICK");

        slow.sendJson("[2,'s-1','DataTransfer',{'vendorId':'acme','messageId':'slow'}]");
        await().until(() -> handled.get() == 1);
        long start = System.nanoTime();
        JsonNode answer = quick.call("q-1", "Heartbeat", "{}");

        assertThat(answer.get(0).asInt()).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(700));
        assertThat(slow.next().get(1).asText()).isEqualTo("s-1");
    }

    @Test
    void frameListenerSeesFramesInAndOut() throws Exception {
        TestCharger charger = connect("CP-1");

        charger.call("hb-1", "Heartbeat", "{}");

        await().untilAsserted(() -> assertThat(frames)
                .extracting(Frame::chargerId, Frame::direction)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("CP-1", FrameListener.Direction.IN),
                        org.assertj.core.groups.Tuple.tuple("CP-1", FrameListener.Direction.OUT)));
        assertThat(frames.get(0).text()).isEqualTo("[2,\"hb-1\",\"Heartbeat\",{}]");
        assertThat(frames.get(1).text()).startsWith("[3,\"hb-1\",{\"currentTime\":");
    }

    @Test
    void ocpp201SpeaksItsOwnClassesAndErrorSpellings() throws Exception {
        OcppServer both = start(b -> b.versions(OcppVersion.OCPP16, OcppVersion.OCPP201));
        handler = (session, action, request) -> {
            assertThat(session.version()).isEqualTo(OcppVersion.OCPP201);
            BootNotificationRequest boot = (BootNotificationRequest) request;
            return new BootNotificationResponse()
                    .withStatus(RegistrationStatusEnum.ACCEPTED)
                    .withCurrentTime(OffsetDateTime.parse("2024-05-01T12:00:00Z"))
                    .withInterval(boot.getReason() == BootReasonEnum.POWER_UP ? 300 : 60);
        };
        TestCharger charger = track(TestCharger.to(both.port(), "/ocpp/CS-201").subprotocols("ocpp2.0.1").connect());

        assertThat(charger.call("b-1", "BootNotification",
                "{'reason':'PowerUp','chargingStation':{'model':'X1','vendorName':'ACME'}}").toString())
                .isEqualTo("[3,\"b-1\",{\"currentTime\":\"2024-05-01T12:00:00.000Z\",\"interval\":300,\"status\":\"Accepted\"}]");
        assertThat(charger.call("b-2", "BootNotification", "{'reason':'PowerUp'}").get(2).asText())
                .isEqualTo("OccurrenceConstraintViolation");
        assertThat(charger.call("b-3", "BootNotification",
                "{'reason':'PowerUp','chargingStation':{'model':'X1','vendorName':'ACME'},'x':1}").get(2).asText())
                .isEqualTo("FormatViolation");
        assertThat(charger.call("b-4", "Heartbeat", "[]").get(2).asText()).isEqualTo("FormatViolation");
        charger.sendJson("[2,'b-6','Heartbeat']");
        assertThat(charger.next().get(2).asText()).isEqualTo("RpcFrameworkError");
        charger.sendJson("[2,'b-7','Heartbeat',{");
        assertThat(charger.next().get(2).asText()).isEqualTo("FormatViolation");
        charger.sendJson("[7,'b-5','Heartbeat',{}]");
        assertThat(charger.next().get(2).asText()).isEqualTo("MessageTypeNotSupported");
    }
}
