package io.evstack.csms.ocpp16;

import io.evstack.csms.Times;
import io.evstack.csms.authorization.AuthorizationService;
import io.evstack.csms.chargepoint.BootInfo;
import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.chargepoint.Connector;
import io.evstack.csms.datatransfer.DataTransferHandler;
import io.evstack.csms.datatransfer.DataTransferRouter;
import io.evstack.csms.firmware.FirmwareService;
import io.evstack.csms.firmware.StatusReport;
import io.evstack.csms.security.SecurityEventService;
import io.evstack.csms.transaction.TransactionService;
import io.evstack.ocpp.OcppVersion;
import io.evstack.ocpp.rpc.ErrorCode;
import io.evstack.ocpp.rpc.OcppException;
import io.evstack.ocpp.server.ChargerSession;
import io.evstack.ocpp.server.IncomingCallHandler;
import io.evstack.ocpp.v16.Authorize;
import io.evstack.ocpp.v16.AuthorizeResponse;
import io.evstack.ocpp.v16.BootNotification;
import io.evstack.ocpp.v16.BootNotificationResponse;
import io.evstack.ocpp.v16.DataTransfer;
import io.evstack.ocpp.v16.DataTransferResponse;
import io.evstack.ocpp.v16.DiagnosticsStatusNotification;
import io.evstack.ocpp.v16.DiagnosticsStatusNotificationResponse;
import io.evstack.ocpp.v16.FirmwareStatusNotification;
import io.evstack.ocpp.v16.FirmwareStatusNotificationResponse;
import io.evstack.ocpp.v16.Heartbeat;
import io.evstack.ocpp.v16.HeartbeatResponse;
import io.evstack.ocpp.v16.LogStatusNotification;
import io.evstack.ocpp.v16.LogStatusNotificationResponse;
import io.evstack.ocpp.v16.MeterValues;
import io.evstack.ocpp.v16.MeterValuesResponse;
import io.evstack.ocpp.v16.SecurityEventNotification;
import io.evstack.ocpp.v16.SecurityEventNotificationResponse;
import io.evstack.ocpp.v16.SignCertificate;
import io.evstack.ocpp.v16.SignCertificateResponse;
import io.evstack.ocpp.v16.SignedFirmwareStatusNotification;
import io.evstack.ocpp.v16.SignedFirmwareStatusNotificationResponse;
import io.evstack.ocpp.v16.StartTransaction;
import io.evstack.ocpp.v16.StartTransactionResponse;
import io.evstack.ocpp.v16.StatusNotification;
import io.evstack.ocpp.v16.StatusNotificationResponse;
import io.evstack.ocpp.v16.StopTransaction;
import io.evstack.ocpp.v16.StopTransactionResponse;
import io.evstack.csms.pki.LocalCertificateAuthority;
import io.evstack.ocpp.v16.CertificateSigned;
import io.evstack.ocpp.v16.GenericStatusEnum;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Every OCPP 1.6 request a charger may send, each to one method. The dispatcher is a map built here in
 * plain code: an action the map does not hold answers NotImplemented.
 */
public final class Ocpp16CallHandler implements IncomingCallHandler {
    private static final Logger log = LoggerFactory.getLogger(Ocpp16CallHandler.class);

    @FunctionalInterface
    private interface Action<Q> {
        Object handle(String chargePointId, Q request) throws OcppException;
    }

    private record Route<Q>(Class<Q> type, Action<Q> action) {
        Object invoke(String chargePointId, Object request) throws OcppException {
            return action.handle(chargePointId, type.cast(request));
        }
    }

    private final Map<String, Route<?>> routes = new HashMap<>();
    private final ChargePointService chargePoints;
    private final AuthorizationService authorization;
    private final TransactionService transactions;
    private final FirmwareService firmware;
    private final SecurityEventService security;
    private final DataTransferRouter dataTransfer;
    private final LocalCertificateAuthority certificateAuthority;
    private final Supplier<Ocpp16Operations> operations;

    public Ocpp16CallHandler(ChargePointService chargePoints, AuthorizationService authorization,
            TransactionService transactions, FirmwareService firmware, SecurityEventService security,
            DataTransferRouter dataTransfer) {
        this(chargePoints, authorization, transactions, firmware, security, dataTransfer, null, () -> null);
    }

