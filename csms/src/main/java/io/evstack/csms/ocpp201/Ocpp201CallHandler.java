package io.evstack.csms.ocpp201;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.evstack.csms.Times;
import io.evstack.csms.authorization.AuthorizationService;
import io.evstack.csms.chargepoint.BootInfo;
import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.datatransfer.DataTransferHandler;
import io.evstack.csms.datatransfer.DataTransferRouter;
import io.evstack.csms.devicemodel.DeviceModelService;
import io.evstack.csms.firmware.FirmwareService;
import io.evstack.csms.firmware.StatusReport;
import io.evstack.csms.pki.CertificateStatusService;
import io.evstack.csms.pki.ContractCertificateProvider;
import io.evstack.csms.pki.ContractCertificateValidation;
import io.evstack.csms.pki.LocalCertificateAuthority;
import io.evstack.csms.report.StationReportService;
import io.evstack.csms.reservation.Reservation;
import io.evstack.csms.reservation.ReservationService;
import io.evstack.csms.security.SecurityEventService;
import io.evstack.csms.smartcharging.ChargingNeeds;
import io.evstack.csms.smartcharging.ChargingNeedsService;
import io.evstack.csms.transaction.RunningCostProvider;
import io.evstack.csms.transaction.Transaction;
import io.evstack.csms.transaction.TransactionEventData;
import io.evstack.csms.transaction.TransactionService;
import io.evstack.ocpp.OcppJson;
import io.evstack.ocpp.OcppVersion;
import io.evstack.ocpp.rpc.ErrorCode;
import io.evstack.ocpp.rpc.OcppException;
import io.evstack.ocpp.server.ChargerSession;
import io.evstack.ocpp.server.IncomingCallHandler;
import io.evstack.ocpp.v201.*;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every OCPP 2.0.1 request a charging station may send, each to one method, on the same services as
 * 1.6. The dispatcher is a map built here in plain code; every action of the 2.0.1 schemas that a
 * station sends is in it, so none is answered NotImplemented.
 */
public final class Ocpp201CallHandler implements IncomingCallHandler {
    private static final Logger log = LoggerFactory.getLogger(Ocpp201CallHandler.class);

    /**
     * B02.FR.02/B02.FR.03: while Pending a station sends BootNotification and what the CSMS asked for
     * (the reports of GetBaseReport/GetReport and monitoring reports); anything else gets SecurityError.
     */
    private static final Set<String> ALLOWED_BEFORE_ACCEPTED = Set.of("BootNotification", "NotifyReport",
            "NotifyMonitoringReport");

    @FunctionalInterface
    private interface Action<Q> {
        Object handle(String chargePointId, Q request) throws OcppException;
    }

    private record Route<Q>(Class<Q> type, Action<Q> action) {
        Object invoke(String chargePointId, Object request) throws OcppException {
            return action.handle(chargePointId, type.cast(request));
        }
    }

    /** The services the handler needs beyond 1.6's; a record so that the constructor stays readable. */
    public record Services(
            ChargePointService chargePoints,
            AuthorizationService authorization,
            TransactionService transactions,
            ReservationService reservations,
            FirmwareService firmware,
            SecurityEventService security,
            DataTransferRouter dataTransfer,
            DeviceModelService deviceModel,
            StationReportService reports,
            ChargingNeedsService chargingNeeds,
            LocalCertificateAuthority certificateAuthority,
            Ocpp201Operations operations,
            RunningCostProvider runningCost,
            CertificateStatusService certificateStatus,
            ContractCertificateProvider contractCertificates,
            ContractCertificateValidation contractValidation,
            CostUpdateThrottle costUpdates) {}

    private final Map<String, Route<?>> routes = new HashMap<>();
    private final Services s;

