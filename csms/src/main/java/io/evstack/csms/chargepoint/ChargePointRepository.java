package io.evstack.csms.chargepoint;

import static io.evstack.db.generated.Tables.CHARGE_POINT;
import static io.evstack.db.generated.Tables.CONNECTOR;

import io.evstack.csms.Times;
import io.evstack.db.Inserts;
import io.evstack.db.generated.tables.records.ChargePointRecord;
import io.evstack.db.generated.tables.records.ConnectorRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;

/** Charge points and their connectors in the database. Takes and returns domain records only. */
public final class ChargePointRepository {
    private final DSLContext dsl;

    public ChargePointRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Optional<ChargePoint> find(String chargePointId) {
        return dsl.selectFrom(CHARGE_POINT)
                .where(CHARGE_POINT.CHARGE_POINT_ID.eq(chargePointId))
                .fetchOptional()
                .map(ChargePointRepository::toDomain);
    }

    public Optional<Long> findPk(String chargePointId) {
        return dsl.select(CHARGE_POINT.ID)
                .from(CHARGE_POINT)
                .where(CHARGE_POINT.CHARGE_POINT_ID.eq(chargePointId))
                .fetchOptional(CHARGE_POINT.ID);
    }

    public List<ChargePoint> list() {
        return dsl.selectFrom(CHARGE_POINT).orderBy(CHARGE_POINT.CHARGE_POINT_ID).fetch(ChargePointRepository::toDomain);
    }

    /** The stored password hash and security profile, for the handshake. */
    public Optional<Credentials> credentials(String chargePointId) {
        return dsl.select(CHARGE_POINT.PASSWORD_HASH, CHARGE_POINT.SECURITY_PROFILE)
                .from(CHARGE_POINT)
                .where(CHARGE_POINT.CHARGE_POINT_ID.eq(chargePointId))
                .fetchOptional(r -> new Credentials(r.value1(), r.value2()));
    }

    public record Credentials(String passwordHash, int securityProfile) {}

    public long insert(String chargePointId, String description, RegistrationStatus status, int securityProfile,
            String passwordHash, Instant now) {
        Instant at = Times.millis(now);
        return dsl.insertInto(CHARGE_POINT)
                .set(CHARGE_POINT.CHARGE_POINT_ID, chargePointId)
                .set(CHARGE_POINT.DESCRIPTION, description)
                .set(CHARGE_POINT.REGISTRATION_STATUS, status.name())
                .set(CHARGE_POINT.SECURITY_PROFILE, securityProfile)
                .set(CHARGE_POINT.PASSWORD_HASH, passwordHash)
                .set(CHARGE_POINT.CREATED_AT, at)
                .set(CHARGE_POINT.UPDATED_AT, at)
                .returningResult(CHARGE_POINT.ID)
                .fetchOne(CHARGE_POINT.ID);
    }

    /** Changes what the operator controls; null arguments leave the column as it is. */
    public boolean updateSettings(String chargePointId, String description, RegistrationStatus status,
            Integer securityProfile, String passwordHash, Instant now) {
        var update = dsl.update(CHARGE_POINT).set(CHARGE_POINT.UPDATED_AT, Times.millis(now));
        if (description != null) {
            update = update.set(CHARGE_POINT.DESCRIPTION, description);
        }
        if (status != null) {
            update = update.set(CHARGE_POINT.REGISTRATION_STATUS, status.name());
        }
        if (securityProfile != null) {
            update = update.set(CHARGE_POINT.SECURITY_PROFILE, securityProfile);
        }
        if (passwordHash != null) {
            update = update.set(CHARGE_POINT.PASSWORD_HASH, passwordHash);
        }
        return update.where(CHARGE_POINT.CHARGE_POINT_ID.eq(chargePointId)).execute() == 1;
    }

    public void clearPassword(String chargePointId) {
        dsl.update(CHARGE_POINT).setNull(CHARGE_POINT.PASSWORD_HASH).where(CHARGE_POINT.CHARGE_POINT_ID.eq(chargePointId)).execute();
    }

