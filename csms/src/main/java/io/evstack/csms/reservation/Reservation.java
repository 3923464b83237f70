package io.evstack.csms.reservation;

import java.time.Instant;

/**
 * A reservation of a connector (or of the whole charger, connector 0) for an id tag or its parent.
 * Its id is the reservationId sent in ReserveNow.
 */
public record Reservation(
        long id,
        String chargePointId,
        int connectorId,
        String idTag,
        String parentIdTag,
        Instant expiryDate,
        Status status,
        Long transactionId,
        Instant createdAt) {

    /** Requested until the charger answers; then its ReserveNow answer, or what happened to it. */
    public enum Status { Requested, Accepted, Faulted, Occupied, Rejected, Unavailable, Cancelled, Expired, Used }

    public boolean holds(Instant now) {
        return status == Status.Accepted && expiryDate.isAfter(now);
    }

    /** Whether this id tag (with its parent) may start on the reserved connector (OCPP 1.6 section 5.13). */
    public boolean admits(String tag, String tagParent) {
        return idTag.equals(tag) || (parentIdTag != null && parentIdTag.equals(tagParent));
    }
}
