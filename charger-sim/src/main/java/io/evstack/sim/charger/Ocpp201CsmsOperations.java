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
 * ChangeAvailability, F06 TriggerMessage). They act on the same state as the 1.6 {@link CsmsOperations}: a profile
 * set here is enforced on the meter by the shared SmartCharging. Payloads are checked against the schemas by the
 * link before they get here; runs on the charger's event loop.
 */
final class Ocpp201CsmsOperations implements CallHandler {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Device-model variables (component, variable) the station exposes, backed by its configuration keys. */
    private static final Map<String, String> VARIABLES = Map.of(
            "OCPPCommCtrlr/HeartbeatInterval", "HeartbeatInterval",
            "SampledDataCtrlr/TxUpdatedInterval", "MeterValueSampleInterval",
            "TxCtrlr/EVConnectionTimeOut", "ConnectionTimeOut",
            "AuthCtrlr/AuthorizeRemoteStart", "AuthorizeRemoteTxRequests");

    private final SimulatedCharger charger;
    private final Ocpp201Profiles profiles;
    /** The 1.6 operations, for the composite schedule they compute from the shared profiles (one implementation). */
    private final CsmsOperations ocpp16;

    Ocpp201CsmsOperations(SimulatedCharger charger, ObjectMapper mapper) {
        this.charger = charger;
        this.profiles = new Ocpp201Profiles(mapper);
        this.ocpp16 = new CsmsOperations(charger, mapper);
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
        if (target == null || !startable(target)) {
            return status("Rejected");
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
            default -> null;
        };
        if (send == null) {
            return status("NotImplemented");
        }
        charger.afterReply(send);
        return status("Accepted");
    }
}