    public void recordBoot(String chargePointId, String ocppVersion, BootInfo info, int heartbeatInterval, Instant now) {
        Instant at = Times.millis(now);
        dsl.update(CHARGE_POINT)
                .set(CHARGE_POINT.OCPP_VERSION, ocppVersion)
                .set(CHARGE_POINT.VENDOR, info.vendor())
                .set(CHARGE_POINT.MODEL, info.model())
                .set(CHARGE_POINT.SERIAL_NUMBER, info.serialNumber())
                .set(CHARGE_POINT.CHARGE_BOX_SERIAL_NUMBER, info.chargeBoxSerialNumber())
                .set(CHARGE_POINT.FIRMWARE_VERSION, info.firmwareVersion())
                .set(CHARGE_POINT.ICCID, info.iccid())
                .set(CHARGE_POINT.IMSI, info.imsi())
                .set(CHARGE_POINT.METER_TYPE, info.meterType())
                .set(CHARGE_POINT.METER_SERIAL_NUMBER, info.meterSerialNumber())
                .set(CHARGE_POINT.HEARTBEAT_INTERVAL, heartbeatInterval)
                .set(CHARGE_POINT.LAST_BOOT_AT, at)
                .set(CHARGE_POINT.LAST_SEEN_AT, at)
                .set(CHARGE_POINT.UPDATED_AT, at)
                .where(CHARGE_POINT.CHARGE_POINT_ID.eq(chargePointId))
                .execute();
    }

    /** Returns whether the charger is registered (an unknown one is recorded when it boots). */
    public boolean recordConnected(String chargePointId, String ocppVersion, String node, Instant connectedAt) {
        Instant at = Times.millis(connectedAt);
        return dsl.update(CHARGE_POINT)
                .set(CHARGE_POINT.OCPP_VERSION, ocppVersion)
                .set(CHARGE_POINT.CONNECTED_NODE, node)
                .set(CHARGE_POINT.CONNECTED_AT, at)
                .set(CHARGE_POINT.LAST_SEEN_AT, at)
                .where(CHARGE_POINT.CHARGE_POINT_ID.eq(chargePointId))
                .execute() == 1;
    }

    /** Clears the connection only if this node still holds it: the charger may already be back elsewhere. */
    public void recordDisconnected(String chargePointId, String node, Instant connectedAt, Instant now) {
        dsl.update(CHARGE_POINT)
                .setNull(CHARGE_POINT.CONNECTED_NODE)
                .set(CHARGE_POINT.LAST_SEEN_AT, Times.millis(now))
                .where(CHARGE_POINT.CHARGE_POINT_ID.eq(chargePointId))
                .and(CHARGE_POINT.CONNECTED_NODE.eq(node))
                .and(CHARGE_POINT.CONNECTED_AT.eq(Times.millis(connectedAt)))
                .execute();
    }

    /** At start-up: no charger is connected to this node before its server listens. */
    public void clearConnections(String node) {
        dsl.update(CHARGE_POINT).setNull(CHARGE_POINT.CONNECTED_NODE).where(CHARGE_POINT.CONNECTED_NODE.eq(node)).execute();
    }

    public void recordLastSeen(Map<String, Instant> lastSeen) {
        if (lastSeen.isEmpty()) {
            return;
        }
        dsl.batch(lastSeen.entrySet().stream()
                        .map(e -> dsl.update(CHARGE_POINT)
                                .set(CHARGE_POINT.LAST_SEEN_AT, Times.millis(e.getValue()))
                                .where(CHARGE_POINT.CHARGE_POINT_ID.eq(e.getKey())))
                        .toList())
                .execute();
    }

    public void recordFirmwareStatus(long pk, String status, Instant now) {
        dsl.update(CHARGE_POINT)
                .set(CHARGE_POINT.FIRMWARE_STATUS, status)
                .set(CHARGE_POINT.FIRMWARE_STATUS_AT, Times.millis(now))
                .where(CHARGE_POINT.ID.eq(pk))
                .execute();
    }

    public void recordDiagnosticsStatus(long pk, String status, Instant now) {
        dsl.update(CHARGE_POINT)
                .set(CHARGE_POINT.DIAGNOSTICS_STATUS, status)
                .set(CHARGE_POINT.DIAGNOSTICS_STATUS_AT, Times.millis(now))
                .where(CHARGE_POINT.ID.eq(pk))
                .execute();
    }

    public void recordLocalListVersion(long pk, int version) {
        dsl.update(CHARGE_POINT).set(CHARGE_POINT.LOCAL_LIST_VERSION, version).where(CHARGE_POINT.ID.eq(pk)).execute();
    }

    public boolean delete(String chargePointId) {
        return dsl.deleteFrom(CHARGE_POINT).where(CHARGE_POINT.CHARGE_POINT_ID.eq(chargePointId)).execute() == 1;
    }

    // --- connectors

    public List<Connector> connectors(String chargePointId) {
        return dsl.select(CONNECTOR.fields())
                .from(CONNECTOR)
                .join(CHARGE_POINT).on(CHARGE_POINT.ID.eq(CONNECTOR.CHARGE_POINT_PK))
                .where(CHARGE_POINT.CHARGE_POINT_ID.eq(chargePointId))
                .orderBy(CONNECTOR.CONNECTOR_ID)
                .fetchInto(CONNECTOR)
                .map(r -> toDomain(chargePointId, r));
    }

