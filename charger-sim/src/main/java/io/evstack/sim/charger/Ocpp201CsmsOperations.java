package io.evstack.sim.charger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.ocpp.v16.ChangeConfigurationResponse;
import io.evstack.ocpp.v16.ChargingProfile;
import io.evstack.ocpp.v16.ChargingProfilePurposeType;
import io.evstack.ocpp.v16.StopTransaction;
import io.evstack.ocpp.v16.ChargingRateUnitType;
import io.evstack.ocpp.v16.SendLocalListResponse;
import io.evstack.sim.charging.CompositeSchedule;
import io.evstack.sim.charging.InstalledProfile;
import io.evstack.sim.charging.Ocpp201Profiles;
import io.evstack.sim.ocpp.CallErrorCode;
import io.evstack.sim.ocpp.CallErrorException;
import io.evstack.sim.ocpp.CallHandler;
import java.util.Map;

/**
 * The CSMS-initiated OCPP 2.0.1 operations a simulated charger answers (part 2: F01/F03 remote start and stop,
 * K01 SetChargingProfile, K10 ClearChargingProfile, K08 GetCompositeSchedule, B06/B05 Get/SetVariables, B11/B12 Reset, G03
 * ChangeAvailability, F06 TriggerMessage, D01/D02 local list, C11 ClearCache, F05 UnlockConnector, H01/H02 reservations,
 * E14 GetTransactionStatus, P01 DataTransfer, B07-B09 reports and network profile, L01 firmware, N01 logs, M03-M05 and
 * A02 certificates, K09 GetChargingProfiles, N02-N06 monitoring, N09/N10 customer information, O01-O06 display
 * messages, L03/L04 firmware publishing, I02 CostUpdated). They act on the same state as the 1.6 {@link CsmsOperations}: a profile
 * set here is enforced on the meter by the shared SmartCharging. Payloads are checked against the schemas by the
 * link before they get here; runs on the charger's event loop.
 */
final class Ocpp201CsmsOperations implements CallHandler {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Device-model variables (component, variable) the station exposes, backed by its configuration keys. */
    static final Map<String, String> VARIABLES = Map.of(
            "OCPPCommCtrlr/HeartbeatInterval", "HeartbeatInterval",
            "SampledDataCtrlr/TxUpdatedInterval", "MeterValueSampleInterval",
            "TxCtrlr/EVConnectionTimeOut", "ConnectionTimeOut",
            "AuthCtrlr/AuthorizeRemoteStart", "AuthorizeRemoteTxRequests",
            "AuthCtrlr/LocalAuthorizeOffline", "LocalAuthorizeOffline",
            "AuthCtrlr/LocalPreAuthorize", "LocalPreAuthorize",
            "AuthCtrlr/OfflineTxForUnknownIdEnabled", "AllowOfflineTxForUnknownId",
            "AuthCacheCtrlr/Enabled", "AuthorizationCacheEnabled",
            "LocalAuthListCtrlr/Enabled", "LocalAuthListEnabled",
            "LocalAuthListCtrlr/ItemsPerMessage", "SendLocalListMaxLength");

    private final SimulatedCharger charger;
    private final Ocpp201Profiles profiles;
    /** The 1.6 operations, for the composite schedule they compute from the shared profiles (one implementation). */
    private final CsmsOperations ocpp16;
    private final Ocpp201Reservations reservations;
    private final Ocpp201Provisioning provisioning;
    private final Ocpp201Certificates certificates = new Ocpp201Certificates();
    private final Ocpp201ProfileReport profileReport;
    private final Ocpp201Monitoring monitoring;
    private final Ocpp201DisplayMessages displayMessages;
    private final Ocpp201CustomerInformation customers;
    private final Ocpp201FirmwarePublishing publishing;

