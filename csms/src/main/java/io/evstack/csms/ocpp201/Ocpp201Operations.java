package io.evstack.csms.ocpp201;

import io.evstack.csms.CsmsException;
import io.evstack.csms.authorization.AuthorizationService;
import io.evstack.csms.authorization.IdTag;
import io.evstack.csms.authorization.IdTagRepository;
import io.evstack.csms.chargepoint.ChargePointRepository;
import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.devicemodel.DeviceModelService;
import io.evstack.csms.devicemodel.DeviceVariable;
import io.evstack.csms.report.StationReportService;
import io.evstack.csms.reservation.Reservation;
import io.evstack.csms.reservation.ReservationRepository;
import io.evstack.csms.smartcharging.ChargingProfileRepository;
import io.evstack.csms.transaction.Transaction;
import io.evstack.csms.transaction.TransactionEventRepository;
import io.evstack.csms.transaction.TransactionService;
import io.evstack.ocpp.OcppJson;
import io.evstack.ocpp.server.CallTimeoutException;
import io.evstack.ocpp.server.ChargerGateway;
import io.evstack.ocpp.server.ChargerNotConnectedException;
import io.evstack.ocpp.v201.*;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jooq.DSLContext;

/**
 * Every operation the CSMS can send to an OCPP 2.0.1 charging station (part 2, the CSMS-initiated
 * messages of blocks A-P), each returning the station's answer. Where an answer changes what the CSMS
 * knows (device model values, a reservation, a charging profile installed, the local list version,
 * installed certificates), that is recorded before the future completes. An operation for a station that
 * is not connected fails at once.
 */