    public Ocpp201CallHandler(Services services) {
        this.s = services;
        on("Authorize", AuthorizeRequest.class, this::authorize);
        on("BootNotification", BootNotificationRequest.class, this::bootNotification);
        on("ClearedChargingLimit", ClearedChargingLimitRequest.class, this::clearedChargingLimit);
        on("DataTransfer", DataTransferRequest.class, this::dataTransfer);
        on("FirmwareStatusNotification", FirmwareStatusNotificationRequest.class, this::firmwareStatus);
        on("Get15118EVCertificate", Get15118EVCertificateRequest.class, this::get15118EvCertificate);
        on("GetCertificateStatus", GetCertificateStatusRequest.class, this::getCertificateStatus);
        on("Heartbeat", HeartbeatRequest.class, this::heartbeat);
        on("LogStatusNotification", LogStatusNotificationRequest.class, this::logStatus);
        on("MeterValues", MeterValuesRequest.class, this::meterValues);
        on("NotifyChargingLimit", NotifyChargingLimitRequest.class, this::notifyChargingLimit);
        on("NotifyCustomerInformation", NotifyCustomerInformationRequest.class, this::notifyCustomerInformation);
        on("NotifyDisplayMessages", NotifyDisplayMessagesRequest.class, this::notifyDisplayMessages);
        on("NotifyEVChargingNeeds", NotifyEVChargingNeedsRequest.class, this::notifyEvChargingNeeds);
        on("NotifyEVChargingSchedule", NotifyEVChargingScheduleRequest.class, this::notifyEvChargingSchedule);
        on("NotifyEvent", NotifyEventRequest.class, this::notifyEvent);
        on("NotifyMonitoringReport", NotifyMonitoringReportRequest.class, this::notifyMonitoringReport);
        on("NotifyReport", NotifyReportRequest.class, this::notifyReport);
        on("PublishFirmwareStatusNotification", PublishFirmwareStatusNotificationRequest.class, this::publishFirmwareStatus);
        on("ReportChargingProfiles", ReportChargingProfilesRequest.class, this::reportChargingProfiles);
        on("ReservationStatusUpdate", ReservationStatusUpdateRequest.class, this::reservationStatusUpdate);
        on("SecurityEventNotification", SecurityEventNotificationRequest.class, this::securityEvent);
        on("SignCertificate", SignCertificateRequest.class, this::signCertificate);
        on("StatusNotification", StatusNotificationRequest.class, this::statusNotification);
        on("TransactionEvent", TransactionEventRequest.class, this::transactionEvent);
    }

    private <Q> void on(String action, Class<Q> type, Action<Q> handler) {
        routes.put(action, new Route<>(type, handler));
    }

    /**
     * The ISO 15118 messages an OCPP 1.6 charger sends wrapped in DataTransfer (the OCA's "Using ISO 15118 Plug &amp;
     * Charge with OCPP 1.6"), answered as they are for a 2.0.1 station.
     */
    public static final Set<String> ISO15118_ACTIONS = Set.of("Authorize", "GetCertificateStatus", "Get15118EVCertificate");

    /** One of {@link #ISO15118_ACTIONS} for a 1.6 charger (accepted already: DataTransfer is checked as any 1.6 call). */
    public Object answerIso15118(String chargePointId, String action, Object request) throws OcppException {
        if (!ISO15118_ACTIONS.contains(action)) {
            throw new OcppException(ErrorCode.NOT_SUPPORTED, action + " is not an ISO 15118 message");
        }
        return routes.get(action).invoke(chargePointId, request);
    }

    /** The actions this handler answers. */
    public Set<String> actions() {
        return Set.copyOf(routes.keySet());
    }

    @Override
    public Object handle(ChargerSession session, String action, Object request) throws OcppException {
        if (session.version() != OcppVersion.OCPP201) {
            throw new OcppException(ErrorCode.NOT_SUPPORTED, "This handler speaks OCPP 2.0.1 only");
        }
        Route<?> route = routes.get(action);
        if (route == null) {
            throw new OcppException(ErrorCode.NOT_IMPLEMENTED, "Action " + action + " is not known to this CSMS");
        }
        String id = session.chargerId();
        if (!ALLOWED_BEFORE_ACCEPTED.contains(action) && !s.chargePoints().isAccepted(id)) {
            throw new OcppException(ErrorCode.SECURITY_ERROR,
                    "Charging station is not accepted by this CSMS; send BootNotification first");
        }
        if (!"BootNotification".equals(action) && s.chargePoints().find(id).isEmpty()) {
            // A report from a station that never booted: there is nothing to attach it to.
            throw new OcppException(ErrorCode.SECURITY_ERROR, "Unknown charging station; send BootNotification first");
        }
        s.chargePoints().seen(id);
        Object response = route.invoke(id, request);
        if ("BootNotification".equals(action)) {
            s.chargePoints().recordConnection(id, session.version().subprotocol(), session.connectedAt());
        }
        return response;
    }

    // --- B Provisioning

