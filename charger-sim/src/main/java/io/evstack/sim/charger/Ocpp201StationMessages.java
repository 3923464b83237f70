package io.evstack.sim.charger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.ocpp.v16.StatusNotification;
import io.evstack.sim.model.ChargerModel;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The OCPP 2.0.1 requests a simulated charger sends, built from the same connector state (meter, draw, plugged
 * EV) the 1.6 messages are built from: the per-version message layer over the shared simulation. Each EVSE has one
 * connector (evseId = connector number, connectorId 1), as on most real stations. Payloads follow the 2.0.1 JSON
 * schemas (checked in Ocpp201StationMessagesTest).
 */
final class Ocpp201StationMessages {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ChargerModel model;
    /**
     * IdTokenEnumType of the tokens the CSMS named with a type (RequestStartTransaction, the local list): a token
     * is reported with that type; any other is an RFID card presented at the reader, ISO14443.
     */
    private final Map<String, String> tokenTypes = new HashMap<>();
    private final Map<String, String> contracts = new HashMap<>();

    Ocpp201StationMessages(ChargerModel model) {
        this.model = model;
    }

    /** B01: reason PowerUp at power-on, RemoteReset after a Reset. */
    ObjectNode boot(String serial, String firmwareVersion, String reason) {
        ObjectNode n = JSON.objectNode().put("reason", reason);
        n.putObject("chargingStation").put("model", cut(model.modelName(), 20)).put("vendorName", cut(model.vendor(), 50))
                .put("serialNumber", cut(serial, 25)).put("firmwareVersion", cut(firmwareVersion, 50));
        return n;
    }

    ObjectNode heartbeat() {
        return JSON.objectNode();
    }

    /** G01: the connector's status, from the 1.6-style state the simulation keeps. */
    ObjectNode status(ConnectorSim c, Instant at) {
        return JSON.objectNode().put("timestamp", time(at)).put("connectorStatus", connectorStatus(c.status))
                .put("evseId", c.id()).put("connectorId", 1);
    }

    /**
     * C01: an RFID card (ISO14443 UID); C07 for an EV that identified itself with a contract certificate over
     * ISO 15118: the eMAID, and the certificate chain for the CSMS to validate (central contract validation,
     * ISO15118Ctrlr.CentralContractValidationAllowed: the simulated station holds no MO roots of its own).
     */
    ObjectNode authorize(String idTag) {
        ObjectNode n = JSON.objectNode();
        n.set("idToken", idToken(idTag));
        String chain = contracts.get(idTag);
        if (chain != null) {
            n.put("certificate", chain);
        }
        return n;
    }

    /** An EV presents this contract (eMAID and PEM chain, leaf first) over ISO 15118. Event loop only. */
    void contract(String emaid, String chainPem) {
        contracts.put(emaid, chainPem);
        tokenTypes.put(emaid, "eMAID");
    }

    /**
     * E01-E07: one TransactionEvent. {@code idTag} is set when the trigger is the token (Authorized, StopAuthorized);
     * {@code stoppedReason} only on Ended.
     */
    ObjectNode transactionEvent(String eventType, String triggerReason, int seqNo, String transactionId, ConnectorSim c,
            String idTag, String stoppedReason, ObjectNode meterValue, Instant at) {
        ObjectNode n = JSON.objectNode().put("eventType", eventType).put("timestamp", time(at))
                .put("triggerReason", triggerReason).put("seqNo", seqNo);
        ObjectNode info = n.putObject("transactionInfo").put("transactionId", transactionId)
                .put("chargingState", chargingState(c));
        if (stoppedReason != null) {
            info.put("stoppedReason", stoppedReason);
        }
        if (eventType.equals("Started")) {
            n.putObject("evse").put("id", c.id()).put("connectorId", 1);
        }
        if (idTag != null) {
            n.set("idToken", idToken(idTag));
        }
        if (meterValue != null) {
            n.putArray("meterValue").add(meterValue);
        }
        return n;
    }