    Ocpp201CsmsOperations(SimulatedCharger charger, ObjectMapper mapper) {
        this.charger = charger;
        this.profiles = new Ocpp201Profiles(mapper);
        this.ocpp16 = new CsmsOperations(charger, mapper);
        this.reservations = new Ocpp201Reservations(charger);
        this.provisioning = new Ocpp201Provisioning(charger, VARIABLES);
        this.profileReport = new Ocpp201ProfileReport(charger);
        this.monitoring = new Ocpp201Monitoring(charger, VARIABLES.keySet());
        this.displayMessages = new Ocpp201DisplayMessages(charger);
        this.customers = new Ocpp201CustomerInformation(charger);
        this.publishing = new Ocpp201FirmwarePublishing(charger);
        charger.onPowerFlow(monitoring::check);
    }

    @Override
    public Object handle(String action, JsonNode payload) throws CallErrorException {
        return switch (action) {
            case "RequestStartTransaction" -> requestStart(payload);
            case "RequestStopTransaction" -> requestStop(payload);
            case "SetChargingProfile" -> setChargingProfile(payload);
            case "ClearChargingProfile" -> clearChargingProfile(payload);
            case "GetCompositeSchedule" -> getCompositeSchedule(payload);
            case "GetVariables" -> getVariables(payload);
            case "SetVariables" -> setVariables(payload);
            case "Reset" -> reset(payload);
            case "ChangeAvailability" -> changeAvailability(payload);
            case "TriggerMessage" -> triggerMessage(payload);
            case "SendLocalList" -> sendLocalList(payload);
            case "GetLocalListVersion" -> getLocalListVersion();
            case "ClearCache" -> clearCache();
            case "UnlockConnector" -> unlockConnector(payload);
            case "GetTransactionStatus" -> getTransactionStatus(payload);
            case "DataTransfer" -> dataTransfer(payload);
            case "ReserveNow" -> reservations.reserveNow(payload);
            case "CancelReservation" -> reservations.cancelReservation(payload);
            case "GetBaseReport" -> provisioning.getBaseReport(payload);
            case "GetReport" -> provisioning.getReport(payload);
            case "SetNetworkProfile" -> provisioning.setNetworkProfile(payload);
            case "UpdateFirmware" -> provisioning.updateFirmware(payload);
            case "GetLog" -> provisioning.getLog(payload);
            case "InstallCertificate" -> certificates.install(payload);
            case "CertificateSigned" -> certificates.certificateSigned(payload);
            case "DeleteCertificate" -> certificates.delete(payload);
            case "GetInstalledCertificateIds" -> certificates.installedIds(payload);
            case "GetChargingProfiles" -> profileReport.getChargingProfiles(payload);
            case "SetVariableMonitoring" -> monitoring.setVariableMonitoring(payload);
            case "ClearVariableMonitoring" -> monitoring.clearVariableMonitoring(payload);
            case "GetMonitoringReport" -> monitoring.getMonitoringReport(payload);
            case "SetMonitoringBase" -> monitoring.setMonitoringBase(payload);
            case "SetMonitoringLevel" -> monitoring.setMonitoringLevel(payload);
            case "SetDisplayMessage" -> displayMessages.set(payload);
            case "GetDisplayMessages" -> displayMessages.get(payload);
            case "ClearDisplayMessage" -> displayMessages.clear(payload);
            case "CustomerInformation" -> customers.customerInformation(payload);
            case "PublishFirmware" -> publishing.publish(payload);
            case "UnpublishFirmware" -> publishing.unpublish(payload);
            case "CostUpdated" -> costUpdated(payload);
            default -> throw new CallErrorException(CallErrorCode.NOT_IMPLEMENTED, action + " is not implemented by this charger");
        };
    }

    private static ObjectNode status(String status) {
        return JSON.objectNode().put("status", status);
    }

    private static boolean startable(ConnectorSim c) {
        return !c.faulted() && c.operative && c.session == null && !c.finishing;
    }

