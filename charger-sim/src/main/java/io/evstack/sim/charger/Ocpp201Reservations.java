package io.evstack.sim.charger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * H01-H04 of OCPP 2.0.1 on the reservation state the 1.6 operations use ({@link ConnectorSim#reservation}): a
 * reserved EVSE shows Reserved and starts a transaction only for the reserving idToken or a token of its
 * groupIdToken ({@link SimulatedCharger#startTransaction}). Event loop only.
 */
final class Ocpp201Reservations {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final SimulatedCharger charger;

    Ocpp201Reservations(SimulatedCharger charger) {
        this.charger = charger;
    }

    private static ObjectNode status(String status) {
        return JSON.objectNode().put("status", status);
    }

    /** H01. A reservation with an id already held replaces that one (H01), wherever it was. */
    ObjectNode reserveNow(JsonNode req) {
        int id = req.path("id").asInt();
        Instant expiry;
        try {
            expiry = OffsetDateTime.parse(req.path("expiryDateTime").asText()).toInstant();
        } catch (DateTimeParseException e) {
            return status("Rejected");
        }
        if (!req.hasNonNull("evseId")) {
            // a reservation for no EVSE in particular needs ReservationCtrlr.NonEvseSpecific, which this station lacks
            return status("Rejected");
        }
        int evseId = req.get("evseId").asInt();
        if (!charger.validConnector(evseId)) {
            return status("Rejected");
        }
        ConnectorSim c = charger.connector(evseId);
        if (c.faulted()) {
            return status("Faulted");
        }
        if (!c.operative) {
            return status("Unavailable");
        }
        if (c.session != null || c.ev != null || (c.reservation != null && c.reservation.id() != id)) {
            return status("Occupied");
        }
        for (ConnectorSim other : charger.connectors()) {
            if (other.reservation != null && other.reservation.id() == id) {
                drop(other);
            }
        }
        String token = req.at("/idToken/idToken").asText();
        String group = req.hasNonNull("groupIdToken") ? req.at("/groupIdToken/idToken").asText() : null;
        Duration left = Duration.between(charger.localNow(), expiry);
        c.reservation = new ConnectorSim.Reservation(id, token, group, expiry,
                charger.clock().schedule(charger.loop(), left.isNegative() ? Duration.ZERO : left, () -> expired(c, id)));
        charger.afterReply(() -> charger.refreshStatus(c));
        return status("Accepted");
    }

    /** H02: Accepted when the station holds the reservation, which it then drops; Rejected otherwise. */
    ObjectNode cancelReservation(JsonNode req) {
        int id = req.path("reservationId").asInt();
        for (ConnectorSim c : charger.connectors()) {
            if (c.reservation != null && c.reservation.id() == id) {
                drop(c);
                return status("Accepted");
            }
        }
        return status("Rejected");
    }

    /** H04 (reservation ended, not used): on expiry the EVSE is free again and the CSMS hears ReservationStatusUpdate Expired. */
    private void expired(ConnectorSim c, int id) {
        if (c.reservation == null || c.reservation.id() != id) {
            return;
        }
        c.reservation = null;
        charger.refreshStatus(c);
        if (charger.ready()) {
            charger.link().call("ReservationStatusUpdate",
                    JSON.objectNode().put("reservationId", id).put("reservationUpdateStatus", "Expired"), JsonNode.class);
        }
    }

    private void drop(ConnectorSim c) {
        ConnectorSim.cancel(c.reservation.expiryTimer());
        c.reservation = null;
        charger.afterReply(() -> charger.refreshStatus(c));
    }
}
