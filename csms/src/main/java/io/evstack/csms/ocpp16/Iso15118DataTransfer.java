package io.evstack.csms.ocpp16;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.datatransfer.DataTransferHandler;
import io.evstack.csms.ocpp201.Ocpp201CallHandler;
import io.evstack.ocpp.v16.DataTransfer;
import io.evstack.ocpp.v201.CertificateSigningUseEnum;
import io.evstack.ocpp.v201.SignCertificateRequest;
import java.util.Optional;
import java.util.function.Supplier;
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
 * charger's contract is validated exactly as a 2.0.1 station's (C07). SignCertificate for the charger's SECC
 * certificate is signed by our CA and sent back as DataTransfer CertificateSigned. A request that is not valid JSON
 * or misses its schema is Rejected; another messageId is UnknownMessageId.
 */
public final class Iso15118DataTransfer implements DataTransferHandler {
    public static final String VENDOR_ID = "org.openchargealliance.iso15118pnc";
    private static final Logger log = LoggerFactory.getLogger(Iso15118DataTransfer.class);
    private static final Result REJECTED = new Result("Rejected", null);

    private final Ocpp201CallHandler v201;
    private final Supplier<Ocpp16Operations> operations;

    /** @param operations sends the signed SECC certificate back as DataTransfer (there once the server runs) */
    public Iso15118DataTransfer(Ocpp201CallHandler v201, Supplier<Ocpp16Operations> operations) {
        this.v201 = v201;
        this.operations = operations;
    }

    @Override
    public Result handle(String chargePointId, String messageId, String data) {
        boolean sign = "SignCertificate".equals(messageId);
        if (!sign && (messageId == null || !Ocpp201CallHandler.ISO15118_ACTIONS.contains(messageId))) {
            return Result.UNKNOWN_MESSAGE_ID;
        }
        Optional<Object> request = request(chargePointId, messageId, data);
        if (request.isEmpty()) {
            return REJECTED;
        }
        if (sign) {
            return signCertificate(chargePointId, (SignCertificateRequest) request.get());
        }
        try {
            return json(v201.answerIso15118(chargePointId, messageId, request.get()));
        } catch (OcppException e) {
            log.info("{}: ISO 15118 {} not answered: {}", chargePointId, messageId, e.getMessage());
            return REJECTED;
        }
    }

    /** The 2.0.1 request the data holds, if it is JSON and meets the action's 2.0.1 schema. */
    private static Optional<Object> request(String chargePointId, String messageId, String data) {
        var type = MessageTypes.find(OcppVersion.OCPP201, messageId).orElseThrow();
        try {
            JsonNode payload = OcppJson.mapper().readTree(data == null ? "" : data);
            var violation = OcppSchemas.shared().validateRequest(OcppVersion.OCPP201, type, payload);
            if (payload == null || violation.isPresent()) {
                log.info("{}: ISO 15118 {} refused: {}", chargePointId, messageId,
                        violation.map(OcppSchemas.Violation::description).orElse("no data"));
                return Optional.empty();
            }
            return Optional.of(OcppJson.mapper().treeToValue(payload, type.requestType()));
        } catch (JsonProcessingException e) {
            log.info("{}: ISO 15118 {} is not JSON: {}", chargePointId, messageId, e.getOriginalMessage());
            return Optional.empty();
        }
    }

    /**
     * The charger's SECC certificate (the one it shows the EV in ISO 15118 TLS): signed as a 2.0.1 station's
     * ({@link Ocpp201CallHandler#signCertificate}, a V2GCertificate unless the request says otherwise) and sent
     * back as DataTransfer CertificateSigned with the 2.0.1 request as data, as the 1.6 paper has it.
     */
    private Result signCertificate(String chargePointId, SignCertificateRequest req) {
        // Over 1.6 the station certificate has its own message (the security extension's SignCertificate): this
        // one is for ISO 15118.
        if (req.getCertificateType() == null) {
            req.setCertificateType(CertificateSigningUseEnum.V_2_G_CERTIFICATE);
        }
        return json(v201.signCertificate(chargePointId, req, signed -> operations.get().dataTransfer(chargePointId,
                new DataTransfer().withVendorId(VENDOR_ID).withMessageId("CertificateSigned").withData(json(signed).data()))
                .thenApply(r -> r.getStatus().value())));
    }

    private static Result json(Object response) {
        try {
            return Result.accepted(OcppJson.mapper().writeValueAsString(response));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
