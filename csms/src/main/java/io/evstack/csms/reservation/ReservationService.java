package io.evstack.csms.reservation;

import io.evstack.csms.CsmsException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;

/** Reservations as the CSMS tracks them; the ReserveNow/CancelReservation calls live in the operations. */
public final class ReservationService {
    private final DSLContext dsl;
    private final Clock clock;

    public ReservationService(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    public Reservation get(long id) {
        return new ReservationRepository(dsl).find(id).orElseThrow(() -> CsmsException.notFound("Reservation", id));
    }

    public List<Reservation> list(String chargePointId, boolean activeOnly) {
        return new ReservationRepository(dsl).list(chargePointId, activeOnly, clock.instant());
    }

    /** Reservations that stop others from starting on this connector now. */
    public List<Reservation> holding(long chargePointPk, int connectorId) {
        return new ReservationRepository(dsl).holding(chargePointPk, connectorId, clock.instant());
    }

    public int expireOverdue() {
        return new ReservationRepository(dsl).expire(clock.instant());
    }

    /**
     * OCPP 2.0.1 ReservationStatusUpdate (H05): the station ended a reservation (Expired, or Removed, which
     * the shared model calls Cancelled). Only a reservation of this station that still holds is changed;
     * returns whether one was.
     */
    public boolean statusUpdate(String chargePointId, long reservationId, Reservation.Status status) {
        var repo = new ReservationRepository(dsl);
        var found = repo.find(reservationId);
        if (found.isEmpty() || !found.get().chargePointId().equals(chargePointId)
                || (found.get().status() != Reservation.Status.Accepted
                        && found.get().status() != Reservation.Status.Requested)) {
            return false;
        }
        repo.updateStatus(reservationId, status, clock.instant());
        return true;
    }
}