    /** B01-B03: Accepted, Pending or Rejected by registration status and the unknown-charger policy. */
    private BootNotificationResponse bootNotification(String id, BootNotificationRequest req) {
        ChargingStation cs = req.getChargingStation();
        var modem = cs.getModem();
        var info = new BootInfo(cs.getVendorName(), cs.getModel(), cs.getSerialNumber(), null, cs.getFirmwareVersion(),
                modem == null ? null : modem.getIccid(), modem == null ? null : modem.getImsi(), null, null);
        var decision = s.chargePoints().boot(id, OcppVersion.OCPP201.subprotocol(), info);
        return new BootNotificationResponse()
                .withStatus(RegistrationStatusEnum.fromValue(decision.status().name()))
                .withCurrentTime(Times.utc(decision.currentTime()))
                .withInterval(decision.interval());
    }

    private HeartbeatResponse heartbeat(String id, HeartbeatRequest req) {
        return new HeartbeatResponse().withCurrentTime(Times.utc(s.chargePoints().heartbeat(id)));
    }

    /** B07/B08: the device model, reported in parts (seqNo, tbc); each part is stored as it comes. */
    private NotifyReportResponse notifyReport(String id, NotifyReportRequest req) {
        s.deviceModel().report(id, Ocpp201Mapping.variables(req.getReportData(), Times.millis(req.getGeneratedAt())));
        return new NotifyReportResponse();
    }

    // --- C Authorization

    /**
     * C01 and the other C use cases: every idToken type maps onto the shared id tags by its value;
     * NoAuthorization (C01: nothing to identify) is always accepted. The parent id tag is the groupIdToken.
     */
    private AuthorizeResponse authorize(String id, AuthorizeRequest req) {
        IdTokenInfo info = idTokenInfo(req.getIdToken().getIdToken(), req.getIdToken().getType(), 0);
        var hashData = req.getIso15118CertificateHashData();
        boolean contract = (hashData != null && !hashData.isEmpty())
                || (req.getCertificate() != null && !req.getCertificate().isBlank());
        if (!contract) {
            return new AuthorizeResponse().withIdTokenInfo(withTariffText(id, 0, info));
        }
        // With the chain the CSMS validates it all (C07.FR.06), whatever hash data comes with it: hash data alone
        // trusts the station's own validation of the chain.
        ContractCertificateValidation.Verdict verdict = req.getCertificate() != null && !req.getCertificate().isBlank()
                ? s.contractValidation().checkChain(req.getCertificate(), req.getIdToken().getIdToken())
                : s.contractValidation().checkHashData(hashData.stream()
                        .map(d -> new CertificateStatusService.Query(d.getHashAlgorithm().value(), d.getIssuerNameHash(),
                                d.getIssuerKeyHash(), d.getSerialNumber(), d.getResponderURL()))
                        .toList());
        AuthorizeCertificateStatusEnum certificateStatus = contractOutcome(verdict, info);
        return new AuthorizeResponse().withIdTokenInfo(withTariffText(id, 0, info)).withCertificateStatus(certificateStatus);
    }

    /**
     * C07.FR.13 to FR.17: the contract certificate's verdict and the eMAID's own status together. A chain that
     * holds with an eMAID that is not accepted is a cancelled contract; a chain that does not hold refuses the
     * token whatever its status (expired: Expired, revoked, forged or broken: Invalid).
     */
    private static AuthorizeCertificateStatusEnum contractOutcome(ContractCertificateValidation.Verdict verdict,
            IdTokenInfo info) {
        switch (verdict) {
            case ACCEPTED -> {
                return switch (info.getStatus()) {
                    case INVALID, BLOCKED, EXPIRED, UNKNOWN -> AuthorizeCertificateStatusEnum.CONTRACT_CANCELLED;
                    default -> AuthorizeCertificateStatusEnum.ACCEPTED;
                };
            }
            case CERTIFICATE_EXPIRED -> {
                info.setStatus(AuthorizationStatusEnum.EXPIRED);
                return AuthorizeCertificateStatusEnum.CERTIFICATE_EXPIRED;
            }
            case CERTIFICATE_REVOKED -> {
                info.setStatus(AuthorizationStatusEnum.INVALID);
                return AuthorizeCertificateStatusEnum.CERTIFICATE_REVOKED;
            }
            case SIGNATURE_ERROR -> {
                info.setStatus(AuthorizationStatusEnum.INVALID);
                return AuthorizeCertificateStatusEnum.SIGNATURE_ERROR;
            }
            default -> {
                info.setStatus(AuthorizationStatusEnum.INVALID);
                return AuthorizeCertificateStatusEnum.CERT_CHAIN_ERROR;
            }
        }
    }

