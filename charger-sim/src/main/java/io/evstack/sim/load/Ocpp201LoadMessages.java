package io.evstack.sim.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;

/**
 * The OCPP 2.0.1 requests of a load charger, as JSON trees: one EVSE (id 1) with one connector, the
 * same message mix as the 1.6 load charger (part 2, blocks B, C, E, G, J). TransactionEvent carries the
 * charger's own transaction id, a seqNo per transaction and the trigger reasons a real station sends.
 */
final class Ocpp201LoadMessages {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Ocpp201LoadMessages() {}

    static ObjectNode boot(String serial) {
        ObjectNode n = JSON.objectNode().put("reason", "PowerUp");
        n.putObject("chargingStation").put("model", "Load AC 22").put("vendorName", "evstack")
                .put("serialNumber", serial).put("firmwareVersion", "load-1");
        return n;
    }

    static ObjectNode heartbeat() {
        return JSON.objectNode();
    }

    static ObjectNode status(boolean occupied, OffsetDateTime at) {
        return JSON.objectNode().put("timestamp", time(at)).put("connectorStatus", occupied ? "Occupied" : "Available")
                .put("evseId", 1).put("connectorId", 1);
    }

    static ObjectNode meterValues(long wh, boolean charging, OffsetDateTime at) {
        ObjectNode n = JSON.objectNode().put("evseId", 1);
        n.putArray("meterValue").add(meterValue(wh, charging, "Sample.Periodic", at));
        return n;
    }

    static ObjectNode authorize(String idTag) {
        ObjectNode n = JSON.objectNode();
        n.set("idToken", idToken(idTag));
        return n;
    }

    static ObjectNode started(String transactionId, String idTag, long wh, OffsetDateTime at) {
        ObjectNode n = event("Started", "Authorized", 0, transactionId, "Charging", at);
        n.putObject("evse").put("id", 1).put("connectorId", 1);
        n.set("idToken", idToken(idTag));
        n.putArray("meterValue").add(meterValue(wh, false, "Transaction.Begin", at));
        return n;
    }

    static ObjectNode updated(String transactionId, int seqNo, long wh, OffsetDateTime at) {
        ObjectNode n = event("Updated", "MeterValuePeriodic", seqNo, transactionId, "Charging", at);
        n.putArray("meterValue").add(meterValue(wh, true, "Sample.Periodic", at));
        return n;
    }

    static ObjectNode ended(String transactionId, int seqNo, String idTag, long wh, OffsetDateTime at) {
        ObjectNode n = event("Ended", "StopAuthorized", seqNo, transactionId, "EVConnected", at);
        ((ObjectNode) n.get("transactionInfo")).put("stoppedReason", "Local");
        n.set("idToken", idToken(idTag));
        n.putArray("meterValue").add(meterValue(wh, false, "Transaction.End", at));
        return n;
    }

    private static ObjectNode event(String type, String trigger, int seqNo, String transactionId, String chargingState,
            OffsetDateTime at) {
        ObjectNode n = JSON.objectNode().put("eventType", type).put("timestamp", time(at))
                .put("triggerReason", trigger).put("seqNo", seqNo);
        n.putObject("transactionInfo").put("transactionId", transactionId).put("chargingState", chargingState);
        return n;
    }

    private static ObjectNode idToken(String idTag) {
        return JSON.objectNode().put("idToken", idTag).put("type", "ISO14443");
    }

    private static ObjectNode meterValue(long wh, boolean charging, String context, OffsetDateTime at) {
        ObjectNode mv = JSON.objectNode().put("timestamp", time(at));
        var sampled = mv.putArray("sampledValue");
        sampled.addObject().put("value", wh).put("context", context).put("measurand", "Energy.Active.Import.Register");
        if (context.equals("Sample.Periodic")) {
            sampled.addObject().put("value", charging ? 11000 : 0).put("context", context).put("measurand", "Power.Active.Import");
        }
        return mv;
    }

    /** RFC 3339: OffsetDateTime.toString drops ":00" seconds at a whole minute, which the 2.0.1 schemas reject. */
    private static String time(OffsetDateTime at) {
        return at.toInstant().toString();
    }
}