public final class Ocpp201Operations {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Ocpp201Operations.class);
    /**
     * How long SendLocalList waits for the station's ItemsPerMessage: a GetVariables of one variable, which a station
     * that answers at all answers at once; the call timeout is made for slower operations.
     */
    static final Duration ITEMS_PER_MESSAGE_WAIT = Duration.ofSeconds(5);

    /** One operation: its request class and how to send it; for the operator API's generic endpoint. */
    public record Operation<Q>(String action, Class<Q> requestType, BiFunction<String, Q, CompletableFuture<?>> send) {
        public CompletableFuture<?> invoke(String chargePointId, Object request) {
            return send.apply(chargePointId, requestType.cast(request));
        }
    }

    private final DSLContext dsl;
    private final Clock clock;
    private final Supplier<ChargerGateway> gateway;
    private final ChargePointService chargePoints;
    private final AuthorizationService authorization;
    private final TransactionService transactions;
    private final DeviceModelService deviceModel;
    private final StationReportService reports;
    // Answers complete on the socket's thread; recording them touches the database, so hop off it.
    private final Executor blocking = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Operation<?>> operations = new LinkedHashMap<>();

    /**
     * @param gateway the gateway, asked for at each call: the OCPP server that provides it is built after
     *     the call handler that needs these operations (SignCertificate answers with CertificateSigned)
     */
    public Ocpp201Operations(DSLContext dsl, Clock clock, Supplier<ChargerGateway> gateway,
            ChargePointService chargePoints, AuthorizationService authorization, TransactionService transactions,
            DeviceModelService deviceModel, StationReportService reports) {
        this.dsl = dsl;
        this.clock = clock;
        this.gateway = gateway;
        this.chargePoints = chargePoints;
        this.authorization = authorization;
        this.transactions = transactions;
        this.deviceModel = deviceModel;
        this.reports = reports;

        plain("CertificateSigned", CertificateSignedRequest.class, CertificateSignedResponse.class);
        plain("ChangeAvailability", ChangeAvailabilityRequest.class, ChangeAvailabilityResponse.class);
        plain("ClearCache", ClearCacheRequest.class, ClearCacheResponse.class);
        register("ClearChargingProfile", ClearChargingProfileRequest.class, this::clearChargingProfile);
        plain("ClearDisplayMessage", ClearDisplayMessageRequest.class, ClearDisplayMessageResponse.class);
        plain("ClearVariableMonitoring", ClearVariableMonitoringRequest.class, ClearVariableMonitoringResponse.class);
        plain("CostUpdated", CostUpdatedRequest.class, CostUpdatedResponse.class);
        register("CustomerInformation", CustomerInformationRequest.class, this::customerInformation);
        plain("DataTransfer", DataTransferRequest.class, DataTransferResponse.class);
        plain("DeleteCertificate", DeleteCertificateRequest.class, DeleteCertificateResponse.class);
        plain("GetBaseReport", GetBaseReportRequest.class, GetBaseReportResponse.class);
        plain("GetChargingProfiles", GetChargingProfilesRequest.class, GetChargingProfilesResponse.class);
        plain("GetCompositeSchedule", GetCompositeScheduleRequest.class, GetCompositeScheduleResponse.class);
        plain("GetDisplayMessages", GetDisplayMessagesRequest.class, GetDisplayMessagesResponse.class);
        register("GetInstalledCertificateIds", GetInstalledCertificateIdsRequest.class, this::getInstalledCertificateIds);
        register("GetLocalListVersion", GetLocalListVersionRequest.class, this::getLocalListVersion);
        plain("GetLog", GetLogRequest.class, GetLogResponse.class);
        plain("GetMonitoringReport", GetMonitoringReportRequest.class, GetMonitoringReportResponse.class);
        plain("GetReport", GetReportRequest.class, GetReportResponse.class);
        plain("GetTransactionStatus", GetTransactionStatusRequest.class, GetTransactionStatusResponse.class);
        register("GetVariables", GetVariablesRequest.class, this::getVariables);
        register("InstallCertificate", InstallCertificateRequest.class, this::installCertificate);
        plain("PublishFirmware", PublishFirmwareRequest.class, PublishFirmwareResponse.class);
        register("RequestStartTransaction", RequestStartTransactionRequest.class, this::requestStartTransaction);
        plain("RequestStopTransaction", RequestStopTransactionRequest.class, RequestStopTransactionResponse.class);
        register("ReserveNow", ReserveNowRequest.class, this::reserveNow);
        register("CancelReservation", CancelReservationRequest.class, this::cancelReservation);
        plain("Reset", ResetRequest.class, ResetResponse.class);
        register("SendLocalList", SendLocalListRequest.class, this::sendLocalList);
        register("SetChargingProfile", SetChargingProfileRequest.class, this::setChargingProfile);
        plain("SetDisplayMessage", SetDisplayMessageRequest.class, SetDisplayMessageResponse.class);
        plain("SetMonitoringBase", SetMonitoringBaseRequest.class, SetMonitoringBaseResponse.class);
        plain("SetMonitoringLevel", SetMonitoringLevelRequest.class, SetMonitoringLevelResponse.class);
        plain("SetNetworkProfile", SetNetworkProfileRequest.class, SetNetworkProfileResponse.class);
        plain("SetVariableMonitoring", SetVariableMonitoringRequest.class, SetVariableMonitoringResponse.class);
        register("SetVariables", SetVariablesRequest.class, this::setVariables);
        plain("TriggerMessage", TriggerMessageRequest.class, TriggerMessageResponse.class);
        plain("UnlockConnector", UnlockConnectorRequest.class, UnlockConnectorResponse.class);
        plain("UnpublishFirmware", UnpublishFirmwareRequest.class, UnpublishFirmwareResponse.class);
        plain("UpdateFirmware", UpdateFirmwareRequest.class, UpdateFirmwareResponse.class);
    }

    private <Q> void register(String action, Class<Q> type, BiFunction<String, Q, CompletableFuture<?>> send) {
        operations.put(action, new Operation<>(action, type, send));
    }

    private <Q, R> void plain(String action, Class<Q> type, Class<R> responseType) {
        register(action, type, (id, req) -> send(id, action, req, responseType));
    }

    /** Every operation by its action name, in a stable order. */
    public Map<String, Operation<?>> operations() {
        return java.util.Collections.unmodifiableMap(operations);
    }

    /** Sends any operation by name; for callers that hold a request object of the action's class. */
    public <R> CompletableFuture<R> call(String id, String action, Object request, Class<R> responseType) {
        return send(id, action, request, responseType);
    }

    public CompletableFuture<CertificateSignedResponse> certificateSigned(String id, CertificateSignedRequest req) {
        return send(id, "CertificateSigned", req, CertificateSignedResponse.class);
    }

    // --- B Provisioning: the answers feed the device model

    /** B06: accepted values are the device model's values. */
    public CompletableFuture<GetVariablesResponse> getVariables(String id, GetVariablesRequest req) {
        chargePoints.requirePk(id);
        return send(id, "GetVariables", req, GetVariablesResponse.class).thenApplyAsync(res -> {
            Instant now = clock.instant();
            List<DeviceVariable> values = new ArrayList<>();
            for (GetVariableResult r : res.getGetVariableResult()) {
                if (r.getAttributeStatus() == GetVariableStatusEnum.ACCEPTED && r.getAttributeValue() != null) {
                    values.add(Ocpp201Mapping.value(r.getComponent(), r.getVariable(),
                            r.getAttributeType() == null ? null : r.getAttributeType().value(), r.getAttributeValue(), now));
                }
            }
            deviceModel.values(id, values);
            return res;
        }, blocking);
    }

    /** B05: a value the station accepted (or will apply after a reboot) is the device model's value. */
    public CompletableFuture<SetVariablesResponse> setVariables(String id, SetVariablesRequest req) {
        chargePoints.requirePk(id);
        return send(id, "SetVariables", req, SetVariablesResponse.class).thenApplyAsync(res -> {
            Instant now = clock.instant();
            List<DeviceVariable> values = new ArrayList<>();
            for (SetVariableResult r : res.getSetVariableResult()) {
                if (r.getAttributeStatus() != SetVariableStatusEnum.ACCEPTED
                        && r.getAttributeStatus() != SetVariableStatusEnum.REBOOT_REQUIRED) {
                    continue;
                }
                String attr = r.getAttributeType() == null ? "Actual" : r.getAttributeType().value();
                req.getSetVariableData().stream()
                        .filter(d -> same(d.getComponent(), r.getComponent()) && same(d.getVariable(), r.getVariable())
                                && attr.equals(d.getAttributeType() == null ? "Actual" : d.getAttributeType().value()))
                        .findFirst()
                        .ifPresent(d -> values.add(Ocpp201Mapping.value(d.getComponent(), d.getVariable(), attr,
                                d.getAttributeValue(), now)));
            }
            deviceModel.values(id, values);
            return res;
        }, blocking);
    }

    private static boolean same(Component a, Component b) {
        return a.getName().equals(b.getName()) && java.util.Objects.equals(a.getInstance(), b.getInstance())
                && java.util.Objects.equals(a.getEvse() == null ? null : a.getEvse().getId(),
                        b.getEvse() == null ? null : b.getEvse().getId())
                && java.util.Objects.equals(a.getEvse() == null ? null : a.getEvse().getConnectorId(),
                        b.getEvse() == null ? null : b.getEvse().getConnectorId());
    }

    private static boolean same(Variable a, Variable b) {
        return a.getName().equals(b.getName()) && java.util.Objects.equals(a.getInstance(), b.getInstance());
    }

    // --- D Local authorization list

    public CompletableFuture<GetLocalListVersionResponse> getLocalListVersion(String id, GetLocalListVersionRequest req) {
        long pk = chargePoints.requirePk(id);
        return send(id, "GetLocalListVersion", req, GetLocalListVersionResponse.class).thenApplyAsync(res -> {
            new ChargePointRepository(dsl).recordLocalListVersion(pk, res.getVersionNumber());
            return res;
        }, blocking);
    }

    /**
     * D01. Refused before sending when the station could only fail it: a versionNumber not above 0 (D01:
     * the CSMS sends versions greater than 0; 0 means an empty list), an idToken listed twice (the list's
     * tokens are unique), or a Full list entry without idTokenInfo (an entry without one means "remove",
     * D01.FR.05/D01.FR.06, which only a Differential update can say). A Differential update must carry a
     * version above the station's current one, which the station otherwise answers VersionMismatch; when
     * the CSMS does not know that version it asks first (D02 GetLocalListVersion; -1: no local list). If the
     * station answers VersionMismatch all the same, its list is out of step: the CSMS asks for the version it
     * holds (D02) and sends a Full list instead (every id token it knows, as it would authorize it now, with a
     * version above all three), and the answer is that Full update's. The version the station accepted is recorded.
     *
     * <p>A station takes at most LocalAuthListCtrlr.ItemsPerMessage entries in one SendLocalList (from the device
     * model, else asked with GetVariables; one when it does not say, and nothing is sent when it does not answer
     * within {@link #ITEMS_PER_MESSAGE_WAIT}, see {@link #itemsPerMessage(String)}): a longer list goes in several
     * messages, the first of the request's updateType and the rest Differential, with consecutive versions that
     * end at the one asked for, so that each part is newer than the one before. The answer is the first one not
     * Accepted, else the last.
     */
    public CompletableFuture<SendLocalListResponse> sendLocalList(String id, SendLocalListRequest req) {
        long pk = chargePoints.requirePk(id);
        if (req.getVersionNumber() == null || req.getVersionNumber() < 1) {
            throw CsmsException.badRequest("versionNumber must be greater than 0 (D01)");
        }
        var seen = new HashSet<String>();
        for (AuthorizationData entry : req.getLocalAuthorizationList() == null ? List.<AuthorizationData>of()
                : req.getLocalAuthorizationList()) {
            var token = entry.getIdToken();
            if (!seen.add(token.getType().value() + ":" + token.getIdToken())) {
                throw CsmsException.badRequest("idToken " + token.getIdToken() + " is listed twice");
            }
            if (req.getUpdateType() == UpdateEnum.FULL && entry.getIdTokenInfo() == null) {
                throw CsmsException.badRequest("A Full list entry needs idTokenInfo (idToken " + token.getIdToken() + ")");
            }
        }
        if (!gateway.get().isConnected(id)) {
            return CompletableFuture.failedFuture(new ChargerNotConnectedException(id));
        }
        return itemsPerMessage(id).thenCompose(limit -> sendInParts(id, pk, req, limit));
    }

    private CompletableFuture<SendLocalListResponse> sendInParts(String id, long pk, SendLocalListRequest req, int limit) {
        List<SendLocalListRequest> parts = split(req, limit);
        int firstVersion = parts.getFirst().getVersionNumber();
        if (firstVersion < 1) {
            throw CsmsException.badRequest("The list goes in " + parts.size() + " messages of at most " + limit
                    + " entries (LocalAuthListCtrlr.ItemsPerMessage), each with its own version: versionNumber must be at least "
                    + parts.size());
        }
        if (req.getUpdateType() == UpdateEnum.FULL) {
            return sendParts(id, pk, parts);
        }
        Integer known = chargePoints.get(id).localListVersion();
        CompletableFuture<Integer> current = known != null ? CompletableFuture.completedFuture(known)
                : getLocalListVersion(id, new GetLocalListVersionRequest()).thenApply(GetLocalListVersionResponse::getVersionNumber);
        return current.thenCompose(version -> {
            if (version < 0) {
                throw CsmsException.conflict(id + " has no local authorization list (GetLocalListVersion answered -1)");
            }
            if (firstVersion <= version) {
                throw CsmsException.conflict("A Differential update needs a versionNumber greater than the station's "
                        + "current " + version + " (D01); send " + (version + parts.size()) + " or more");
            }
            return sendParts(id, pk, parts).thenCompose(res -> res.getStatus() != SendLocalListStatusEnum.VERSION_MISMATCH
                    ? CompletableFuture.completedFuture(res)
                    : getLocalListVersion(id, new GetLocalListVersionRequest())
                            .thenApply(GetLocalListVersionResponse::getVersionNumber)
                            .exceptionally(e -> version)
                            .thenApplyAsync(held -> fullList(req, Math.max(Math.max(version, held), req.getVersionNumber()),
                                    limit), blocking)
                            .thenCompose(full -> {
                                log.info("{} answered VersionMismatch to Differential version {}: sending Full version {}"
                                        + " in {} messages", id, req.getVersionNumber(),
                                        full.getLast().getVersionNumber(), full.size());
                                return sendParts(id, pk, full);
                            }));
        });
    }

    /**
     * LocalAuthListCtrlr.ItemsPerMessage as the device model has it, else as the station answers GetVariables (which
     * records it). It completes within {@link #ITEMS_PER_MESSAGE_WAIT}, so that the operator's request neither holds
     * its thread until the call timeout nor sends a list the station may not take: a station that does not answer in
     * time fails it (504, nothing sent), while a CALLERROR, a variable the station does not report or a value that is
     * not a positive number give one entry per message, which every station takes (ItemsPerMessage is at least 1).
     */
    private CompletableFuture<Integer> itemsPerMessage(String id) {
        var known = deviceModel.list(id).stream()
                .filter(v -> "LocalAuthListCtrlr".equals(v.component()) && "ItemsPerMessage".equals(v.variable())
                        && (v.attributeType() == null || "Actual".equals(v.attributeType())))
                .map(DeviceVariable::value).findFirst();
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(itemsPerMessage(id, known.get()));
        }
        var ask = new GetVariablesRequest().withGetVariableData(List.of(new GetVariableData()
                .withComponent(new Component().withName("LocalAuthListCtrlr"))
                .withVariable(new Variable().withName("ItemsPerMessage"))));
        // On a copy: the GetVariables stays in flight at the gateway, and an answer after the wait still goes
        // into the device model, where the operator's next SendLocalList finds it.
        return getVariables(id, ask).copy().orTimeout(ITEMS_PER_MESSAGE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((res, failure) -> {
                    if (failure == null) {
                        return itemsPerMessage(id, res.getGetVariableResult().stream()
                                .filter(r -> r.getAttributeStatus() == GetVariableStatusEnum.ACCEPTED)
                                .map(GetVariableResult::getAttributeValue).findFirst().orElse(null));
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof TimeoutException || cause instanceof CallTimeoutException) {
                        throw new CsmsException(CsmsException.Kind.TIMEOUT, id + " did not answer GetVariables for"
                                + " LocalAuthListCtrlr.ItemsPerMessage within " + ITEMS_PER_MESSAGE_WAIT.toSeconds()
                                + " s: nothing was sent, as the CSMS does not know how many entries the station takes in one"
                                + " message. Send the list again once the station answers (its answer is kept).");
                    }
                    if (cause instanceof ChargerNotConnectedException) {
                        throw new CompletionException(cause);
                    }
                    log.info("{} did not tell its ItemsPerMessage ({}): one entry per message", id, cause.toString());
                    return 1;
                });
    }

    private static int itemsPerMessage(String id, String value) {
        try {
            int n = value == null ? 0 : Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // as a value that is not positive
        }
        log.info("{} reports no usable ItemsPerMessage ({}): one entry per message", id, value);
        return 1;
    }

    /** The request in parts of at most {@code limit} entries: the first of its updateType, the rest Differential. */
    static List<SendLocalListRequest> split(SendLocalListRequest req, int limit) {
        List<AuthorizationData> entries = req.getLocalAuthorizationList() == null ? List.of() : req.getLocalAuthorizationList();
        if (entries.size() <= limit) {
            return List.of(req);
        }
        int count = (entries.size() + limit - 1) / limit;
        List<SendLocalListRequest> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            parts.add(new SendLocalListRequest()
                    .withVersionNumber(req.getVersionNumber() - (count - 1 - i))
                    .withUpdateType(i == 0 ? req.getUpdateType() : UpdateEnum.DIFFERENTIAL)
                    .withLocalAuthorizationList(new ArrayList<>(entries.subList(i * limit, Math.min(entries.size(), (i + 1) * limit)))));
        }
        return parts;
    }

    /** Sends the parts in order, each once the one before was Accepted. */
    private CompletableFuture<SendLocalListResponse> sendParts(String id, long pk, List<SendLocalListRequest> parts) {
        CompletableFuture<SendLocalListResponse> chain = sendLocalListAsIs(id, pk, parts.getFirst());
        for (SendLocalListRequest next : parts.subList(1, parts.size())) {
            chain = chain.thenCompose(res -> res.getStatus() != SendLocalListStatusEnum.ACCEPTED
                    ? CompletableFuture.completedFuture(res) : sendLocalListAsIs(id, pk, next));
        }
        return chain;
    }

    private CompletableFuture<SendLocalListResponse> sendLocalListAsIs(String id, long pk, SendLocalListRequest req) {
        return send(id, "SendLocalList", req, SendLocalListResponse.class).thenApplyAsync(res -> {
            if (res.getStatus() == SendLocalListStatusEnum.ACCEPTED) {
                new ChargePointRepository(dsl).recordLocalListVersion(pk, req.getVersionNumber());
            }
            return res;
        }, blocking);
    }

    /**
     * Every id token the CSMS knows, with the idTokenInfo it would answer now, as a Full list in parts of at most
     * {@code limit} entries whose last version is above {@code above}. The shared id tags carry no 2.0.1 token
     * type: a token the failed Differential named keeps the type given there, else the type a station last
     * reported for it (TransactionEvent idToken), else ISO14443 (an RFID card, what the tags mostly are).
     */
    private List<SendLocalListRequest> fullList(SendLocalListRequest differential, int above, int limit) {
        List<IdTag> tags = new IdTagRepository(dsl).list();
        Map<String, IdTokenEnum> types = new HashMap<>();
        new TransactionEventRepository(dsl).lastTokenTypes(tags.stream().map(IdTag::idTag).toList())
                .forEach((token, type) -> {
                    try {
                        IdTokenEnum t = IdTokenEnum.fromValue(type);
                        if (t != IdTokenEnum.NO_AUTHORIZATION) {
                            types.put(token, t);
                        }
                    } catch (IllegalArgumentException e) {
                        // a type this version does not name: the default below
                    }
                });
        if (differential.getLocalAuthorizationList() != null) {
            differential.getLocalAuthorizationList().forEach(e -> types.put(e.getIdToken().getIdToken(), e.getIdToken().getType()));
        }
        List<AuthorizationData> entries = new ArrayList<>();
        for (var tag : tags) {
            entries.add(new AuthorizationData()
                    .withIdToken(new IdToken().withIdToken(tag.idTag()).withType(types.getOrDefault(tag.idTag(), IdTokenEnum.ISO_14443)))
                    .withIdTokenInfo(Ocpp201Mapping.idTokenInfo(authorization.authorize(tag.idTag()), true)));
        }
        int messages = Math.max(1, (entries.size() + limit - 1) / limit);
        return split(new SendLocalListRequest().withVersionNumber(above + messages).withUpdateType(UpdateEnum.FULL)
                .withLocalAuthorizationList(entries), limit);
    }

    // --- N Diagnostics

    /**
     * N09/N10: the request names its customer by exactly one of customerIdentifier, idToken and
     * customerCertificate (the schema: "one of the possible identifiers ... should be in the request");
     * with none or several the station could not tell whose data to report or clear.
     */
    public CompletableFuture<CustomerInformationResponse> customerInformation(String id, CustomerInformationRequest req) {
        chargePoints.requirePk(id);
        int named = (req.getCustomerIdentifier() == null ? 0 : 1) + (req.getIdToken() == null ? 0 : 1)
                + (req.getCustomerCertificate() == null ? 0 : 1);
        if (named != 1) {
            throw CsmsException.badRequest(
                    "Name the customer by exactly one of customerIdentifier, idToken and customerCertificate");
        }
        return send(id, "CustomerInformation", req, CustomerInformationResponse.class);
    }

    // --- F Remote control

    /**
     * F01/F02. An EVSE reserved for another id token is refused here, before the station is asked. A
     * charging profile must be a TxProfile (F01.FR.08..); it is stored and sent under the stored id.
     */
    public CompletableFuture<RequestStartTransactionResponse> requestStartTransaction(String id,
            RequestStartTransactionRequest req) {
        long pk = chargePoints.requirePk(id);
        if (!gateway.get().isConnected(id)) {
            return CompletableFuture.failedFuture(new ChargerNotConnectedException(id));
        }
        String token = req.getIdToken().getIdToken();
        if (req.getEvseId() != null) {
            var auth = authorization.authorize(token);
            for (Reservation r : new ReservationRepository(dsl).holding(pk, req.getEvseId(), clock.instant())) {
                if (!r.admits(token, auth.parentIdTag())) {
                    throw CsmsException.conflict("EVSE " + r.connectorId() + " is reserved for another id token");
                }
            }
        }
        Long profileId = null;
        var cp = req.getChargingProfile();
        if (cp != null) {
            if (cp.getChargingProfilePurpose() != ChargingProfilePurposeEnum.TX_PROFILE) {
                throw CsmsException.badRequest("A RequestStartTransaction charging profile must be a TxProfile");
            }
            profileId = new ChargingProfileRepository(dsl).insert(Ocpp201Mapping.profile(cp), clock.instant());
            cp.setId(Math.toIntExact(profileId));
        }
        Long storedProfile = profileId;
        return send(id, "RequestStartTransaction", req, RequestStartTransactionResponse.class).thenApplyAsync(res -> {
            if (storedProfile != null) {
                new ChargingProfileRepository(dsl).assign(storedProfile, pk,
                        req.getEvseId() == null ? 0 : req.getEvseId(), null, res.getStatus().value(), clock.instant());
            }
            return res;
        }, blocking);
    }

    // --- H Reservation

    /**
     * H01. The reservation is stored first (in the shared reservation table, the EVSE as its connector,
     * the idToken as its id tag, the groupIdToken as its parent) so that its id is the id the station
     * gets, whatever the request said; then it takes the station's answer as its status.
     */
    public CompletableFuture<ReserveNowResponse> reserveNow(String id, ReserveNowRequest req) {
        long pk = chargePoints.requirePk(id);
        if (!gateway.get().isConnected(id)) {
            return CompletableFuture.failedFuture(new ChargerNotConnectedException(id));
        }
        if (!req.getExpiryDateTime().toInstant().isAfter(clock.instant())) {
            throw CsmsException.badRequest("expiryDateTime must be in the future");
        }
        String token = req.getIdToken().getIdToken();
        String group = req.getGroupIdToken() != null ? req.getGroupIdToken().getIdToken()
                : authorization.authorize(token).parentIdTag();
        long reservationId = new ReservationRepository(dsl).insert(pk, req.getEvseId() == null ? 0 : req.getEvseId(),
                token, group, req.getExpiryDateTime().toInstant(), clock.instant());
        req.setId(Math.toIntExact(reservationId));
        if (req.getGroupIdToken() == null && group != null) {
            req.setGroupIdToken(new IdToken().withIdToken(group).withType(IdTokenEnum.CENTRAL));
        }
        return send(id, "ReserveNow", req, ReserveNowResponse.class).handleAsync((res, failure) -> {
            var repo = new ReservationRepository(dsl);
            if (failure != null) {
                repo.updateStatus(reservationId, Reservation.Status.Rejected, clock.instant());
                throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
            }
            repo.updateStatus(reservationId, Reservation.Status.valueOf(res.getStatus().value()), clock.instant());
            return res;
        }, blocking);
    }

    public CompletableFuture<CancelReservationResponse> cancelReservation(String id, CancelReservationRequest req) {
        return send(id, "CancelReservation", req, CancelReservationResponse.class).thenApplyAsync(res -> {
            if (res.getStatus() == CancelReservationStatusEnum.ACCEPTED) {
                new ReservationRepository(dsl).updateStatus(req.getReservationId(), Reservation.Status.Cancelled,
                        clock.instant());
            }
            return res;
        }, blocking);
    }

    // --- K Smart charging

    /**
     * K01. The profile is stored and sent under its stored id; once accepted, it replaces on that EVSE the
     * profiles of the same purpose and stack level (K01.FR.05). A TxProfile names the station's
     * transactionId, which is linked to the shared transaction.
     */
    public CompletableFuture<SetChargingProfileResponse> setChargingProfile(String id, SetChargingProfileRequest req) {
        return setChargingProfile(id, req, null);
    }

    /**
     * K01 under a key: the profile stored under that key before is replaced in place, so the profile id
     * stays the same from one send to the next and the station replaces its copy (K01.FR.05) rather than
     * holding two of one purpose and stack level; null stores a new profile.
     */
    public CompletableFuture<SetChargingProfileResponse> setChargingProfile(String id, SetChargingProfileRequest req,
            String key) {
        long pk = chargePoints.requirePk(id);
        if (!gateway.get().isConnected(id)) {
            return CompletableFuture.failedFuture(new ChargerNotConnectedException(id));
        }
        var cp = req.getChargingProfile();
        Long txPk = null;
        if (cp.getChargingProfilePurpose() == ChargingProfilePurposeEnum.TX_PROFILE) {
            if (cp.getTransactionId() == null) {
                // K01.FR.03: a TxProfile without a transactionId is rejected by the station.
                throw CsmsException.badRequest("A TxProfile needs a transactionId");
            }
            txPk = transactions.findByChargerTransactionId(id, cp.getTransactionId()).map(Transaction::id).orElse(null);
        }
        var profile = Ocpp201Mapping.profile(cp);
        var profiles = new ChargingProfileRepository(dsl);
        long profileId = key == null ? profiles.insert(profile, clock.instant())
                : profiles.upsertKeyed(key, profile, clock.instant());
        cp.setId(Math.toIntExact(profileId));
        Long transactionPk = txPk;
        return send(id, "SetChargingProfile", req, SetChargingProfileResponse.class).thenApplyAsync(res -> {
            var repo = new ChargingProfileRepository(dsl);
            if (res.getStatus() == ChargingProfileStatusEnum.ACCEPTED) {
                repo.markCleared(pk, null, req.getEvseId(), profile.purpose(), profile.stackLevel(), clock.instant());
            }
            repo.assign(profileId, pk, req.getEvseId(), transactionPk, res.getStatus().value(), clock.instant());
            return res;
        }, blocking);
    }

    /** K08: the station's composite schedule for an EVSE (0: the grid connection of the station). */
    public CompletableFuture<GetCompositeScheduleResponse> getCompositeSchedule(String id,
            GetCompositeScheduleRequest req) {
        return send(id, "GetCompositeSchedule", req, GetCompositeScheduleResponse.class);
    }

    /** K10: once accepted, the profiles the criteria name are marked cleared. */
    public CompletableFuture<ClearChargingProfileResponse> clearChargingProfile(String id, ClearChargingProfileRequest req) {
        long pk = chargePoints.requirePk(id);
        return send(id, "ClearChargingProfile", req, ClearChargingProfileResponse.class).thenApplyAsync(res -> {
            if (res.getStatus() == ClearChargingProfileStatusEnum.ACCEPTED) {
                var c = req.getChargingProfileCriteria();
                new ChargingProfileRepository(dsl).markCleared(pk,
                        req.getChargingProfileId() == null ? null : req.getChargingProfileId().longValue(),
                        c == null ? null : c.getEvseId(),
                        c == null || c.getChargingProfilePurpose() == null ? null : c.getChargingProfilePurpose().value(),
                        c == null ? null : c.getStackLevel(), clock.instant());
            }
            return res;
        }, blocking);
    }

    // --- A Security

    /** A04/M03: the installed certificates the station lists are kept as a report. */
    public CompletableFuture<GetInstalledCertificateIdsResponse> getInstalledCertificateIds(String id,
            GetInstalledCertificateIdsRequest req) {
        chargePoints.requirePk(id);
        return send(id, "GetInstalledCertificateIds", req, GetInstalledCertificateIdsResponse.class)
                .thenApplyAsync(res -> {
                    try {
                        reports.record(id, "InstalledCertificateIds", null, null, OcppJson.mapper().writeValueAsString(res));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                    return res;
                }, blocking);
    }

    /**
     * M05: installs a root (V2G, MO, CSMS or manufacturer root). Refused before sending when the PEM is not
     * one X.509 CA certificate, which the station could only reject; what the station answered is kept as
     * a report (certificateType, subject, status), beside the lists GetInstalledCertificateIds brings.
     */
    public CompletableFuture<InstallCertificateResponse> installCertificate(String id, InstallCertificateRequest req) {
        chargePoints.requirePk(id);
        java.security.cert.X509Certificate certificate;
        try {
            var parsed = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(
                    new java.io.ByteArrayInputStream(req.getCertificate().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            if (parsed.size() != 1) {
                throw CsmsException.badRequest("certificate must hold exactly one PEM certificate, not " + parsed.size());
            }
            certificate = (java.security.cert.X509Certificate) parsed.iterator().next();
        } catch (java.security.cert.CertificateException e) {
            throw CsmsException.badRequest("certificate is not a PEM X.509 certificate");
        }
        // A root is a CA certificate; a self-signed server certificate may stand as its own CSMS root.
        if (certificate.getBasicConstraints() < 0
                && !certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            throw CsmsException.badRequest("A " + req.getCertificateType().value() + " must be a CA certificate");
        }
        String subject = certificate.getSubjectX500Principal().getName();
        return send(id, "InstallCertificate", req, InstallCertificateResponse.class).thenApplyAsync(res -> {
            var report = OcppJson.mapper().createObjectNode().put("certificateType", req.getCertificateType().value())
                    .put("subject", subject).put("status", res.getStatus().value());
            reports.record(id, "InstallCertificate", null, null, report.toString());
            return res;
        }, blocking);
    }

    // --- what the operator API shows

    public List<DeviceVariable> deviceModel(String id) {
        return deviceModel.list(id);
    }

    public StationReportService reports() {
        return reports;
    }

    private <R> CompletableFuture<R> send(String id, String action, Object request, Class<R> responseType) {
        return gateway.get().call(id, action, request, responseType);
    }
}
