package io.evstack.sim.charger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evstack.ocpp.v16.CancelReservation;
import io.evstack.ocpp.v16.CancelReservationResponse;
import io.evstack.ocpp.v16.ChangeAvailability;
import io.evstack.ocpp.v16.ChangeAvailabilityResponse;
import io.evstack.ocpp.v16.ChangeConfiguration;
import io.evstack.ocpp.v16.ChangeConfigurationResponse;
import io.evstack.ocpp.v16.ChargingProfile;
import io.evstack.ocpp.v16.ChargingProfilePurposeType;
import io.evstack.ocpp.v16.ChargingRateUnitType;
import io.evstack.ocpp.v16.ClearCache;
import io.evstack.ocpp.v16.ClearCacheResponse;
import io.evstack.ocpp.v16.ClearChargingProfile;
import io.evstack.ocpp.v16.ClearChargingProfileResponse;
import io.evstack.ocpp.v16.DataTransfer;
import io.evstack.ocpp.v16.DataTransferResponse;
import io.evstack.ocpp.v16.DiagnosticsStatusNotification;
import io.evstack.ocpp.v16.DiagnosticsStatusNotificationResponse;
import io.evstack.ocpp.v16.FirmwareStatusNotification;
import io.evstack.ocpp.v16.FirmwareStatusNotificationResponse;
import io.evstack.ocpp.v16.GetCompositeSchedule;
import io.evstack.ocpp.v16.GetCompositeScheduleResponse;
import io.evstack.ocpp.v16.GetConfiguration;
import io.evstack.ocpp.v16.GetConfigurationResponse;
import io.evstack.ocpp.v16.GetDiagnostics;
import io.evstack.ocpp.v16.GetDiagnosticsResponse;
import io.evstack.ocpp.v16.GetLocalListVersion;
import io.evstack.ocpp.v16.GetLocalListVersionResponse;
import io.evstack.ocpp.v16.RemoteStartTransaction;
import io.evstack.ocpp.v16.RemoteStartTransactionResponse;
import io.evstack.ocpp.v16.RemoteStopTransaction;
import io.evstack.ocpp.v16.RemoteStopTransactionResponse;
import io.evstack.ocpp.v16.ReserveNow;
import io.evstack.ocpp.v16.ReserveNowResponse;
import io.evstack.ocpp.v16.Reset;
import io.evstack.ocpp.v16.ResetResponse;
import io.evstack.ocpp.v16.SendLocalList;
import io.evstack.ocpp.v16.SendLocalListResponse;
import io.evstack.ocpp.v16.SetChargingProfile;
import io.evstack.ocpp.v16.SetChargingProfileResponse;
import io.evstack.ocpp.v16.StopTransaction;
import io.evstack.ocpp.v16.TriggerMessage;
import io.evstack.ocpp.v16.TriggerMessageResponse;
import io.evstack.ocpp.v16.UnlockConnector;
import io.evstack.ocpp.v16.UnlockConnectorResponse;
import io.evstack.ocpp.v16.UpdateFirmware;
import io.evstack.ocpp.v16.UpdateFirmwareResponse;
import io.evstack.sim.charging.CompositeSchedule;
import io.evstack.sim.charging.InstalledProfile;
import io.evstack.sim.ocpp.CallErrorCode;
import io.evstack.sim.ocpp.CallErrorException;
import io.evstack.sim.ocpp.CallHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every CSMS-initiated operation of OCPP 1.6 (Core, Firmware Management, Local Auth List Management,
 * Reservation, Smart Charging, Remote Trigger), one method each, dispatched from a map built in plain
 * code. Runs on the charger's event loop; what must follow the reply (a reboot, a triggered message)
 * is posted with {@link SimulatedCharger#afterReply}.
 */
final class CsmsOperations implements CallHandler {
    static final String VENDOR_ID = "EVstackSim";

    @FunctionalInterface
    private interface Operation<Q> {
        Object handle(Q request) throws CallErrorException;
    }

    private record Route<Q>(Class<Q> type, Operation<Q> operation) {}

    private final SimulatedCharger charger;
    private final ObjectMapper mapper;
    private final Map<String, Route<?>> routes = new HashMap<>();

    CsmsOperations(SimulatedCharger charger, ObjectMapper mapper) {
        this.charger = charger;
        this.mapper = mapper;
        on("CancelReservation", CancelReservation.class, this::cancelReservation);
        on("ChangeAvailability", ChangeAvailability.class, this::changeAvailability);
        on("ChangeConfiguration", ChangeConfiguration.class, this::changeConfiguration);
        on("ClearCache", ClearCache.class, this::clearCache);
        on("ClearChargingProfile", ClearChargingProfile.class, this::clearChargingProfile);
        on("DataTransfer", DataTransfer.class, this::dataTransfer);
        on("GetCompositeSchedule", GetCompositeSchedule.class, this::getCompositeSchedule);
        on("GetConfiguration", GetConfiguration.class, this::getConfiguration);
        on("GetDiagnostics", GetDiagnostics.class, this::getDiagnostics);
        on("GetLocalListVersion", GetLocalListVersion.class, this::getLocalListVersion);
        on("RemoteStartTransaction", RemoteStartTransaction.class, this::remoteStart);
        on("RemoteStopTransaction", RemoteStopTransaction.class, this::remoteStop);
        on("ReserveNow", ReserveNow.class, this::reserveNow);
        on("Reset", Reset.class, this::reset);
        on("SendLocalList", SendLocalList.class, this::sendLocalList);
        on("SetChargingProfile", SetChargingProfile.class, this::setChargingProfile);
        on("TriggerMessage", TriggerMessage.class, this::triggerMessage);
        on("UnlockConnector", UnlockConnector.class, this::unlockConnector);
        on("UpdateFirmware", UpdateFirmware.class, this::updateFirmware);
    }

    private <Q> void on(String action, Class<Q> type, Operation<Q> operation) {
        routes.put(action, new Route<>(type, operation));
    }

    @Override
    public Object handle(String action, JsonNode payload) throws CallErrorException {
        Route<?> route = routes.get(action);
        if (route == null) {
            throw new CallErrorException(CallErrorCode.NOT_IMPLEMENTED, action + " is not implemented by this charger");
        }
        return invoke(route, payload);
    }

    private <Q> Object invoke(Route<Q> route, JsonNode payload) throws CallErrorException {
        Q request;
        try {
            request = mapper.treeToValue(payload, route.type());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new CallErrorException(CallErrorCode.TYPE_CONSTRAINT_VIOLATION, "unreadable payload: " + e.getMessage());
        }
        return route.operation().handle(request);
    }

    private static <T> T required(T value, String field) throws CallErrorException {
        if (value == null) {
            throw new CallErrorException(CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION, field + " is required");
        }
        return value;
    }

    // ------------------------------------------------------------------ Core

    private ChangeAvailabilityResponse changeAvailability(ChangeAvailability req) throws CallErrorException {
        int connectorId = required(req.getConnectorId(), "connectorId");
        boolean operative = required(req.getType(), "type") == ChangeAvailability.Type.OPERATIVE;
        if (connectorId != 0 && !charger.validConnector(connectorId)) {
            return new ChangeAvailabilityResponse().withStatus(ChangeAvailabilityResponse.Status.REJECTED);
        }
        List<ConnectorSim> targets = connectorId == 0 ? charger.connectors() : List.of(charger.connector(connectorId));
        boolean scheduled = false;
        for (ConnectorSim c : targets) {
            if (operative) {
                c.operative = true;
                c.inoperativeScheduled = false;
            } else if (c.session != null) {
                c.inoperativeScheduled = true;
                scheduled = true;
            } else {
                c.operative = false;
            }
        }
        charger.afterReply(() -> {
            if (connectorId == 0) {
                charger.sendStatus(0);
            }
            targets.forEach(charger::refreshStatus);
        });
        return new ChangeAvailabilityResponse().withStatus(
                scheduled ? ChangeAvailabilityResponse.Status.SCHEDULED : ChangeAvailabilityResponse.Status.ACCEPTED);
    }

    private ChangeConfigurationResponse changeConfiguration(ChangeConfiguration req) throws CallErrorException {
        String key = required(req.getKey(), "key");
        ChangeConfigurationResponse.Status status = charger.config().change(key, required(req.getValue(), "value"));
        if (status == ChangeConfigurationResponse.Status.ACCEPTED) {
            switch (key) {
                case "HeartbeatInterval" -> charger.afterReply(charger::restartHeartbeat);
                case "AuthorizationKey" -> charger.afterReply(() -> charger.link().changePassword(req.getValue()));
                default -> { }
            }
        }
        return new ChangeConfigurationResponse().withStatus(status);
    }

    private ClearCacheResponse clearCache(ClearCache req) {
        if (!charger.config().bool("AuthorizationCacheEnabled")) {
            return new ClearCacheResponse().withStatus(ClearCacheResponse.Status.REJECTED);
        }
        charger.authorization().clearCache();
        return new ClearCacheResponse().withStatus(ClearCacheResponse.Status.ACCEPTED);
    }

    private DataTransferResponse dataTransfer(DataTransfer req) throws CallErrorException {
        if (!VENDOR_ID.equals(required(req.getVendorId(), "vendorId"))) {
            return new DataTransferResponse().withStatus(DataTransferResponse.Status.UNKNOWN_VENDOR_ID);
        }
        if ("Echo".equals(req.getMessageId())) {
            return new DataTransferResponse().withStatus(DataTransferResponse.Status.ACCEPTED).withData(req.getData());
        }
        return new DataTransferResponse().withStatus(DataTransferResponse.Status.UNKNOWN_MESSAGE_ID);
    }

    private GetConfigurationResponse getConfiguration(GetConfiguration req) {
        ChargerConfiguration.Report report = charger.config().report(req.getKey(),
                charger.config().integer("GetConfigurationMaxKeys", 100));
        return new GetConfigurationResponse().withConfigurationKey(report.known())
                .withUnknownKey(report.unknown().isEmpty() ? null : report.unknown());
    }

    private RemoteStartTransactionResponse remoteStart(RemoteStartTransaction req) throws CallErrorException {
        String idTag = required(req.getIdTag(), "idTag");
        ChargingProfile profile = req.getChargingProfile();
        if (profile != null && profile.getChargingProfilePurpose() != ChargingProfilePurposeType.TX_PROFILE) {
            return rejectedStart();
        }
        ConnectorSim target = null;
        if (req.getConnectorId() != null) {
            if (!charger.validConnector(req.getConnectorId())) {
                return rejectedStart();
            }
            target = charger.connector(req.getConnectorId());
        } else {
            for (ConnectorSim c : charger.connectors()) {
                if (c.session == null && c.ev != null && !c.finishing && startable(c)) {
                    target = c;
                    break;
                }
            }
            for (ConnectorSim c : charger.connectors()) {
                if (target == null && c.session == null && c.ev == null && startable(c)) {
                    target = c;
                }
            }
        }
        if (target == null || target.session != null || target.finishing || !startable(target)) {
            return rejectedStart();
        }
        ConnectorSim c = target;
        charger.afterReply(() -> {
            charger.plugDefaultVehicle(c);
            if (charger.config().bool("AuthorizeRemoteTxRequests")) {
                charger.authorize(idTag, ok -> {
                    if (ok) {
                        charger.startTransaction(c, idTag, profile);
                    }
                });
            } else {
                charger.startTransaction(c, idTag, profile);
            }
        });
        return new RemoteStartTransactionResponse().withStatus(RemoteStartTransactionResponse.Status.ACCEPTED);
    }

    private static boolean startable(ConnectorSim c) {
        return c.operative && !c.faulted() && (c.reservation == null);
    }

    private static RemoteStartTransactionResponse rejectedStart() {
        return new RemoteStartTransactionResponse().withStatus(RemoteStartTransactionResponse.Status.REJECTED);
    }

    private RemoteStopTransactionResponse remoteStop(RemoteStopTransaction req) throws CallErrorException {
        int transactionId = required(req.getTransactionId(), "transactionId");
        for (ConnectorSim c : charger.connectors()) {
            if (c.session != null && Integer.valueOf(transactionId).equals(c.session.transactionId)) {
                charger.afterReply(() -> charger.stopTransaction(c, StopTransaction.Reason.REMOTE, null));
                return new RemoteStopTransactionResponse().withStatus(RemoteStopTransactionResponse.Status.ACCEPTED);
            }
        }
        return new RemoteStopTransactionResponse().withStatus(RemoteStopTransactionResponse.Status.REJECTED);
    }

    private ResetResponse reset(Reset req) throws CallErrorException {
        Reset.Type type = required(req.getType(), "type");
        charger.afterReply(() -> charger.reboot(
                type == Reset.Type.HARD ? StopTransaction.Reason.HARD_RESET : StopTransaction.Reason.SOFT_RESET));
        return new ResetResponse().withStatus(ResetResponse.Status.ACCEPTED);
    }

    private UnlockConnectorResponse unlockConnector(UnlockConnector req) throws CallErrorException {
        int connectorId = required(req.getConnectorId(), "connectorId");
        if (!charger.validConnector(connectorId)) {
            return new UnlockConnectorResponse().withStatus(UnlockConnectorResponse.Status.NOT_SUPPORTED);
        }
        ConnectorSim c = charger.connector(connectorId);
        charger.afterReply(() -> {
            if (c.session != null) {
                charger.stopTransaction(c, StopTransaction.Reason.UNLOCK_COMMAND, null);
            }
            charger.unplug(c);
        });
        return new UnlockConnectorResponse().withStatus(UnlockConnectorResponse.Status.UNLOCKED);
    }

    // ------------------------------------------------------------------ Firmware Management

    private GetDiagnosticsResponse getDiagnostics(GetDiagnostics req) throws CallErrorException {
        required(req.getLocation(), "location");
        String fileName = "diagnostics-" + charger.id() + "-" + charger.localNow().getEpochSecond() + ".log";
        charger.afterReply(() -> {
            diagnosticsStatus(DiagnosticsStatusNotification.Status.UPLOADING);
            charger.clock().schedule(charger.loop(), Duration.ofSeconds(10),
                    () -> diagnosticsStatus(DiagnosticsStatusNotification.Status.UPLOADED));
        });
        return new GetDiagnosticsResponse().withFileName(fileName);
    }

    private void diagnosticsStatus(DiagnosticsStatusNotification.Status status) {
        if (charger.ready()) {
            charger.link().call("DiagnosticsStatusNotification", new DiagnosticsStatusNotification().withStatus(status),
                    DiagnosticsStatusNotificationResponse.class);
        }
    }

    private UpdateFirmwareResponse updateFirmware(UpdateFirmware req) throws CallErrorException {
        required(req.getLocation(), "location");
        Instant retrieve = required(req.getRetrieveDate(), "retrieveDate").toInstant();
        String path = req.getLocation().getPath() == null ? "" : req.getLocation().getPath();
        String version = path.isEmpty() ? "1.5.0" : path.substring(path.lastIndexOf('/') + 1);
        Duration wait = Duration.between(charger.localNow(), retrieve);
        charger.afterReply(() -> charger.clock().schedule(charger.loop(), wait.isNegative() ? Duration.ZERO : wait, () -> {
            firmwareStatus(FirmwareStatusNotification.Status.DOWNLOADING);
            charger.clock().schedule(charger.loop(), Duration.ofSeconds(20), () -> {
                firmwareStatus(FirmwareStatusNotification.Status.DOWNLOADED);
                firmwareStatus(FirmwareStatusNotification.Status.INSTALLING);
                charger.clock().schedule(charger.loop(), Duration.ofSeconds(10), () -> {
                    charger.firmwareInstalled(version);
                    firmwareStatus(FirmwareStatusNotification.Status.INSTALLED);
                });
            });
        }));
        return new UpdateFirmwareResponse();
    }

    private void firmwareStatus(FirmwareStatusNotification.Status status) {
        if (charger.ready()) {
            charger.link().call("FirmwareStatusNotification", new FirmwareStatusNotification().withStatus(status),
                    FirmwareStatusNotificationResponse.class);
        }
    }

    // ------------------------------------------------------------------ Local Auth List Management

    private GetLocalListVersionResponse getLocalListVersion(GetLocalListVersion req) {
        int version = charger.config().bool("LocalAuthListEnabled") ? charger.authorization().listVersion() : -1;
        return new GetLocalListVersionResponse().withListVersion(version);
    }

    private SendLocalListResponse sendLocalList(SendLocalList req) throws CallErrorException {
        required(req.getListVersion(), "listVersion");
        required(req.getUpdateType(), "updateType");
        if (!charger.config().bool("LocalAuthListEnabled")) {
            return new SendLocalListResponse().withStatus(SendLocalListResponse.Status.NOT_SUPPORTED);
        }
        return new SendLocalListResponse().withStatus(
                charger.authorization().update(req, charger.config().integer("SendLocalListMaxLength", 100)));
    }

    // ------------------------------------------------------------------ Reservation

    private ReserveNowResponse reserveNow(ReserveNow req) throws CallErrorException {
        int connectorId = required(req.getConnectorId(), "connectorId");
        int reservationId = required(req.getReservationId(), "reservationId");
        String idTag = required(req.getIdTag(), "idTag");
        Instant expiry = required(req.getExpiryDate(), "expiryDate").toInstant();
        if (!charger.validConnector(connectorId)) {
            return reserve(ReserveNowResponse.Status.REJECTED); // connector 0: ReserveConnectorZeroSupported is false
        }
        ConnectorSim c = charger.connector(connectorId);
        if (c.faulted()) {
            return reserve(ReserveNowResponse.Status.FAULTED);
        }
        if (!c.operative) {
            return reserve(ReserveNowResponse.Status.UNAVAILABLE);
        }
        if (c.session != null || c.ev != null || (c.reservation != null && c.reservation.id() != reservationId)) {
            return reserve(ReserveNowResponse.Status.OCCUPIED);
        }
        if (c.reservation != null) {
            ConnectorSim.cancel(c.reservation.expiryTimer());
        }
        Duration left = Duration.between(charger.localNow(), expiry);
        c.reservation = new ConnectorSim.Reservation(reservationId, idTag, req.getParentIdTag(), expiry,
                charger.clock().schedule(charger.loop(), left.isNegative() ? Duration.ZERO : left, () -> {
                    if (c.reservation != null && c.reservation.id() == reservationId) {
                        c.reservation = null;
                        charger.refreshStatus(c);
                    }
                }));
        charger.afterReply(() -> charger.refreshStatus(c));
        return reserve(ReserveNowResponse.Status.ACCEPTED);
    }

    private static ReserveNowResponse reserve(ReserveNowResponse.Status status) {
        return new ReserveNowResponse().withStatus(status);
    }

    private CancelReservationResponse cancelReservation(CancelReservation req) throws CallErrorException {
        int reservationId = required(req.getReservationId(), "reservationId");
        for (ConnectorSim c : charger.connectors()) {
            if (c.reservation != null && c.reservation.id() == reservationId) {
                ConnectorSim.cancel(c.reservation.expiryTimer());
                c.reservation = null;
                charger.afterReply(() -> charger.refreshStatus(c));
                return new CancelReservationResponse().withStatus(CancelReservationResponse.Status.ACCEPTED);
            }
        }
        return new CancelReservationResponse().withStatus(CancelReservationResponse.Status.REJECTED);
    }

    // ------------------------------------------------------------------ Smart Charging

    private SetChargingProfileResponse setChargingProfile(SetChargingProfile req) throws CallErrorException {
        int connectorId = required(req.getConnectorId(), "connectorId");
        ChargingProfile p = required(req.getCsChargingProfiles(), "csChargingProfiles");
        required(p.getChargingSchedule(), "chargingSchedule");
        required(p.getChargingSchedule().getChargingSchedulePeriod(), "chargingSchedulePeriod");
        ChargerConfiguration config = charger.config();
        boolean connectorOk = connectorId == 0 || charger.validConnector(connectorId);
        boolean unitOk = config.list("ChargingScheduleAllowedChargingRateUnit").stream()
                .anyMatch(u -> u.equals(p.getChargingSchedule().getChargingRateUnit() == ChargingRateUnitType.A ? "Current" : "Power"));
        boolean levelOk = p.getStackLevel() != null && p.getStackLevel() >= 0
                && p.getStackLevel() <= config.integer("ChargeProfileMaxStackLevel", 10);
        boolean periodsOk = !p.getChargingSchedule().getChargingSchedulePeriod().isEmpty()
                && p.getChargingSchedule().getChargingSchedulePeriod().size() <= config.integer("ChargingScheduleMaxPeriods", 24);
        boolean purposeOk = switch (p.getChargingProfilePurpose()) {
            case CHARGE_POINT_MAX_PROFILE -> connectorId == 0;
            case TX_DEFAULT_PROFILE -> true;
            case TX_PROFILE -> connectorId > 0 && charger.validConnector(connectorId)
                    && charger.connector(connectorId).session != null
                    && (p.getTransactionId() == null || charger.connector(connectorId).session.transactionId == null
                            || p.getTransactionId().equals(charger.connector(connectorId).session.transactionId));
        };
        boolean roomOk = charger.profiles().size() < config.integer("MaxChargingProfilesInstalled", 20)
                || charger.profiles().all().stream().anyMatch(i -> i.id() == p.getChargingProfileId());
        if (!(connectorOk && unitOk && levelOk && periodsOk && purposeOk && roomOk)) {
            return new SetChargingProfileResponse().withStatus(SetChargingProfileResponse.Status.REJECTED);
        }
        charger.profiles().install(InstalledProfile.of(connectorId, p, charger.localNow()));
        charger.afterReply(charger::reevaluate);
        return new SetChargingProfileResponse().withStatus(SetChargingProfileResponse.Status.ACCEPTED);
    }

    private ClearChargingProfileResponse clearChargingProfile(ClearChargingProfile req) {
        boolean removed = charger.profiles().clear(req.getId(), req.getConnectorId(), req.getChargingProfilePurpose(),
                req.getStackLevel());
        if (removed) {
            charger.afterReply(charger::reevaluate);
        }
        return new ClearChargingProfileResponse().withStatus(
                removed ? ClearChargingProfileResponse.Status.ACCEPTED : ClearChargingProfileResponse.Status.UNKNOWN);
    }

    private GetCompositeScheduleResponse getCompositeSchedule(GetCompositeSchedule req) throws CallErrorException {
        int connectorId = required(req.getConnectorId(), "connectorId");
        int duration = required(req.getDuration(), "duration");
        if (connectorId != 0 && !charger.validConnector(connectorId)) {
            return new GetCompositeScheduleResponse().withStatus(GetCompositeScheduleResponse.Status.REJECTED);
        }
        CompositeSchedule schedule = composite(connectorId, Duration.ofSeconds(duration), req.getChargingRateUnit());
        return new GetCompositeScheduleResponse().withStatus(GetCompositeScheduleResponse.Status.ACCEPTED)
                .withConnectorId(connectorId).withScheduleStart(schedule.toOcpp().getStartSchedule())
                .withChargingSchedule(schedule.toOcpp());
    }

    /** The composite schedule, hardware limits included, in the unit asked for (A on AC, W on DC by default). */
    CompositeSchedule composite(int connectorId, Duration duration, ChargingRateUnitType asked) {
        boolean dc = charger.model().dc();
        ChargingRateUnitType unit = asked != null ? asked : dc ? ChargingRateUnitType.W : ChargingRateUnitType.A;
        var converter = charger.smartCharging().converter();
        double hardwareW = connectorId == 0 ? charger.model().maxPowerW() : charger.connector(connectorId).spec.maxPowerW();
        double hardware;
        if (unit == ChargingRateUnitType.W) {
            hardware = hardwareW;
        } else if (!dc && connectorId > 0) {
            hardware = charger.connector(connectorId).spec.maxCurrentA();
        } else {
            hardware = converter.convert(hardwareW, ChargingRateUnitType.W, ChargingRateUnitType.A, null);
        }
        Session s = connectorId > 0 ? charger.connector(connectorId).session : null;
        return charger.smartCharging().composite(connectorId, charger.localNow(), duration, unit,
                s == null ? null : s.start, s == null ? null : s.transactionId, hardware);
    }

    // ------------------------------------------------------------------ Remote Trigger

    private TriggerMessageResponse triggerMessage(TriggerMessage req) throws CallErrorException {
        TriggerMessage.RequestedMessage what = required(req.getRequestedMessage(), "requestedMessage");
        Integer connectorId = req.getConnectorId();
        if (connectorId != null && connectorId != 0 && !charger.validConnector(connectorId)) {
            return new TriggerMessageResponse().withStatus(TriggerMessageResponse.Status.REJECTED);
        }
        Runnable send = switch (what) {
            case BOOT_NOTIFICATION -> charger::sendBoot;
            case HEARTBEAT -> charger::sendHeartbeat;
            case STATUS_NOTIFICATION -> () -> {
                if (connectorId != null) {
                    charger.sendStatus(connectorId);
                } else {
                    charger.sendStatus(0);
                    charger.connectors().forEach(c -> charger.sendStatus(c.id()));
                }
            };
            case METER_VALUES -> () -> charger.connectors().stream()
                    .filter(c -> connectorId == null || connectorId == 0 || c.id() == connectorId)
                    .forEach(charger::sendMeterValuesNow);
            case DIAGNOSTICS_STATUS_NOTIFICATION -> () -> diagnosticsStatus(DiagnosticsStatusNotification.Status.IDLE);
            case FIRMWARE_STATUS_NOTIFICATION -> () -> firmwareStatus(FirmwareStatusNotification.Status.IDLE);
        };
        charger.afterReply(send);
        return new TriggerMessageResponse().withStatus(TriggerMessageResponse.Status.ACCEPTED);
    }
}