    /** F01/F02: on the EVSE asked for, else a plugged-in free one, else a free one (the app user plugs in then). */
    private ObjectNode requestStart(JsonNode req) {
        String idTag = req.at("/idToken/idToken").asText();
        charger.v201().messages().tokenType(idTag, req.at("/idToken/type").asText());
        int remoteStartId = req.path("remoteStartId").asInt();
        ChargingProfile txProfile;
        try {
            txProfile = req.hasNonNull("chargingProfile") ? profiles.toShared(req.get("chargingProfile")) : null;
        } catch (IllegalArgumentException e) {
            return status("Rejected");
        }
        if (txProfile != null && txProfile.getChargingProfilePurpose() != ChargingProfilePurposeType.TX_PROFILE) {
            return status("Rejected");
        }
        ConnectorSim target = null;
        if (req.hasNonNull("evseId")) {
            int evse = req.get("evseId").asInt();
            target = charger.validConnector(evse) ? charger.connector(evse) : null;
        } else {
            target = charger.connectors().stream().filter(c -> c.ev != null && startable(c)).findFirst()
                    .orElse(charger.connectors().stream().filter(c -> c.ev == null && startable(c)).findFirst().orElse(null));
        }
        if (target == null || !startable(target)
                || (target.reservation != null && !target.reservation.admits(idTag, charger.authorization().parentOf(idTag)))) {
            return status("Rejected"); // H03: a reserved EVSE starts only for its idToken (or groupIdToken)
        }
        ConnectorSim c = target;
        charger.afterReply(() -> {
            charger.plugDefaultVehicle(c);
            if (charger.config().bool("AuthorizeRemoteTxRequests")) {
                charger.authorize(idTag, ok -> {
                    if (ok) {
                        charger.startTransaction(c, idTag, txProfile, remoteStartId);
                    }
                });
            } else {
                charger.startTransaction(c, idTag, txProfile, remoteStartId);
            }
        });
        return status("Accepted");
    }

    private ObjectNode requestStop(JsonNode req) {
        String transactionId = req.path("transactionId").asText();
        for (ConnectorSim c : charger.connectors()) {
            if (c.session != null && transactionId.equals(c.session.ocpp201Id)) {
                charger.afterReply(() -> charger.stopTransaction(c, StopTransaction.Reason.REMOTE, null));
                return status("Accepted");
            }
        }
        return status("Rejected");
    }

    /** K01: installed for the EVSE (0: the station) and enforced from the next integration step on. */
    private ObjectNode setChargingProfile(JsonNode req) {
        int evseId = req.path("evseId").asInt();
        ChargingProfile profile;
        try {
            profile = profiles.toShared(req.get("chargingProfile"));
        } catch (IllegalArgumentException e) {
            return status("Rejected");
        }
        if (evseId != 0 && !charger.validConnector(evseId)) {
            return status("Rejected");
        }
        ChargingProfilePurposeType purpose = profile.getChargingProfilePurpose();
        // K01.FR.16: a TxProfile needs an EVSE with a running transaction; FR.38: a station max profile goes on 0
        if (purpose == ChargingProfilePurposeType.TX_PROFILE && (evseId == 0 || charger.connector(evseId).session == null)) {
            return status("Rejected");
        }
        if (purpose == ChargingProfilePurposeType.CHARGE_POINT_MAX_PROFILE && evseId != 0) {
            return status("Rejected");
        }
        // K01: a TxProfile's transactionId names the transaction it is for; a profile meant for another (an
        // ended one, or one on another EVSE) must not limit the transaction running here.
        String forTransaction = req.path("chargingProfile").path("transactionId").asText(null);
        if (purpose == ChargingProfilePurposeType.TX_PROFILE && forTransaction != null
                && !forTransaction.equals(charger.connector(evseId).session.ocpp201Id)) {
            return status("Rejected");
        }
        charger.profiles().clear(profile.getChargingProfileId(), null, null, null);
        charger.profiles().clear(null, evseId, purpose, profile.getStackLevel());
        charger.profiles().install(InstalledProfile.of(evseId, profile, charger.localNow()));
        charger.afterReply(charger::reevaluate);
        return status("Accepted");
    }