    /**
     * Block I with a tariff: an accepted driver is shown the tariff's text as the idToken's personalMessage
     * (IdTokenInfoType.personalMessage, MessageContentType UTF8, content at most 512 characters).
     */
    private IdTokenInfo withTariffText(String id, int connectorId, IdTokenInfo info) {
        if (info.getStatus() != AuthorizationStatusEnum.ACCEPTED) {
            return info;
        }
        try {
            s.runningCost().tariffText(id, connectorId).filter(t -> t.text() != null && !t.text().isBlank())
                    .ifPresent(t -> info.setPersonalMessage(new MessageContent().withFormat(MessageFormatEnum.UTF_8)
                            .withLanguage(t.language() == null || t.language().length() > 8 ? null : t.language())
                            .withContent(t.text().length() > 512 ? t.text().substring(0, 512) : t.text())));
        } catch (RuntimeException e) {
            // The driver is authorized all the same; the text is a courtesy.
            log.warn("Tariff text for {} connector {} unavailable: {}", id, connectorId, e.toString());
        }
        return info;
    }

    private IdTokenInfo idTokenInfo(String token, IdTokenEnum type, int ownTransactions) {
        if (type == IdTokenEnum.NO_AUTHORIZATION) {
            return Ocpp201Mapping.accepted();
        }
        return Ocpp201Mapping.idTokenInfo(s.authorization().authorize(token, ownTransactions),
                s.authorization().known(token));
    }

    // --- E Transactions, J Meter values

    /**
     * E01-E15: every TransactionEvent on the shared transaction model, idempotent by (station,
     * transactionId, seqNo). When the event carries an idToken the answer has its idTokenInfo (E01.FR.?,
     * C03); the transaction's own run does not count against the token's concurrency limit.
     */
    private TransactionEventResponse transactionEvent(String id, TransactionEventRequest req) {
        var info = req.getTransactionInfo();
        var token = req.getIdToken();
        var data = new TransactionEventData(info.getTransactionId(),
                TransactionEventData.Type.valueOf(req.getEventType().value()), req.getSeqNo(),
                Times.millis(req.getTimestamp()), req.getTriggerReason().value(), Boolean.TRUE.equals(req.getOffline()),
                req.getEvse() == null ? null : req.getEvse().getId(),
                req.getEvse() == null ? null : req.getEvse().getConnectorId(),
                token == null ? null : token.getIdToken(), token == null ? null : token.getType().value(),
                info.getChargingState() == null ? null : info.getChargingState().value(),
                info.getStoppedReason() == null ? null : info.getStoppedReason().value(), info.getRemoteStartId(),
                req.getReservationId(), Ocpp201Mapping.readings(req.getMeterValue()));
        var result = s.transactions().transactionEvent(id, data);
        var response = new TransactionEventResponse();
        if (token != null) {
            int own = result.active() && token.getIdToken().equals(result.idTag()) ? 1 : 0;
            response.setIdTokenInfo(withTariffText(id, req.getEvse() == null ? 0 : req.getEvse().getId(),
                    idTokenInfo(token.getIdToken(), token.getType(), own)));
        }
        if (req.getEventType() == TransactionEventEnum.ENDED) {
            // I03: the final cost in the answer to Ended (the schema: totalCost "SHALL only be sent when
            // charging has ended"); nothing when no tariff applies, so the station shows its fallback (I05).
            s.transactions().find(result.transactionId()).flatMap(s.runningCost()::totalCost)
                    .ifPresent(cost -> response.setTotalCost(cost.doubleValue()));
            s.costUpdates().ended(id, info.getTransactionId());
        } else if (req.getEventType() == TransactionEventEnum.UPDATED && !result.duplicate() && result.active()
                && req.getMeterValue() != null && !req.getMeterValue().isEmpty()
                && s.costUpdates().tryAcquire(id, info.getTransactionId())) {
            // I02: the running cost goes in a CostUpdated of its own, after this answer, when new meter
            // readings may have changed it, at most once per configured interval per transaction (I02 leaves
            // the frequency to the CSMS); pricing reads the database, so on a virtual thread of its own
            // rather than on the socket's thread or the small common pool.
            Thread.ofVirtual().name("cost-" + id).start(() -> sendRunningCost(id, info.getTransactionId(),
                    result.transactionId()));
        }
        return response;
    }

