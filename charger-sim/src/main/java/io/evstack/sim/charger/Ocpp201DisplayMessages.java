package io.evstack.sim.charger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The messages the station's display shows (part 2 block O): O01/O02 SetDisplayMessage (general, or for one
 * transaction), O03 GetDisplayMessages with NotifyDisplayMessages, O04 replacing a message by its id, O05
 * ClearDisplayMessage. The simulated display is a text screen: ASCII and UTF8 content, not HTML or URI. A message
 * for a transaction goes when that transaction ends, one past its endDateTime when it ends. Event loop only.
 */
final class Ocpp201DisplayMessages {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final SimulatedCharger charger;
    private final Map<Integer, JsonNode> messages = new TreeMap<>();

    Ocpp201DisplayMessages(SimulatedCharger charger) {
        this.charger = charger;
    }

    private static ObjectNode status(String status) {
        return JSON.objectNode().put("status", status);
    }

    /** O01/O02/O04: stored under its id (replacing the message of that id). */
    ObjectNode set(JsonNode req) {
        JsonNode message = req.path("message");
        String format = message.at("/message/format").asText();
        if (!format.equals("ASCII") && !format.equals("UTF8")) {
            return status("NotSupportedMessageFormat");
        }
        if (message.hasNonNull("display") && !"Display".equals(message.at("/display/name").asText())) {
            return status("Rejected"); // the station has one display, component Display
        }
        try {
            end(message);
        } catch (DateTimeException e) {
            return status("Rejected");
        }
        if (message.hasNonNull("transactionId") && !running(message.get("transactionId").asText())) {
            return status("UnknownTransaction"); // O02: only for a transaction the station runs
        }
        messages.put(message.path("id").asInt(), message.deepCopy());
        return status("Accepted");
    }

    /**
     * O03: the messages matching every criterion given (ids, priority, state), in one NotifyDisplayMessages after
     * the answer; Unknown when none matches.
     */
    ObjectNode get(JsonNode req) {
        purge();
        List<Integer> ids = new ArrayList<>();
        req.path("id").forEach(id -> ids.add(id.asInt()));
        String priority = req.path("priority").asText(null);
        String state = req.path("state").asText(null);
        ArrayNode info = JSON.arrayNode();
        messages.forEach((id, m) -> {
            if ((ids.isEmpty() || ids.contains(id)) && (priority == null || priority.equals(m.path("priority").asText()))
                    && (state == null || state.equals(m.path("state").asText()))) {
                info.add(m);
            }
        });
        if (info.isEmpty()) {
            return status("Unknown");
        }
        ObjectNode notify = JSON.objectNode().put("requestId", req.path("requestId").asInt()).put("tbc", false);
        notify.set("messageInfo", info);
        charger.afterReply(() -> {
            if (charger.ready()) {
                charger.link().call("NotifyDisplayMessages", notify, JsonNode.class);
            }
        });
        return status("Accepted");
    }

    /** O05. */
    ObjectNode clear(JsonNode req) {
        return status(messages.remove(req.path("id").asInt()) != null ? "Accepted" : "Unknown");
    }

    /** Messages of transactions that ended and messages past their endDateTime are no longer shown. */
    private void purge() {
        Instant now = charger.localNow();
        messages.values().removeIf(m -> (m.hasNonNull("transactionId") && !running(m.get("transactionId").asText()))
                || (end(m) != null && !end(m).isAfter(now)));
    }

    private static Instant end(JsonNode message) {
        return message.hasNonNull("endDateTime") ? OffsetDateTime.parse(message.get("endDateTime").asText()).toInstant() : null;
    }

    private boolean running(String transactionId) {
        return charger.connectors().stream().anyMatch(c -> c.session != null && !c.session.stopped
                && transactionId.equals(c.session.ocpp201Id));
    }
}