    public Optional<Connector> connector(long chargePointPk, String chargePointId, int connectorId) {
        return dsl.selectFrom(CONNECTOR)
                .where(CONNECTOR.CHARGE_POINT_PK.eq(chargePointPk))
                .and(CONNECTOR.CONNECTOR_ID.eq(connectorId))
                .fetchOptional()
                .map(r -> toDomain(chargePointId, r));
    }

    /**
     * Stores a StatusNotification unless a later one is already stored (queued notifications may arrive
     * after a fresher one). Returns whether the stored state changed.
     */
    public boolean upsertStatus(long chargePointPk, Connector status, Instant now) {
        Instant at = Times.millis(status.statusAt());
        // A connector seen for the first time is inserted without a locking read first: on MariaDB/MySQL
        // (REPEATABLE READ) a locking read of a missing row takes a gap lock, and new chargers' connectors all
        // fall in the same gap at the end of the index, so chargers booting together deadlocked each other
        // (2,112 deadlocks and 24 StatusNotifications failed in a 10,000-charger ramp-up). A plain read takes
        // no lock; if another transaction inserts the row meanwhile, the insert does nothing and the row is
        // then locked and updated like any existing one.
        boolean exists = dsl.fetchExists(CONNECTOR, CONNECTOR.CHARGE_POINT_PK.eq(chargePointPk)
                .and(CONNECTOR.CONNECTOR_ID.eq(status.connectorId())));
        if (!exists) {
            int inserted = Inserts.ignoringConflict(dsl.insertInto(CONNECTOR)
                    .set(CONNECTOR.CHARGE_POINT_PK, chargePointPk)
                    .set(CONNECTOR.CONNECTOR_ID, status.connectorId())
                    .set(CONNECTOR.STATUS, status.status())
                    .set(CONNECTOR.ERROR_CODE, status.errorCode())
                    .set(CONNECTOR.INFO, status.info())
                    .set(CONNECTOR.VENDOR_ID, status.vendorId())
                    .set(CONNECTOR.VENDOR_ERROR_CODE, status.vendorErrorCode())
                    .set(CONNECTOR.STATUS_AT, at)
                    .set(CONNECTOR.UPDATED_AT, Times.millis(now))
                    .onConflict(CONNECTOR.CHARGE_POINT_PK, CONNECTOR.CONNECTOR_ID).doNothing());
            if (inserted == 1) {
                return true;
            }
        }
        ConnectorRecord existing = dsl.selectFrom(CONNECTOR)
                .where(CONNECTOR.CHARGE_POINT_PK.eq(chargePointPk))
                .and(CONNECTOR.CONNECTOR_ID.eq(status.connectorId()))
                .forUpdate()
                .fetchOne();
        if (existing.getStatusAt() != null && at.isBefore(existing.getStatusAt())) {
            return false;
        }
        boolean changed = !status.status().equals(existing.getStatus())
                || !Objects.equals(status.errorCode(), existing.getErrorCode());
        fill(existing, status, at, now);
        existing.store();
        return changed;
    }

    private static void fill(ConnectorRecord r, Connector s, Instant at, Instant now) {
        r.setStatus(s.status());
        r.setErrorCode(s.errorCode());
        r.setInfo(s.info());
        r.setVendorId(s.vendorId());
        r.setVendorErrorCode(s.vendorErrorCode());
        r.setStatusAt(at);
        r.setUpdatedAt(Times.millis(now));
    }

    private static Connector toDomain(String chargePointId, ConnectorRecord r) {
        return new Connector(chargePointId, r.getConnectorId(), r.getStatus(), r.getErrorCode(), r.getInfo(),
                r.getVendorId(), r.getVendorErrorCode(), r.getStatusAt());
    }

    static ChargePoint toDomain(ChargePointRecord r) {
        return new ChargePoint(
                r.getId(),
                r.getChargePointId(),
                r.getDescription(),
                r.getOcppVersion(),
                RegistrationStatus.valueOf(r.getRegistrationStatus()),
                r.getSecurityProfile(),
                r.getPasswordHash() != null,
                new BootInfo(r.getVendor(), r.getModel(), r.getSerialNumber(), r.getChargeBoxSerialNumber(),
                        r.getFirmwareVersion(), r.getIccid(), r.getImsi(), r.getMeterType(), r.getMeterSerialNumber()),
                r.getHeartbeatInterval(),
                r.getLastBootAt(),
                r.getLastSeenAt(),
                r.getConnectedNode(),
                r.getConnectedAt(),
                r.getFirmwareStatus(),
                r.getFirmwareStatusAt(),
                r.getDiagnosticsStatus(),
                r.getDiagnosticsStatusAt(),
                r.getLocalListVersion(),
                r.getCreatedAt(),
                r.getUpdatedAt());
    }
}