    /**
     * @param certificateAuthority signs the CSRs of SignCertificate (null: they are only stored)
     * @param operations how to send CertificateSigned back; a supplier because the operations need the
     *     server's gateway, and the server needs this handler first
     */
    public Ocpp16CallHandler(ChargePointService chargePoints, AuthorizationService authorization,
            TransactionService transactions, FirmwareService firmware, SecurityEventService security,
            DataTransferRouter dataTransfer, LocalCertificateAuthority certificateAuthority,
            Supplier<Ocpp16Operations> operations) {
        this.certificateAuthority = certificateAuthority;
        this.operations = operations;
        this.chargePoints = chargePoints;
        this.authorization = authorization;
        this.transactions = transactions;
        this.firmware = firmware;
        this.security = security;
        this.dataTransfer = dataTransfer;

        on("BootNotification", BootNotification.class, this::bootNotification);
        on("Heartbeat", Heartbeat.class, this::heartbeat);
        on("StatusNotification", StatusNotification.class, this::statusNotification);
        on("Authorize", Authorize.class, this::authorize);
        on("StartTransaction", StartTransaction.class, this::startTransaction);
        on("StopTransaction", StopTransaction.class, this::stopTransaction);
        on("MeterValues", MeterValues.class, this::meterValues);
        on("DataTransfer", DataTransfer.class, this::dataTransfer);
        on("DiagnosticsStatusNotification", DiagnosticsStatusNotification.class, this::diagnosticsStatus);
        on("FirmwareStatusNotification", FirmwareStatusNotification.class, this::firmwareStatus);
        on("SecurityEventNotification", SecurityEventNotification.class, this::securityEvent);
        on("SignCertificate", SignCertificate.class, this::signCertificate);
        on("SignedFirmwareStatusNotification", SignedFirmwareStatusNotification.class, this::signedFirmwareStatus);
        on("LogStatusNotification", LogStatusNotification.class, this::logStatus);
    }

    private <Q> void on(String action, Class<Q> type, Action<Q> handler) {
        routes.put(action, new Route<>(type, handler));
    }

    @Override
    public Object handle(ChargerSession session, String action, Object request) throws OcppException {
        if (session.version() != OcppVersion.OCPP16) {
            throw new OcppException(ErrorCode.NOT_SUPPORTED, "This handler speaks OCPP 1.6 only");
        }
        Route<?> route = routes.get(action);
        if (route == null) {
            throw new OcppException(ErrorCode.NOT_IMPLEMENTED, "Action " + action + " is not known to this central system");
        }
        String id = session.chargerId();
        // Section 4.2.1: until accepted, a charger may only send BootNotification.
        if (!"BootNotification".equals(action) && !chargePoints.isAccepted(id)) {
            throw new OcppException(ErrorCode.SECURITY_ERROR,
                    "Charge point is not accepted by this central system; send BootNotification first");
        }
        chargePoints.seen(id);
        Object response = route.invoke(id, request);
        if ("BootNotification".equals(action)) {
            // A charger unknown until this boot had no row when it connected: record the connection now.
            chargePoints.recordConnection(id, session.version().subprotocol(), session.connectedAt());
        }
        return response;
    }

    private BootNotificationResponse bootNotification(String id, BootNotification req) {
        var info = new BootInfo(req.getChargePointVendor(), req.getChargePointModel(), req.getChargePointSerialNumber(),
                req.getChargeBoxSerialNumber(), req.getFirmwareVersion(), req.getIccid(), req.getImsi(),
                req.getMeterType(), req.getMeterSerialNumber());
        var decision = chargePoints.boot(id, OcppVersion.OCPP16.subprotocol(), info);
        return new BootNotificationResponse()
                .withStatus(BootNotificationResponse.Status.fromValue(decision.status().name()))
                .withCurrentTime(Times.utc(decision.currentTime()))
                .withInterval(decision.interval());
    }

    private HeartbeatResponse heartbeat(String id, Heartbeat req) {
        return new HeartbeatResponse().withCurrentTime(Times.utc(chargePoints.heartbeat(id)));
    }

    private StatusNotificationResponse statusNotification(String id, StatusNotification req) {
        // Section 7.1: timestamp is optional; without one the status holds from now.
        Instant at = req.getTimestamp() != null ? Times.millis(req.getTimestamp()) : Times.millis(chargePoints.now());
        chargePoints.statusNotification(id, new Connector(id, req.getConnectorId(), req.getStatus().value(),
                req.getErrorCode().value(), req.getInfo(), req.getVendorId(), req.getVendorErrorCode(), at));
        return new StatusNotificationResponse();
    }

