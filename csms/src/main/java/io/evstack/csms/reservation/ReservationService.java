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
}
