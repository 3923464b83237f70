package io.evstack.csms.messagelog;

import static io.evstack.db.generated.Tables.OCPP_MESSAGE_LOG;

import io.evstack.csms.Times;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;

public final class MessageLogRepository {
    private final DSLContext dsl;

    public MessageLogRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void insert(List<LoggedFrame> frames) {
        if (frames.isEmpty()) {
            return;
        }
        var insert = dsl.insertInto(OCPP_MESSAGE_LOG, OCPP_MESSAGE_LOG.CHARGE_POINT_ID, OCPP_MESSAGE_LOG.DIRECTION,
                OCPP_MESSAGE_LOG.FRAME, OCPP_MESSAGE_LOG.LOGGED_AT);
        for (LoggedFrame f : frames) {
            insert = insert.values(f.chargePointId(), f.direction(), f.frame(), Times.millis(f.loggedAt()));
        }
        insert.execute();
    }

    /** The newest frames of a charger first, optionally only those before a time (for paging back). */
    public List<LoggedFrame> recent(String chargePointId, Instant before, int limit) {
        var c = OCPP_MESSAGE_LOG.CHARGE_POINT_ID.eq(chargePointId);
        if (before != null) {
            c = c.and(OCPP_MESSAGE_LOG.LOGGED_AT.lt(Times.millis(before)));
        }
        return dsl.selectFrom(OCPP_MESSAGE_LOG)
                .where(c)
                .orderBy(OCPP_MESSAGE_LOG.LOGGED_AT.desc(), OCPP_MESSAGE_LOG.ID.desc())
                .limit(limit)
                .fetch(r -> new LoggedFrame(r.getChargePointId(), r.getDirection(), r.getFrame(), r.getLoggedAt()));
    }

    public int deleteOlderThan(Instant cutoff) {
        return dsl.deleteFrom(OCPP_MESSAGE_LOG).where(OCPP_MESSAGE_LOG.LOGGED_AT.lt(Times.millis(cutoff))).execute();
    }
}