    private AuthorizeResponse authorize(String id, Authorize req) {
        return new AuthorizeResponse().withIdTagInfo(Ocpp16Mapping.idTagInfo(authorization.authorize(req.getIdTag())));
    }

    private StartTransactionResponse startTransaction(String id, StartTransaction req) {
        var result = transactions.start(id, req.getConnectorId(), req.getIdTag(), req.getMeterStart(),
                Times.millis(req.getTimestamp()), req.getReservationId());
        return new StartTransactionResponse()
                .withTransactionId(Math.toIntExact(result.transactionId()))
                .withIdTagInfo(Ocpp16Mapping.idTagInfo(result.authorization()));
    }

    private StopTransactionResponse stopTransaction(String id, StopTransaction req) {
        var result = transactions.stop(id, req.getTransactionId(), req.getIdTag(), req.getMeterStop(),
                Times.millis(req.getTimestamp()), req.getReason() == null ? null : req.getReason().value(),
                Ocpp16Mapping.samples(req.getTransactionData()));
        return new StopTransactionResponse().withIdTagInfo(result.map(Ocpp16Mapping::idTagInfo).orElse(null));
    }

    private MeterValuesResponse meterValues(String id, MeterValues req) {
        transactions.meterValues(id, req.getConnectorId(), req.getTransactionId(), Ocpp16Mapping.samples(req.getMeterValue()));
        return new MeterValuesResponse();
    }

    private DataTransferResponse dataTransfer(String id, DataTransfer req) {
        DataTransferHandler.Result r = dataTransfer.route(id, req.getVendorId(), req.getMessageId(), req.getData());
        return new DataTransferResponse().withStatus(DataTransferResponse.Status.fromValue(r.status())).withData(r.data());
    }

    private DiagnosticsStatusNotificationResponse diagnosticsStatus(String id, DiagnosticsStatusNotification req) {
        firmware.report(id, StatusReport.Kind.Diagnostics, req.getStatus().value(), null);
        return new DiagnosticsStatusNotificationResponse();
    }

    private FirmwareStatusNotificationResponse firmwareStatus(String id, FirmwareStatusNotification req) {
        firmware.report(id, StatusReport.Kind.Firmware, req.getStatus().value(), null);
        return new FirmwareStatusNotificationResponse();
    }

    private SignedFirmwareStatusNotificationResponse signedFirmwareStatus(String id, SignedFirmwareStatusNotification req) {
        firmware.report(id, StatusReport.Kind.SignedFirmware, req.getStatus().value(), req.getRequestId());
        return new SignedFirmwareStatusNotificationResponse();
    }

    private LogStatusNotificationResponse logStatus(String id, LogStatusNotification req) {
        firmware.report(id, StatusReport.Kind.Log, req.getStatus().value(), req.getRequestId());
        return new LogStatusNotificationResponse();
    }

    private SecurityEventNotificationResponse securityEvent(String id, SecurityEventNotification req) {
        security.record(id, req.getType(), Times.millis(req.getTimestamp()), req.getTechInfo());
        return new SecurityEventNotificationResponse();
    }

    /**
     * Security Whitepaper 1.6 section 3.2 (A02/A03): the CSR is checked (its signature, and a common name
     * equal to the charger's identity) and answered; the signed chain follows in a CertificateSigned of our
     * own, sent once the charger has our answer.
     */
    private SignCertificateResponse signCertificate(String id, SignCertificate req) {
        if (certificateAuthority == null) {
            boolean stored = security.storeCertificateRequest(id, req.getCsr(), "ChargingStationCertificate");
            return new SignCertificateResponse().withStatus(stored ? GenericStatusEnum.ACCEPTED : GenericStatusEnum.REJECTED);
        }
        String chain;
        try {
            chain = certificateAuthority.sign(id, req.getCsr());
        } catch (LocalCertificateAuthority.InvalidCsrException e) {
            log.info("Refused the CSR of {}: {}", id, e.getMessage());
            return new SignCertificateResponse().withStatus(GenericStatusEnum.REJECTED);
        }
        security.storeCertificateRequest(id, req.getCsr(), "ChargingStationCertificate");
        CompletableFuture.runAsync(() -> operations.get()
                        .certificateSigned(id, new CertificateSigned().withCertificateChain(chain))
                        .whenComplete((r, e) -> log.info("CertificateSigned to {}: {}", id,
                                e == null ? r.getStatus().value() : e.toString())),
                CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        return new SignCertificateResponse().withStatus(GenericStatusEnum.ACCEPTED);
    }
}
