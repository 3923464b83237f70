package io.evstack.csms.chargepoint;

import io.evstack.csms.Deadlocks;
import io.evstack.csms.CsmsException;
import io.evstack.csms.event.DomainEvent;
import io.evstack.csms.event.EventPublisher;
import io.evstack.csms.security.PasswordHasher;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;

/** Registration, boot, liveness and connector status of chargers. Owns the transactions it runs. */
public final class ChargePointService {
    /** What a charger was told in BootNotification, and how often to come back. */
    public record BootDecision(RegistrationStatus status, int interval, Instant currentTime) {}

    /** The result of registering a charger: the password is shown once and never stored in clear. */
    public record Registration(ChargePoint chargePoint, String password) {}

    private final DSLContext dsl;
    private final Clock clock;
    private final EventPublisher events;
    private final PasswordHasher hasher;
    private final UnknownChargerPolicy unknownChargers;
    private final int heartbeatIntervalSeconds;
    private final int retryIntervalSeconds;
    private final String nodeId;
    private final Map<String, Instant> pendingLastSeen = new ConcurrentHashMap<>();
    /** The connection (by its start) recorded for each charger on this node, so that its boot need not record it again. */
    private final Map<String, Instant> recordedConnections = new ConcurrentHashMap<>();
    /** Registration status per charger, so that every message does not cost a query; short-lived so that
     *  a change made on another node is seen soon. */
    private final Map<String, CachedStatus> statusCache = new ConcurrentHashMap<>();

    private record CachedStatus(RegistrationStatus status, Instant until) {}

    private final ChargerKeys keys;

    public ChargePointService(DSLContext dsl, Clock clock, EventPublisher events, PasswordHasher hasher,
            UnknownChargerPolicy unknownChargers, int heartbeatIntervalSeconds, int retryIntervalSeconds, String nodeId) {
        this(dsl, clock, events, hasher, unknownChargers, heartbeatIntervalSeconds, retryIntervalSeconds, nodeId,
                ChargerKeys.uncached());
    }

    public ChargePointService(DSLContext dsl, Clock clock, EventPublisher events, PasswordHasher hasher,
            UnknownChargerPolicy unknownChargers, int heartbeatIntervalSeconds, int retryIntervalSeconds, String nodeId,
            ChargerKeys keys) {
        this.keys = keys;
        this.dsl = dsl;
        this.clock = clock;
        this.events = events;
        this.hasher = hasher;
        this.unknownChargers = unknownChargers;
        this.heartbeatIntervalSeconds = heartbeatIntervalSeconds;
        this.retryIntervalSeconds = retryIntervalSeconds;
        this.nodeId = nodeId;
    }

    // --- operator side

    /**
     * Registers a charger. Security profile 0 takes no password; 1 and 2 take the given one or generate
     * one, which is returned once.
     */
    public Registration register(String chargePointId, String description, RegistrationStatus status,
            int securityProfile, String password) {
        validateIdentity(chargePointId);
        if (securityProfile < 0 || securityProfile > 3) {
            throw CsmsException.badRequest("securityProfile must be 0, 1, 2 or 3");
        }
        if (!usesPassword(securityProfile) && password != null) {
            throw CsmsException.badRequest("security profile " + securityProfile + " takes no password");
        }
        String clear = !usesPassword(securityProfile) ? null
                : (password != null ? checkPassword(password) : hasher.randomPassword());
        String hash = clear == null ? null : hasher.hash(clear);
        return dsl.transactionResult(tx -> {
            var repo = new ChargePointRepository(tx.dsl());
            if (repo.findPk(chargePointId).isPresent()) {
                throw CsmsException.conflict("Charge point " + chargePointId + " already exists");
            }
            repo.insert(chargePointId, description, status == null ? RegistrationStatus.Accepted : status,
                    securityProfile, hash, clock.instant());
            return new Registration(repo.find(chargePointId).orElseThrow(), clear);
        });
    }

    /** Changes operator settings; a new password (or a profile that needs one) returns the new password. */
    public Registration update(String chargePointId, String description, RegistrationStatus status,
            Integer securityProfile, String password) {
        if (securityProfile != null && (securityProfile < 0 || securityProfile > 3)) {
            throw CsmsException.badRequest("securityProfile must be 0, 1, 2 or 3");
        }
        return dsl.transactionResult(tx -> {
            var repo = new ChargePointRepository(tx.dsl());
            ChargePoint cp = repo.find(chargePointId).orElseThrow(() -> CsmsException.notFound("Charge point", chargePointId));
            int profile = securityProfile != null ? securityProfile : cp.securityProfile();
            if (!usesPassword(profile) && password != null) {
                throw CsmsException.badRequest("security profile " + profile + " takes no password");
            }
            String clear = password != null ? checkPassword(password) : null;
            if (clear == null && usesPassword(profile) && !cp.hasPassword()) {
                clear = hasher.randomPassword();
            }
            repo.updateSettings(chargePointId, description, status, securityProfile,
                    clear == null ? null : hasher.hash(clear), clock.instant());
            if (!usesPassword(profile) && cp.hasPassword()) {
                // Profiles 0 and 3 use no Basic password: a stale hash must not keep asking for one.
                repo.clearPassword(chargePointId);
            }
            statusCache.remove(chargePointId);
            return new Registration(repo.find(chargePointId).orElseThrow(), clear);
        });
    }