    private ObjectNode clearChargingProfile(JsonNode req) {
        Integer id = req.hasNonNull("chargingProfileId") ? req.get("chargingProfileId").asInt() : null;
        JsonNode criteria = req.path("chargingProfileCriteria");
        Integer evseId = criteria.hasNonNull("evseId") ? criteria.get("evseId").asInt() : null;
        Integer stackLevel = criteria.hasNonNull("stackLevel") ? criteria.get("stackLevel").asInt() : null;
        ChargingProfilePurposeType purpose = null;
        if (criteria.hasNonNull("chargingProfilePurpose")) {
            String name = criteria.get("chargingProfilePurpose").asText();
            if (name.equals("ChargingStationExternalConstraints")) {
                return status("Unknown");
            }
            purpose = ChargingProfilePurposeType.fromValue(name.equals("ChargingStationMaxProfile") ? "ChargePointMaxProfile" : name);
        }
        boolean cleared = charger.profiles().clear(id, evseId, purpose, stackLevel);
        if (cleared) {
            charger.afterReply(charger::reevaluate);
        }
        return status(cleared ? "Accepted" : "Unknown");
    }

    /** K08: the same composite schedule the meter is held to, hardware limits included. */
    private ObjectNode getCompositeSchedule(JsonNode req) {
        int evseId = req.path("evseId").asInt();
        if (evseId != 0 && !charger.validConnector(evseId)) {
            return status("Rejected");
        }
        ChargingRateUnitType unit = req.hasNonNull("chargingRateUnit")
                ? ChargingRateUnitType.fromValue(req.get("chargingRateUnit").asText()) : null;
        CompositeSchedule composite = ocpp16.composite(evseId, java.time.Duration.ofSeconds(req.path("duration").asInt()), unit);
        ObjectNode response = status("Accepted");
        ObjectNode schedule = response.putObject("schedule").put("evseId", evseId).put("duration", composite.durationSeconds())
                .put("scheduleStart", composite.start().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                .put("chargingRateUnit", composite.unit().value());
        ArrayNode periods = schedule.putArray("chargingSchedulePeriod");
        composite.toOcpp().getChargingSchedulePeriod().forEach(p ->
                periods.addObject().put("startPeriod", p.getStartPeriod()).put("limit", p.getLimit()));
        return response;
    }

    private ObjectNode getVariables(JsonNode req) {
        ObjectNode response = JSON.objectNode();
        ArrayNode results = response.putArray("getVariableResult");
        for (JsonNode data : req.path("getVariableData")) {
            ObjectNode r = results.addObject();
            String key = VARIABLES.get(data.at("/component/name").asText() + "/" + data.at("/variable/name").asText());
            var value = key == null ? java.util.Optional.<String>empty() : charger.config().get(key);
            r.put("attributeStatus", value.isPresent() ? "Accepted" : "UnknownVariable");
            value.ifPresent(v -> r.put("attributeValue", v));
            r.set("component", data.get("component"));
            r.set("variable", data.get("variable"));
        }
        return response;
    }

    private ObjectNode setVariables(JsonNode req) {
        ObjectNode response = JSON.objectNode();
        ArrayNode results = response.putArray("setVariableResult");
        for (JsonNode data : req.path("setVariableData")) {
            ObjectNode r = results.addObject();
            String key = VARIABLES.get(data.at("/component/name").asText() + "/" + data.at("/variable/name").asText());
            String status;
            if (key == null) {
                status = "UnknownVariable";
            } else {
                ChangeConfigurationResponse.Status changed = charger.config().change(key, data.path("attributeValue").asText());
                status = changed == ChangeConfigurationResponse.Status.ACCEPTED ? "Accepted" : "Rejected";
                if (key.equals("HeartbeatInterval") && changed == ChangeConfigurationResponse.Status.ACCEPTED) {
                    charger.afterReply(charger::restartHeartbeat);
                }
            }
            r.put("attributeStatus", status);
            r.set("component", data.get("component"));
            r.set("variable", data.get("variable"));
        }
        return response;
    }

    private ObjectNode reset(JsonNode req) {
        boolean onIdle = "OnIdle".equals(req.path("type").asText());
        boolean busy = charger.connectors().stream().anyMatch(c -> c.session != null);
        if (onIdle && busy) {
            // B12.FR.01 would reset after the last transaction; the simulator declines instead of waiting
            return status("Rejected");
        }
        charger.afterReply(() -> charger.reboot(StopTransaction.Reason.HARD_RESET));
        return status("Accepted");
    }

    /** G03/G04: the whole station or one EVSE; with a transaction running, it goes inoperative when it ends. */
    private ObjectNode changeAvailability(JsonNode req) {
        boolean operative = "Operative".equals(req.path("operationalStatus").asText());
        Integer evseId = req.hasNonNull("evse") ? req.at("/evse/id").asInt() : null;
        if (evseId != null && evseId != 0 && !charger.validConnector(evseId)) {
            return status("Rejected");
        }
        boolean scheduled = false;
        for (ConnectorSim c : charger.connectors()) {
            if (evseId != null && evseId != 0 && c.id() != evseId) {
                continue;
            }
            if (!operative && c.session != null) {
                c.inoperativeScheduled = true;
                scheduled = true;
            } else {
                c.operative = operative;
                c.inoperativeScheduled = false;
            }
        }
        charger.afterReply(() -> charger.connectors().forEach(charger::refreshStatus));
        return status(scheduled ? "Scheduled" : "Accepted");
    }

    private ObjectNode triggerMessage(JsonNode req) {
        String message = req.path("requestedMessage").asText();
        Integer evseId = req.hasNonNull("evse") ? req.at("/evse/id").asInt() : null;
        if (evseId != null && !charger.validConnector(evseId)) {
            return status("Rejected");
        }
        Runnable send = switch (message) {
            case "BootNotification" -> charger::sendBoot;
            case "Heartbeat" -> charger::sendHeartbeat;
            case "StatusNotification" -> () -> charger.connectors().stream()
                    .filter(c -> evseId == null || c.id() == evseId).forEach(c -> charger.sendStatus(c.id()));
            case "MeterValues" -> () -> charger.connectors().stream()
                    .filter(c -> evseId == null || c.id() == evseId).forEach(charger::sendMeterValuesNow);
            case "FirmwareStatusNotification", "LogStatusNotification" -> () -> provisioning.sendCurrentStatus(message);
            case "PublishFirmwareStatusNotification" -> publishing::sendCurrentStatus;
            default -> null;
        };
        if (send == null) {
            return status("NotImplemented");
        }
        charger.afterReply(send);
        return status("Accepted");
    }

    // ------------------------------------------------------------------ D Local authorization list, C cache

    /**
     * D01: Full replaces the list, Differential adds, updates (with idTokenInfo) and removes (without) entries and
     * needs a versionNumber above the current one, else VersionMismatch; more entries than ItemsPerMessage:
     * Failed. With the local list disabled the station cannot keep one: Failed. The list then decides
     * authorization offline and with LocalPreAuthorize ({@link Ocpp201Station#authorize}).
     */
    private ObjectNode sendLocalList(JsonNode req) {
        if (!charger.config().bool("LocalAuthListEnabled")) {
            return status("Failed");
        }
        io.evstack.ocpp.v16.SendLocalList update;
        try {
            update = Ocpp201Tokens.localList(req);
        } catch (java.time.DateTimeException e) {
            return status("Failed");
        }
        var result = charger.authorization().update(update, charger.config().integer("SendLocalListMaxLength", 100));
        if (result == SendLocalListResponse.Status.ACCEPTED) {
            req.path("localAuthorizationList").forEach(e ->
                    charger.v201().messages().tokenType(e.at("/idToken/idToken").asText(), e.at("/idToken/type").asText()));
        }
        return status(switch (result) {
            case ACCEPTED -> "Accepted";
            case VERSION_MISMATCH -> "VersionMismatch";
            default -> "Failed";
        });
    }

    /** D02: the version of the list held, 0 when there is none. */
    private ObjectNode getLocalListVersion() {
        return JSON.objectNode().put("versionNumber", charger.authorization().listVersion());
    }

    /** C11: Rejected when the cache is disabled (AuthCacheCtrlr.Enabled false). */
    private ObjectNode clearCache() {
        if (!charger.config().bool("AuthorizationCacheEnabled")) {
            return status("Rejected");
        }
        charger.authorization().clearCache();
        return status("Accepted");
    }

    // ------------------------------------------------------------------ F, E, P

    /**
     * F05: each EVSE has one connector (connectorId 1). With a transaction running on the EVSE the cable stays
     * locked (OngoingAuthorizedTransaction); otherwise it is released and a plugged-in car leaves.
     */
    private ObjectNode unlockConnector(JsonNode req) {
        int evseId = req.path("evseId").asInt();
        if (!charger.validConnector(evseId) || req.path("connectorId").asInt() != 1) {
            return status("UnknownConnector");
        }
        ConnectorSim c = charger.connector(evseId);
        if (c.session != null && !c.session.stopped) {
            return status("OngoingAuthorizedTransaction");
        }
        charger.afterReply(() -> {
            if (c.ev != null && c.session == null) {
                charger.unplug(c);
            }
        });
        return status("Unlocked");
    }

    /**
     * E14: messagesInQueue says whether transaction messages (of that transaction, when one is named) wait to be
     * delivered, the one in flight included; ongoingIndicator, only with a transactionId, whether it still runs.
     */
    private ObjectNode getTransactionStatus(JsonNode req) {
        String transactionId = req.path("transactionId").asText(null);
        ObjectNode response = JSON.objectNode();
        if (transactionId == null) {
            return response.put("messagesInQueue", charger.transactions().size() > 0);
        }
        boolean ongoing = charger.connectors().stream().anyMatch(c -> c.session != null && !c.session.stopped
                && transactionId.equals(c.session.ocpp201Id));
        boolean queued = charger.transactions().any(e -> e.request().get() instanceof JsonNode n
                && transactionId.equals(n.at("/transactionInfo/transactionId").asText()));
        return response.put("ongoingIndicator", ongoing).put("messagesInQueue", queued);
    }

    /** P01: this vendor's Echo returns its data; other message ids and vendors are unknown here. */
    private ObjectNode dataTransfer(JsonNode req) {
        if (!CsmsOperations.VENDOR_ID.equals(req.path("vendorId").asText())) {
            return status("UnknownVendorId");
        }
        if ("Echo".equals(req.path("messageId").asText())) {
            ObjectNode response = status("Accepted");
            if (req.has("data")) {
                response.set("data", req.get("data"));
            }
            return response;
        }
        return status("UnknownMessageId");
    }

    /**
     * I02: the running cost of a transaction, kept for the driver's display (the snapshot's totalCost). The answer
     * has no fields; a transactionId this station does not run changes nothing.
     */
    private ObjectNode costUpdated(JsonNode req) {
        String transactionId = req.path("transactionId").asText();
        for (ConnectorSim c : charger.connectors()) {
            if (c.session != null && transactionId.equals(c.session.ocpp201Id)) {
                c.session.totalCost = req.path("totalCost").asDouble();
            }
        }
        return JSON.objectNode();
    }
}