    /**
     * One meter reading (the 2.0.1 default sampled data, part 2 appendix: Energy.Active.Import.Register and
     * Power.Active.Import; SoC from a DC charger that hears it from the EV).
     */
    ObjectNode meterValue(ConnectorSim c, String context, Instant at) {
        ObjectNode mv = JSON.objectNode().put("timestamp", time(at));
        ArrayNode values = mv.putArray("sampledValue");
        values.addObject().put("value", Math.round(c.meterWh)).put("context", context)
                .put("measurand", "Energy.Active.Import.Register").put("location", "Outlet")
                .putObject("unitOfMeasure").put("unit", "Wh");
        if (!context.startsWith("Transaction.")) {
            values.addObject().put("value", Math.floor(c.draw.powerW() * 10) / 10).put("context", context)
                    .put("measurand", "Power.Active.Import").put("location", "Outlet")
                    .putObject("unitOfMeasure").put("unit", "W");
        }
        if (model.dc() && c.ev != null) {
            values.addObject().put("value", Math.round(c.ev.soc * 100)).put("context", context).put("measurand", "SoC")
                    .put("location", "EV").putObject("unitOfMeasure").put("unit", "Percent");
        }
        return mv;
    }

    /** MeterValues outside a transaction (TriggerMessage, J01). */
    ObjectNode meterValues(ConnectorSim c, String context, Instant at) {
        ObjectNode n = JSON.objectNode().put("evseId", c.id());
        n.putArray("meterValue").add(meterValue(c, context, at));
        return n;
    }

    /**
     * K15: what an ISO 15118 DC EV asks for after plugging in: the energy to its target state of charge and when the
     * driver leaves (departureTime only when known).
     */
    ObjectNode evChargingNeeds(ConnectorSim c) {
        PluggedEv ev = c.ev;
        double energyWh = Math.max(0, (ev.vehicle.targetSoc() - ev.soc) * ev.vehicle.model().batteryWh());
        ObjectNode n = JSON.objectNode().put("evseId", c.id());
        ObjectNode needs = n.putObject("chargingNeeds").put("requestedEnergyTransfer", "DC");
        if (ev.vehicle.departure() != null) {
            needs.put("departureTime", time(ev.vehicle.departure()));
        }
        needs.putObject("dcChargingParameters").put("evMaxCurrent", Math.round(c.spec.maxCurrentA()))
                .put("evMaxVoltage", Math.round(ev.vehicle.model().nominalVoltage())).put("energyAmount", Math.round(energyWh))
                .put("stateOfCharge", (int) Math.round(ev.soc * 100));
        return n;
    }

    /** 2.0.1 ChargingStateEnumType from the connector's state (E02: chargingState changes raise an Updated). */
    static String chargingState(ConnectorSim c) {
        if (c.ev == null) {
            return "Idle";
        }
        if (!c.charging()) {
            return "EVConnected";
        }
        if (c.draw.powerW() > 0) {
            return "Charging";
        }
        return c.ev.full() ? "SuspendedEV" : "SuspendedEVSE";
    }

    /** 2.0.1 has five connector states; the 1.6 Preparing..Finishing states are all Occupied (G01, table in G03). */
    static String connectorStatus(StatusNotification.Status status) {
        return switch (status) {
            case AVAILABLE -> "Available";
            case RESERVED -> "Reserved";
            case UNAVAILABLE -> "Unavailable";
            case FAULTED -> "Faulted";
            default -> "Occupied";
        };
    }

    /** The CSMS named {@code idTag} as a token of {@code type}. Event loop only. */
    void tokenType(String idTag, String type) {
        tokenTypes.put(idTag, type);
    }

    private ObjectNode idToken(String idTag) {
        return JSON.objectNode().put("idToken", idTag).put("type", tokenTypes.getOrDefault(idTag, "ISO14443"));
    }

    /** RFC 3339 in UTC; Instant.toString always writes the seconds (OffsetDateTime.toString drops ":00"). */
    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(s.length() - max);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Ocpp201StationMessages[%s]", model.modelName());
    }
}