    public void delete(String chargePointId) {
        dsl.transaction(tx -> {
            var repo = new ChargePointRepository(tx.dsl());
            if (repo.findPk(chargePointId).isEmpty()) {
                throw CsmsException.notFound("Charge point", chargePointId);
            }
            statusCache.remove(chargePointId);
            keys.forget(chargePointId);
            recordedConnections.remove(chargePointId);
            try {
                repo.delete(chargePointId);
            } catch (org.jooq.exception.IntegrityConstraintViolationException e) {
                throw CsmsException.conflict("Charge point " + chargePointId
                        + " has transactions or meter values; they are kept, so it cannot be deleted");
            }
        });
    }

    public Optional<ChargePoint> find(String chargePointId) {
        return new ChargePointRepository(dsl).find(chargePointId);
    }

    public ChargePoint get(String chargePointId) {
        return find(chargePointId).orElseThrow(() -> CsmsException.notFound("Charge point", chargePointId));
    }

    public List<ChargePoint> list() {
        return new ChargePointRepository(dsl).list();
    }

    public List<Connector> connectors(String chargePointId) {
        get(chargePointId);
        return connectorsOf(chargePointId);
    }

    /** The same without checking that the charger exists (none for an unknown one): one query, for hot paths. */
    public List<Connector> connectorsOf(String chargePointId) {
        return new ChargePointRepository(dsl).connectors(chargePointId);
    }

    // --- charger side

    /**
     * BootNotification (OCPP 1.6 section 4.2): an unknown charger is registered with the status the
     * unknown-charger policy gives; a known one gets its registration status. Accepted chargers are told
     * the heartbeat interval, the others when to retry.
     */
    public BootDecision boot(String chargePointId, String ocppVersion, BootInfo info) {
        Instant now = clock.instant();
        RegistrationStatus status = dsl.transactionResult(tx -> {
            var repo = new ChargePointRepository(tx.dsl());
            Optional<ChargePoint> existing = repo.find(chargePointId);
            RegistrationStatus s;
            if (existing.isEmpty()) {
                s = unknownChargers.registrationStatus();
                repo.insert(chargePointId, null, s, 0, null, now);
            } else {
                s = existing.get().registrationStatus();
            }
            int interval = s == RegistrationStatus.Accepted ? heartbeatIntervalSeconds : retryIntervalSeconds;
            repo.recordBoot(chargePointId, ocppVersion, info, interval, now);
            return s;
        });
        // The boot just read the status: the charger's next messages need not read it again.
        statusCache.put(chargePointId, new CachedStatus(status, now.plusSeconds(30)));
        events.publish(new DomainEvent.ChargerBooted(chargePointId, status.name(), now));
        int interval = status == RegistrationStatus.Accepted ? heartbeatIntervalSeconds : retryIntervalSeconds;
        return new BootDecision(status, interval, now);
    }

    /** Whether the charger may send anything but BootNotification (OCPP 1.6 section 4.2.1). */
    public boolean isAccepted(String chargePointId) {
        Instant now = clock.instant();
        CachedStatus cached = statusCache.get(chargePointId);
        if (cached == null || cached.until().isBefore(now)) {
            RegistrationStatus status = find(chargePointId).map(ChargePoint::registrationStatus).orElse(null);
            if (status == null) {
                return false;
            }
            cached = new CachedStatus(status, now.plusSeconds(30));
            statusCache.put(chargePointId, cached);
        }
        return cached.status() == RegistrationStatus.Accepted;
    }

    /** The keys of chargers, remembered; shared with the services that look chargers up per message. */
    /** The time by the stack's clock, for what a charger left undated. */
    public Instant now() {
        return clock.instant();
    }

    public ChargerKeys keys() {
        return keys;
    }

    public long requirePk(String chargePointId) {
        return keys.find(dsl, chargePointId)
                .orElseThrow(() -> CsmsException.notFound("Charge point", chargePointId));
    }

    public Instant heartbeat(String chargePointId) {
        Instant now = clock.instant();
        seen(chargePointId);
        return now;
    }

    /** Notes that a charger was heard from; written in batches by {@link #flushLastSeen()}. */
    public void seen(String chargePointId) {
        pendingLastSeen.put(chargePointId, clock.instant());
    }

