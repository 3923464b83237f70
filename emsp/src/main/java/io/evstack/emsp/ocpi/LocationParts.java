package io.evstack.emsp.ocpi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The EVSEs and connectors inside a stored Location object (OCPI 2.2.1 section 8.2.2: a CPO may PUT or
 * PATCH an EVSE at {@code {location_id}/{evse_uid}} and a connector at
 * {@code {location_id}/{evse_uid}/{connector_id}}). The eMSP stores a location as one JSON document, so
 * these edit the document in place; a changed part also moves the location's last_updated forward
 * (section 8.3.1: it changes when an EVSE or connector changes).
 */
final class LocationParts {
    private LocationParts() {}

    static Optional<ObjectNode> evse(ObjectNode location, String uid) {
        for (JsonNode e : location.path("evses")) {
            if (e instanceof ObjectNode o && uid.equals(o.path("uid").asText())) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    static Optional<ObjectNode> connector(ObjectNode evse, String id) {
        for (JsonNode c : evse.path("connectors")) {
            if (c instanceof ObjectNode o && id.equals(o.path("id").asText())) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /** Replaces the EVSE with this uid by {@code evse}, or adds it (a new EVSE); the uid is the path's. */
    static void putEvse(ObjectNode location, String uid, ObjectNode evse) {
        evse.put("uid", uid);
        var evses = location.withArrayProperty("evses");
        for (int i = 0; i < evses.size(); i++) {
            if (uid.equals(evses.get(i).path("uid").asText())) {
                evses.set(i, evse);
                touch(location, evse);
                return;
            }
        }
        evses.add(evse);
        touch(location, evse);
    }

    /** Replaces or adds a connector of an EVSE; the id is the path's. */
    static void putConnector(ObjectNode location, ObjectNode evse, String id, ObjectNode connector) {
        connector.put("id", id);
        var connectors = evse.withArrayProperty("connectors");
        boolean replaced = false;
        for (int i = 0; i < connectors.size() && !replaced; i++) {
            if (id.equals(connectors.get(i).path("id").asText())) {
                connectors.set(i, connector);
                replaced = true;
            }
        }
        if (!replaced) {
            connectors.add(connector);
        }
        touch(evse, connector);
        touch(location, connector);
    }

    /** Moves {@code parent}'s last_updated to the part's if that is later (ISO-8601 UTC strings compare as text). */
    static void touch(ObjectNode parent, JsonNode part) {
        String at = part.path("last_updated").asText(null);
        String current = parent.path("last_updated").asText(null);
        if (at != null && (current == null || at.compareTo(current) > 0)) {
            parent.put("last_updated", at);
        }
    }
}
