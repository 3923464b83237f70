package io.evstack.csms.ocpp16;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.datatransfer.DataTransferHandler;
import io.evstack.csms.ocpp201.Ocpp201CallHandler;
import io.evstack.csms.pki.LocalCertificateAuthority;
import io.evstack.csms.security.SecurityEventService;
import io.evstack.ocpp.v16.DataTransfer;
import io.evstack.ocpp.v201.CertificateSignedRequest;
import io.evstack.ocpp.v201.CertificateSigningUseEnum;
import io.evstack.ocpp.v201.GenericStatusEnum;
import io.evstack.ocpp.v201.SignCertificateRequest;
import io.evstack.ocpp.v201.SignCertificateResponse;
import io.evstack.ocpp.v201.StatusInfo;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    private final LocalCertificateAuthority ca;
    private final SecurityEventService security;
    private final Supplier<Ocpp16Operations> operations;

    /**
     * @param ca         signs the charger's V2G (SECC) certificate (SignCertificate)
     * @param operations sends it back as DataTransfer CertificateSigned (there once the server runs)
     */
    public Iso15118DataTransfer(Ocpp201CallHandler v201, LocalCertificateAuthority ca, SecurityEventService security,
            Supplier<Ocpp16Operations> operations) {
        this.v201 = v201;
        this.ca = ca;
        this.security = security;
        this.operations = operations;
    }

    @Override
    public Result handle(String chargePointId, String messageId, String data) {
        if ("SignCertificate".equals(messageId)) {
            return signCertificate(chargePointId, data);
        }
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

    /**
     * The charger's SECC certificate (the one it shows the EV in ISO 15118 TLS): its CSR signed by our CA as a
     * V2GCertificate and sent back a moment later as DataTransfer CertificateSigned (the 2.0.1 request as data),
     * as the 1.6 paper has it; the answer says only whether the CSR was taken.
     */
    private Result signCertificate(String chargePointId, String data) {
        SignCertificateRequest req;
        try {
            JsonNode payload = OcppJson.mapper().readTree(data == null ? "" : data);
            var type = MessageTypes.find(OcppVersion.OCPP201, "SignCertificate").orElseThrow();
            if (payload == null || OcppSchemas.shared().validateRequest(OcppVersion.OCPP201, type, payload).isPresent()) {
                return REJECTED;
            }
            req = OcppJson.mapper().treeToValue(payload, SignCertificateRequest.class);
        } catch (JsonProcessingException e) {
            return REJECTED;
        }
        // Over 1.6 the station certificate has its own message (the security extension's SignCertificate): this
        // one is for ISO 15118.
        String certificateType = req.getCertificateType() == null ? LocalCertificateAuthority.V2G_CERTIFICATE
                : req.getCertificateType().value();
        String chain;
        try {
            chain = ca.issue(chargePointId, req.getCsr(), certificateType).chainPem();
        } catch (LocalCertificateAuthority.InvalidCsrException e) {
            log.info("{}: refused ISO 15118 CSR: {}", chargePointId, e.getMessage());
            return json(new SignCertificateResponse().withStatus(GenericStatusEnum.REJECTED).withStatusInfo(new StatusInfo()
                    .withReasonCode("InvalidCSR")
                    .withAdditionalInfo(e.getMessage().length() > 512 ? e.getMessage().substring(0, 512) : e.getMessage())));
        }
        security.storeCertificateRequest(chargePointId, req.getCsr(), certificateType);
        String signed = json(new CertificateSignedRequest().withCertificateChain(chain)
                .withCertificateType(CertificateSigningUseEnum.fromValue(certificateType))).data();
        CompletableFuture.runAsync(() -> operations.get().dataTransfer(chargePointId, new DataTransfer()
                        .withVendorId(VENDOR_ID).withMessageId("CertificateSigned").withData(signed))
                        .whenComplete((r, e) -> log.info("{}: CertificateSigned (DataTransfer): {}", chargePointId,
                                e == null ? r.getStatus() : e.toString())),
                CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        return json(new SignCertificateResponse().withStatus(GenericStatusEnum.ACCEPTED));
    }

    private static Result json(Object response) {
        try {
            return Result.accepted(OcppJson.mapper().writeValueAsString(response));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