    private void sendRunningCost(String id, String chargerTransactionId, long transactionId) {
        s.transactions().find(transactionId).filter(Transaction::active).flatMap(s.runningCost()::totalCost)
                .ifPresent(cost -> s.operations().call(id, "CostUpdated", new CostUpdatedRequest()
                                .withTotalCost(cost.doubleValue()).withTransactionId(chargerTransactionId),
                        CostUpdatedResponse.class)
                        .whenComplete((r, e) -> {
                            if (e != null) {
                                log.info("CostUpdated to {} failed: {}", id, e.toString());
                            }
                        }));
    }

    /** J01: meter values outside a transaction; evseId 0 is the main meter of the station. */
    private MeterValuesResponse meterValues(String id, MeterValuesRequest req) {
        s.transactions().meterReadings(id, req.getEvseId(), Ocpp201Mapping.readings(req.getMeterValue()));
        return new MeterValuesResponse();
    }

    // --- G Availability

    /** G01: the connector's state, and the EVSE's summary of its connectors on the shared connector. */
    private StatusNotificationResponse statusNotification(String id, StatusNotificationRequest req) {
        s.chargePoints().evseConnectorStatus(id, req.getEvseId(), req.getConnectorId(), req.getConnectorStatus().value(),
                Times.millis(req.getTimestamp()));
        return new StatusNotificationResponse();
    }

    // --- H Reservation

    private ReservationStatusUpdateResponse reservationStatusUpdate(String id, ReservationStatusUpdateRequest req) {
        var status = req.getReservationUpdateStatus() == ReservationUpdateStatusEnum.EXPIRED
                ? Reservation.Status.Expired : Reservation.Status.Cancelled;
        s.reservations().statusUpdate(id, req.getReservationId(), status);
        return new ReservationStatusUpdateResponse();
    }

    // --- K Smart charging

    private NotifyEVChargingNeedsResponse notifyEvChargingNeeds(String id, NotifyEVChargingNeedsRequest req) {
        var n = req.getChargingNeeds();
        var ac = n.getAcChargingParameters();
        var dc = n.getDcChargingParameters();
        var outcome = s.chargingNeeds().record(new ChargingNeeds(id, req.getEvseId(), n.getRequestedEnergyTransfer().value(),
                Times.millis(n.getDepartureTime()),
                ac != null ? ac.getEnergyAmount() : dc != null ? dc.getEnergyAmount() : null,
                ac != null ? ac.getEvMinCurrent() : null,
                ac != null ? ac.getEvMaxCurrent() : dc != null ? dc.getEvMaxCurrent() : null,
                ac != null ? ac.getEvMaxVoltage() : dc != null ? dc.getEvMaxVoltage() : null,
                dc != null ? dc.getEvMaxPower() : null, dc != null ? dc.getStateOfCharge() : null,
                dc != null ? dc.getEvEnergyCapacity() : null, dc != null ? dc.getFullSoC() : null,
                dc != null ? dc.getBulkSoC() : null, req.getMaxScheduleTuples(), null));
        // K15: Accepted when a schedule (a SetChargingProfile TxProfile) follows at once, Processing when the
        // CSMS will provide one later (here: when the transaction starts), Rejected when it will provide none.
        return new NotifyEVChargingNeedsResponse().withStatus(switch (outcome) {
            case SCHEDULED -> NotifyEVChargingNeedsStatusEnum.ACCEPTED;
            case PENDING -> NotifyEVChargingNeedsStatusEnum.PROCESSING;
            case UNMANAGED -> NotifyEVChargingNeedsStatusEnum.REJECTED;
        });
    }

    private NotifyEVChargingScheduleResponse notifyEvChargingSchedule(String id, NotifyEVChargingScheduleRequest req) {
        record(id, "NotifyEVChargingSchedule", req.getEvseId(), null, req);
        return new NotifyEVChargingScheduleResponse().withStatus(GenericStatusEnum.ACCEPTED);
    }

    private NotifyChargingLimitResponse notifyChargingLimit(String id, NotifyChargingLimitRequest req) {
        record(id, "NotifyChargingLimit", req.getEvseId(), null, req);
        return new NotifyChargingLimitResponse();
    }

