package io.evstack.csms.ocpp16;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.datatransfer.DataTransferHandler;
import io.evstack.csms.ocpp201.Ocpp201CallHandler;
import io.evstack.ocpp.OcppJson;
import io.evstack.ocpp.OcppVersion;
import io.evstack.ocpp.rpc.MessageTypes;
import io.evstack.ocpp.rpc.OcppException;
import io.evstack.ocpp.rpc.OcppSchemas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plug &amp; Charge for OCPP 1.6 chargers, as the OCA's "Using ISO 15118 Plug &amp; Charge with OCPP 1.6" has it:
 * the OCPP 2.0.1 messages of ISO 15118 authorization and certificates travel as DataTransfer with vendorId
 * {@value #VENDOR_ID}, messageId the 2.0.1 action and data the 2.0.1 request as a JSON string; the answer's data
 * is the 2.0.1 response. Each is checked against its 2.0.1 schema and answered by the 2.0.1 handler, so a 1.6
 * charger's contract is validated exactly as a 2.0.1 station's (C07). A request that is not valid JSON or misses
 * its schema is Rejected; another messageId is UnknownMessageId.
 */
public final class Iso15118DataTransfer implements DataTransferHandler {
    public static final String VENDOR_ID = "org.openchargealliance.iso15118pnc";
    private static final Logger log = LoggerFactory.getLogger(Iso15118DataTransfer.class);
    private static final Result REJECTED = new Result("Rejected", null);

    private final Ocpp201CallHandler v201;

    public Iso15118DataTransfer(Ocpp201CallHandler v201) {
        this.v201 = v201;
    }

    @Override
    public Result handle(String chargePointId, String messageId, String data) {
        if (messageId == null || !Ocpp201CallHandler.ISO15118_ACTIONS.contains(messageId)) {
            return Result.UNKNOWN_MESSAGE_ID;
        }
        var type = MessageTypes.find(OcppVersion.OCPP201, messageId).orElseThrow();
        try {
            JsonNode payload = OcppJson.mapper().readTree(data == null ? "" : data);
            var violation = OcppSchemas.shared().validateRequest(OcppVersion.OCPP201, type, payload);
            if (payload == null || violation.isPresent()) {
                log.info("{}: ISO 15118 {} refused: {}", chargePointId, messageId,
                        violation.map(OcppSchemas.Violation::description).orElse("no data"));
                return REJECTED;
            }
            Object request = OcppJson.mapper().treeToValue(payload, type.requestType());
            Object response = v201.answerIso15118(chargePointId, messageId, request);
            return Result.accepted(OcppJson.mapper().writeValueAsString(response));
        } catch (JsonProcessingException e) {
            log.info("{}: ISO 15118 {} is not JSON: {}", chargePointId, messageId, e.getOriginalMessage());
            return REJECTED;
        } catch (OcppException e) {
            log.info("{}: ISO 15118 {} not answered: {}", chargePointId, messageId, e.getMessage());
            return REJECTED;
        }
    }
}