    public void flushLastSeen() {
        if (pendingLastSeen.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new java.util.HashMap<>();
        for (String id : List.copyOf(pendingLastSeen.keySet())) {
            Instant at = pendingLastSeen.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        new ChargePointRepository(dsl).recordLastSeen(batch);
    }

    public void statusNotification(String chargePointId, Connector status) {
        Instant now = clock.instant();
        long pk = requirePk(chargePointId);
        boolean changed = Deadlocks.retry(
                () -> dsl.transactionResult(tx -> new ChargePointRepository(tx.dsl()).upsertStatus(pk, status, now)));
        if (changed) {
            events.publish(new DomainEvent.ConnectorStatusChanged(chargePointId, status.connectorId(), status.status(),
                    status.errorCode(), status.statusAt()));
        }
    }

    /**
     * OCPP 2.0.1 StatusNotification (G01): the connector's own state is kept per EVSE and connector, and
     * the EVSE, which the shared model calls the connector, takes the most telling state of its
     * connectors (one in use makes the EVSE Occupied; one still usable keeps it Available). Its error code
     * is given in 1.6 words (NoError, or OtherError when Faulted) so that it reads the same everywhere.
     */
    public void evseConnectorStatus(String chargePointId, int evseId, int connectorId, String status, Instant at) {
        Instant now = clock.instant();
        long pk = requirePk(chargePointId);
        String summary = Deadlocks.retry(() -> dsl.transactionResult(tx -> {
            var evses = new EvseConnectorRepository(tx.dsl());
            if (!evses.upsert(pk, evseId, connectorId, status, at, now)) {
                return null;
            }
            List<String> all = evses.statuses(pk, evseId);
            for (String s : List.of("Occupied", "Reserved", "Available", "Unavailable", "Faulted")) {
                if (all.contains(s)) {
                    return s;
                }
            }
            return status;
        }));
        if (summary != null) {
            statusNotification(chargePointId, new Connector(chargePointId, evseId, summary,
                    "Faulted".equals(summary) ? "OtherError" : "NoError", null, null, null, at));
        }
    }

    /** The connectors of each EVSE of a 2.0.1 station. */
    public List<EvseConnector> evseConnectors(String chargePointId) {
        return new EvseConnectorRepository(dsl).list(requirePk(chargePointId));
    }

    /**
     * Records that this node holds the charger's socket since {@code connectedAt} (the session's own
     * time, which identifies the connection when the old socket's close is reported late).
     */
    public void connected(String chargePointId, String ocppVersion, Instant connectedAt) {
        if (new ChargePointRepository(dsl).recordConnected(chargePointId, ocppVersion, nodeId, connectedAt)) {
            recordedConnections.put(chargePointId, connectedAt);
            events.publish(new DomainEvent.ChargerConnected(chargePointId, connectedAt));
        }
    }

    /**
     * Records the connection of a charger that booted, without announcing it again: needed when the charger
     * had no row yet when it connected (an unknown charger accepted by its boot). A charger whose
     * connection was recorded at connect time costs no statement here (a reconnect storm boots thousands).
     */
    public void recordConnection(String chargePointId, String ocppVersion, Instant connectedAt) {
        if (connectedAt.equals(recordedConnections.get(chargePointId))) {
            return;
        }
        if (new ChargePointRepository(dsl).recordConnected(chargePointId, ocppVersion, nodeId, connectedAt)) {
            recordedConnections.put(chargePointId, connectedAt);
        }
    }

    public void disconnected(String chargePointId, Instant connectedAt) {
        recordedConnections.remove(chargePointId, connectedAt);
        Instant now = clock.instant();
        new ChargePointRepository(dsl).recordDisconnected(chargePointId, nodeId, connectedAt, now);
        events.publish(new DomainEvent.ChargerDisconnected(chargePointId, now));
    }

    public void clearConnectionsOfThisNode() {
        new ChargePointRepository(dsl).clearConnections(nodeId);
    }

    /** Profiles 1 and 2 authenticate with HTTP Basic; 0 with nothing, 3 with a client certificate. */
    private static boolean usesPassword(int securityProfile) {
        return securityProfile == 1 || securityProfile == 2;
    }

    private static void validateIdentity(String id) {
        // OCPP-J 1.6 section 3.1.1: the identity is the last path segment; 2.0.1 limits it to 48 characters
        // of a URL-safe set. We accept the 1.6 practice of up to 64 but refuse what breaks a URL.
        if (id == null || id.isBlank() || id.length() > 64 || !id.matches("[A-Za-z0-9*\\-_=:+|@.]+")) {
            throw CsmsException.badRequest(
                    "chargePointId must be 1-64 characters of letters, digits and * - _ = : + | @ .");
        }
    }

    private static String checkPassword(String password) {
        // OCPP 1.6 Security Whitepaper: AuthorizationKey is 16 to 40 characters... we allow up to 64 printable.
        if (password.length() < 16 || password.length() > 64) {
            throw CsmsException.badRequest("password must be 16 to 64 characters");
        }
        return password;
    }
}
