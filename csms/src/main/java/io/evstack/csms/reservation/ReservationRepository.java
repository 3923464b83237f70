package io.evstack.csms.reservation;

import static io.evstack.db.generated.Tables.CHARGE_POINT;
import static io.evstack.db.generated.Tables.RESERVATION;

import io.evstack.csms.Times;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

public final class ReservationRepository {
    private final DSLContext dsl;

    public ReservationRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public long insert(long chargePointPk, int connectorId, String idTag, String parentIdTag, Instant expiryDate,
            Instant now) {
        Instant at = Times.millis(now);
        return dsl.insertInto(RESERVATION)
                .set(RESERVATION.CHARGE_POINT_PK, chargePointPk)
                .set(RESERVATION.CONNECTOR_ID, connectorId)
                .set(RESERVATION.ID_TAG, idTag)
                .set(RESERVATION.PARENT_ID_TAG, parentIdTag)
                .set(RESERVATION.EXPIRY_DATE, Times.millis(expiryDate))
                .set(RESERVATION.STATUS, Reservation.Status.Requested.name())
                .set(RESERVATION.CREATED_AT, at)
                .set(RESERVATION.UPDATED_AT, at)
                .returningResult(RESERVATION.ID)
                .fetchOne(RESERVATION.ID);
    }

    public Optional<Reservation> find(long id) {
        return select().where(RESERVATION.ID.eq(id)).fetchOptional(ReservationRepository::toDomain);
    }

    public List<Reservation> list(String chargePointId, boolean activeOnly, Instant now) {
        Condition c = DSL.noCondition();
        if (chargePointId != null) {
            c = c.and(CHARGE_POINT.CHARGE_POINT_ID.eq(chargePointId));
        }
        if (activeOnly) {
            c = c.and(RESERVATION.STATUS.eq(Reservation.Status.Accepted.name()))
                    .and(RESERVATION.EXPIRY_DATE.gt(Times.millis(now)));
        }
        return select().where(c).orderBy(RESERVATION.ID.desc()).fetch(ReservationRepository::toDomain);
    }

    /** Accepted, unexpired reservations on this connector or on the whole charger (connector 0). */
    public List<Reservation> holding(long chargePointPk, int connectorId, Instant now) {
        return select()
                .where(RESERVATION.CHARGE_POINT_PK.eq(chargePointPk))
                .and(RESERVATION.CONNECTOR_ID.in(connectorId, 0))
                .and(RESERVATION.STATUS.eq(Reservation.Status.Accepted.name()))
                .and(RESERVATION.EXPIRY_DATE.gt(Times.millis(now)))
                .fetch(ReservationRepository::toDomain);
    }

    public void updateStatus(long id, Reservation.Status status, Instant now) {
        dsl.update(RESERVATION)
                .set(RESERVATION.STATUS, status.name())
                .set(RESERVATION.UPDATED_AT, Times.millis(now))
                .where(RESERVATION.ID.eq(id))
                .execute();
    }

    public void markUsed(long id, long transactionId, Instant now) {
        dsl.update(RESERVATION)
                .set(RESERVATION.STATUS, Reservation.Status.Used.name())
                .set(RESERVATION.TRANSACTION_PK, transactionId)
                .set(RESERVATION.UPDATED_AT, Times.millis(now))
                .where(RESERVATION.ID.eq(id))
                .execute();
    }

    /** Marks every accepted reservation past its expiry as Expired; returns how many. */
    public int expire(Instant now) {
        return dsl.update(RESERVATION)
                .set(RESERVATION.STATUS, Reservation.Status.Expired.name())
                .set(RESERVATION.UPDATED_AT, Times.millis(now))
                .where(RESERVATION.STATUS.in(Reservation.Status.Accepted.name(), Reservation.Status.Requested.name()))
                .and(RESERVATION.EXPIRY_DATE.le(Times.millis(now)))
                .execute();
    }

    private org.jooq.SelectOnConditionStep<Record> select() {
        return dsl.select(RESERVATION.fields()).select(CHARGE_POINT.CHARGE_POINT_ID)
                .from(RESERVATION)
                .join(CHARGE_POINT).on(CHARGE_POINT.ID.eq(RESERVATION.CHARGE_POINT_PK));
    }

    private static Reservation toDomain(Record r) {
        return new Reservation(
                r.get(RESERVATION.ID),
                r.get(CHARGE_POINT.CHARGE_POINT_ID),
                r.get(RESERVATION.CONNECTOR_ID),
                r.get(RESERVATION.ID_TAG),
                r.get(RESERVATION.PARENT_ID_TAG),
                r.get(RESERVATION.EXPIRY_DATE),
                Reservation.Status.valueOf(r.get(RESERVATION.STATUS)),
                r.get(RESERVATION.TRANSACTION_PK),
                r.get(RESERVATION.CREATED_AT));
    }
}