    private ClearedChargingLimitResponse clearedChargingLimit(String id, ClearedChargingLimitRequest req) {
        record(id, "ClearedChargingLimit", req.getEvseId(), null, req);
        return new ClearedChargingLimitResponse();
    }

    private ReportChargingProfilesResponse reportChargingProfiles(String id, ReportChargingProfilesRequest req) {
        record(id, "ReportChargingProfiles", req.getEvseId(), req.getRequestId(), req);
        return new ReportChargingProfilesResponse();
    }

    // --- L Firmware, N Diagnostics

    private FirmwareStatusNotificationResponse firmwareStatus(String id, FirmwareStatusNotificationRequest req) {
        // 2.0.1 firmware updates are the signed kind of 1.6's Security Whitepaper.
        s.firmware().report(id, StatusReport.Kind.SignedFirmware, req.getStatus().value(), req.getRequestId());
        return new FirmwareStatusNotificationResponse();
    }

    private PublishFirmwareStatusNotificationResponse publishFirmwareStatus(String id,
            PublishFirmwareStatusNotificationRequest req) {
        record(id, "PublishFirmwareStatusNotification", null, req.getRequestId(), req);
        return new PublishFirmwareStatusNotificationResponse();
    }

    private LogStatusNotificationResponse logStatus(String id, LogStatusNotificationRequest req) {
        s.firmware().report(id, StatusReport.Kind.Log, req.getStatus().value(), req.getRequestId());
        return new LogStatusNotificationResponse();
    }

    private NotifyEventResponse notifyEvent(String id, NotifyEventRequest req) {
        record(id, "NotifyEvent", null, null, req);
        return new NotifyEventResponse();
    }

    private NotifyMonitoringReportResponse notifyMonitoringReport(String id, NotifyMonitoringReportRequest req) {
        record(id, "NotifyMonitoringReport", null, req.getRequestId(), req);
        return new NotifyMonitoringReportResponse();
    }

    private NotifyCustomerInformationResponse notifyCustomerInformation(String id, NotifyCustomerInformationRequest req) {
        record(id, "NotifyCustomerInformation", null, req.getRequestId(), req);
        return new NotifyCustomerInformationResponse();
    }

    // --- O Display messages

    private NotifyDisplayMessagesResponse notifyDisplayMessages(String id, NotifyDisplayMessagesRequest req) {
        record(id, "NotifyDisplayMessages", null, req.getRequestId(), req);
        return new NotifyDisplayMessagesResponse();
    }

    // --- A Security, M ISO 15118 certificates

    private SecurityEventNotificationResponse securityEvent(String id, SecurityEventNotificationRequest req) {
        s.security().record(id, req.getType(), Times.millis(req.getTimestamp()), req.getTechInfo());
        return new SecurityEventNotificationResponse();
    }

    /**
     * A02/A03 (ChargingStationCertificate) and the V2G certificate of ISO 15118 (certificateType
     * V2GCertificate): the CSR is checked and signed by the local CA and kept; the signed chain goes back
     * with CertificateSigned of the same certificateType once this answer is on its way (the station expects
     * it after the response). A request without certificateType is for both uses (the schema's description);
     * it is signed as a ChargingStationCertificate, whose CN must be the station's identity.
     */
    private SignCertificateResponse signCertificate(String id, SignCertificateRequest req) {
        return signCertificate(id, req, signed -> s.operations().certificateSigned(id, signed)
                .thenApply(r -> r.getStatus().value()));
    }

