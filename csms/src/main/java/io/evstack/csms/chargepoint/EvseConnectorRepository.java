package io.evstack.csms.chargepoint;

import static io.evstack.db.generated.Tables.EVSE_CONNECTOR;

import io.evstack.csms.Times;
import io.evstack.db.Inserts;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;

/** The state of each connector of each EVSE of an OCPP 2.0.1 station. */
public final class EvseConnectorRepository {
    private final DSLContext dsl;

    public EvseConnectorRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Stores the status unless a later one is stored already; returns whether it was stored. */
    public boolean upsert(long chargePointPk, int evseId, int connectorId, String status, Instant statusAt, Instant now) {
        Instant at = Times.millis(statusAt);
        // Insert first when the row is missing, without a locking read (a gap lock on MariaDB/MySQL, on which
        // stations booting together deadlocked): see ChargePointRepository.upsertStatus.
        boolean exists = dsl.fetchExists(EVSE_CONNECTOR, EVSE_CONNECTOR.CHARGE_POINT_PK.eq(chargePointPk)
                .and(EVSE_CONNECTOR.EVSE_ID.eq(evseId)).and(EVSE_CONNECTOR.CONNECTOR_ID.eq(connectorId)));
        if (!exists && Inserts.ignoringConflict(dsl.insertInto(EVSE_CONNECTOR)
                .set(EVSE_CONNECTOR.CHARGE_POINT_PK, chargePointPk)
                .set(EVSE_CONNECTOR.EVSE_ID, evseId)
                .set(EVSE_CONNECTOR.CONNECTOR_ID, connectorId)
                .set(EVSE_CONNECTOR.STATUS, status)
                .set(EVSE_CONNECTOR.STATUS_AT, at)
                .set(EVSE_CONNECTOR.UPDATED_AT, Times.millis(now))
                .onConflict(EVSE_CONNECTOR.CHARGE_POINT_PK, EVSE_CONNECTOR.EVSE_ID, EVSE_CONNECTOR.CONNECTOR_ID).doNothing())
                == 1) {
            return true;
        }
        var existing = dsl.selectFrom(EVSE_CONNECTOR)
                .where(EVSE_CONNECTOR.CHARGE_POINT_PK.eq(chargePointPk))
                .and(EVSE_CONNECTOR.EVSE_ID.eq(evseId))
                .and(EVSE_CONNECTOR.CONNECTOR_ID.eq(connectorId))
                .forUpdate()
                .fetchOne();
        if (at.isBefore(existing.getStatusAt())) {
            return false;
        }
        existing.setStatus(status);
        existing.setStatusAt(at);
        existing.setUpdatedAt(Times.millis(now));
        existing.store();
        return true;
    }

    /** The statuses of the connectors of one EVSE. */
    public List<String> statuses(long chargePointPk, int evseId) {
        return dsl.select(EVSE_CONNECTOR.STATUS).from(EVSE_CONNECTOR)
                .where(EVSE_CONNECTOR.CHARGE_POINT_PK.eq(chargePointPk))
                .and(EVSE_CONNECTOR.EVSE_ID.eq(evseId))
                .fetch(EVSE_CONNECTOR.STATUS);
    }

    public List<EvseConnector> list(long chargePointPk) {
        return dsl.selectFrom(EVSE_CONNECTOR)
                .where(EVSE_CONNECTOR.CHARGE_POINT_PK.eq(chargePointPk))
                .orderBy(EVSE_CONNECTOR.EVSE_ID, EVSE_CONNECTOR.CONNECTOR_ID)
                .fetch(r -> new EvseConnector(r.getEvseId(), r.getConnectorId(), r.getStatus(), r.getStatusAt()));
    }
}