    /**
     * A02/A03 and M for the SECC certificate: the CSR checked and signed by our CA, the request kept, and the
     * chain handed to {@code deliver} a moment later (CertificateSigned as a 2.0.1 call, or for a 1.6 charger
     * inside DataTransfer), which answers the charger's status; Rejected with the reason for a bad CSR.
     */
    public SignCertificateResponse signCertificate(String id, SignCertificateRequest req,
            Function<CertificateSignedRequest, CompletableFuture<String>> deliver) {
        CertificateSigningUseEnum type = req.getCertificateType() == null
                ? CertificateSigningUseEnum.CHARGING_STATION_CERTIFICATE : req.getCertificateType();
        String chain;
        try {
            chain = s.certificateAuthority().issue(id, req.getCsr(), type.value()).chainPem();
        } catch (LocalCertificateAuthority.InvalidCsrException e) {
            log.info("Refused CSR of {}: {}", id, e.getMessage());
            return new SignCertificateResponse().withStatus(GenericStatusEnum.REJECTED)
                    .withStatusInfo(new StatusInfo().withReasonCode("InvalidCSR")
                            .withAdditionalInfo(e.getMessage().length() > 512 ? e.getMessage().substring(0, 512)
                                    : e.getMessage()));
        }
        s.security().storeCertificateRequest(id, req.getCsr(), type.value());
        // CertificateSigned.certificateType is required when the request named one (its schema description).
        var signed = new CertificateSignedRequest().withCertificateChain(chain)
                .withCertificateType(req.getCertificateType() == null ? null : type);
        CompletableFuture.runAsync(() -> deliver.apply(signed)
                        .whenComplete((status, e) -> log.info("CertificateSigned to {}: {}", id, e == null ? status : e.toString())),
                CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        return new SignCertificateResponse().withStatus(GenericStatusEnum.ACCEPTED);
    }

    /**
     * M01/M02: the EV's request is kept as received (a station report, for the operator) and handed to the
     * configured contract certificate provider; without one the answer is Failed with the reason, and
     * exiResponse (required by the schema) is empty rather than a made-up certificate.
     */
    private Get15118EVCertificateResponse get15118EvCertificate(String id, Get15118EVCertificateRequest req) {
        record(id, "Get15118EVCertificate", null, null, req);
        ContractCertificateProvider.Result r;
        try {
            r = s.contractCertificates().provide(new ContractCertificateProvider.Request(id, req.getIso15118SchemaVersion(),
                    req.getAction().value(), req.getExiRequest()));
        } catch (RuntimeException e) {
            log.warn("Contract certificate provider failed for {}: {}", id, e.toString());
            r = ContractCertificateProvider.Result.failed("CPSError", "The contract certificate provider failed");
        }
        var response = new Get15118EVCertificateResponse()
                .withStatus(r.accepted() ? Iso15118EVCertificateStatusEnum.ACCEPTED : Iso15118EVCertificateStatusEnum.FAILED)
                .withExiResponse(r.exiResponse() == null ? "" : r.exiResponse());
        if (r.reasonCode() != null) {
            response.setStatusInfo(new StatusInfo().withReasonCode(r.reasonCode()).withAdditionalInfo(r.additionalInfo()));
        }
        return response;
    }

    /**
     * M06: answered by our own CA for certificates it issued, else by the responder the station names
     * ({@link CertificateStatusService}); Failed with a reason when there is none to ask. The lookup may
     * go over the network, but this runs on the station's own virtual thread.
     */
    private GetCertificateStatusResponse getCertificateStatus(String id, GetCertificateStatusRequest req) {
        var d = req.getOcspRequestData();
        var outcome = s.certificateStatus().status(new CertificateStatusService.Query(d.getHashAlgorithm().value(),
                d.getIssuerNameHash(), d.getIssuerKeyHash(), d.getSerialNumber(), d.getResponderURL()));
        if (outcome.accepted()) {
            return new GetCertificateStatusResponse().withStatus(GetCertificateStatusEnum.ACCEPTED)
                    .withOcspResult(outcome.ocspResult());
        }
        return new GetCertificateStatusResponse().withStatus(GetCertificateStatusEnum.FAILED)
                .withStatusInfo(new StatusInfo().withReasonCode(outcome.reasonCode())
                        .withAdditionalInfo(outcome.additionalInfo()));
    }

    // --- P DataTransfer

    /** P01: routed by vendorId; an unknown vendor is UnknownVendorId. */
    private DataTransferResponse dataTransfer(String id, DataTransferRequest req) {
        Object d = req.getData();
        String data;
        try {
            data = d == null ? null : d instanceof String str ? str : OcppJson.mapper().writeValueAsString(d);
        } catch (JsonProcessingException e) {
            data = String.valueOf(d);
        }
        DataTransferHandler.Result r = s.dataTransfer().route(id, req.getVendorId(), req.getMessageId(), data);
        return new DataTransferResponse().withStatus(DataTransferStatusEnum.fromValue(r.status())).withData(r.data());
    }

    private void record(String id, String kind, Integer evseId, Integer requestId, Object message) {
        try {
            s.reports().record(id, kind, evseId, requestId, OcppJson.mapper().writeValueAsString(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
