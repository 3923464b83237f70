package io.evstack.ocpi;

import io.evstack.csms.Deadlocks;
import io.evstack.csms.event.DomainEvent;
import io.evstack.csms.event.EventSubscriber;
import io.evstack.csms.transaction.Transaction;
import io.evstack.csms.transaction.TransactionFilter;
import io.evstack.csms.transaction.TransactionService;
import io.evstack.ocpi.cdrs.CdrService;
import io.evstack.ocpi.commands.CommandService;
import io.evstack.ocpi.locations.LocationMapping;
import io.evstack.ocpi.locations.LocationService;
import io.evstack.ocpi.push.Outbox;
import io.evstack.ocpi.push.PushWorker;
import io.evstack.ocpi.sessions.SessionService;
import io.evstack.ocpi.tariffs.TransactionPricing;
import io.evstack.ocpi.tokens.RealtimeAuthorizations;
import io.evstack.ocpi.tokens.TokenService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the CSMS's domain events into OCPI state and pushes: an EVSE status change is a PATCH of the
 * EVSE (section 8.2.2.3), a transaction's start, meter values and stop a PUT of the Session (9.2.2), a
 * stop also a new CDR (10.2.2). Events arrive on the bus's delivery lanes, after the CSMS committed and
 * off the charger's reply path, a charger's events in order; the work here is a few queries and an
 * outbox insert, the sending happens on the push worker.
 *
 * <p>Session updates from meter values are coalesced per session: at most one PUT per
 * {@link #SESSION_UPDATE_INTERVAL}; meter values arriving sooner mark the session and the lane's tick
 * sends one PUT with the latest state once the interval has passed (on the same lane, so it can never
 * overtake the stop of that session). Section 9.2.2 asks for updates when the session changes, not for
 * one per meter reading; a charger sending a burst of readings (or a replayed offline queue) would
 * otherwise cost the eMSP one request per reading.
 */
public final class OcpiEventHandler implements EventSubscriber {
    private static final Logger log = LoggerFactory.getLogger(OcpiEventHandler.class);
    static final Duration SESSION_UPDATE_INTERVAL = Duration.ofSeconds(5);

    /** When each active session was last put, by transaction id. */
    private final Map<Long, Instant> lastSessionUpdate = new ConcurrentHashMap<>();
    /** Sessions with meter values not yet put: transaction id → charger (to find its lane). */
    private final Map<Long, String> sessionUpdateDue = new ConcurrentHashMap<>();
    /**
     * Active sessions of our own id tags (no eMSP owns them): nobody receives their updates (they are not
     * pushed, and GET /sessions lists only sessions of other parties' tokens, section 4.1.4.1), so their meter
     * values update nothing; the stop still writes the final session and the CDR. After a restart the set is
     * empty and such sessions are updated as before, which is only slower.
     */
    private final Set<Long> unsharedSessions = ConcurrentHashMap.newKeySet();
    /**
     * Locations whose PUT is due at the next tick of their lane: location id → a charger in it (to find the
     * lane). A charger that boots and then reports its connectors makes two or three reasons within a second
     * to PUT its location (the boot, each new EVSE); one PUT of the location as it is at the tick carries them
     * all. A status change of an EVSE whose location PUT is due is not PATCHed: the PUT carries it, and a
     * PATCH sent before the PUT could reach a receiver that does not know the location yet.
     */
    private final Map<String, String> locationPutDue = new ConcurrentHashMap<>();

    private final DSLContext dsl;
    private final Clock clock;
    private final OcpiConfig config;
    private final LocationService locations;
    private final TransactionService transactions;
    private final SessionService sessions;
    private final CdrService cdrs;
    private final TokenService tokens;
    private final CommandService commands;
    private final PushWorker worker;
    private final RealtimeAuthorizations realtime;
    private final TransactionPricing pricing;

    public OcpiEventHandler(DSLContext dsl, Clock clock, OcpiConfig config, LocationService locations,
            TransactionService transactions, SessionService sessions, TransactionPricing pricing, CdrService cdrs,
            TokenService tokens, CommandService commands, PushWorker worker, RealtimeAuthorizations realtime) {
        this.realtime = realtime;
        this.pricing = pricing;
        this.dsl = dsl;
        this.clock = clock;
        this.config = config;
        this.locations = locations;
        this.transactions = transactions;
        this.sessions = sessions;
        this.cdrs = cdrs;
        this.tokens = tokens;
        this.commands = commands;
        this.worker = worker;
    }

    /**
     * Handles one event; run again whole when the database picked it as a deadlock victim (every step is
     * idempotent: EVSE states and sessions are stored as they are now, a CDR is made once, a push repeated is
     * the same PUT or PATCH again), since an event that fails here is never delivered again.
     */
    @Override
    public void onEvent(DomainEvent event) {
        Deadlocks.retry(() -> {
            handle(event);
            return null;
        });
        worker.wake();
    }

    private void handle(DomainEvent event) {
        switch (event) {
            case DomainEvent.ConnectorStatusChanged e -> statusChanged(e.chargePointId(), e.connectorId());
            case DomainEvent.ChargerConnected e -> allEvses(e.chargePointId());
            case DomainEvent.ChargerDisconnected e -> allEvses(e.chargePointId());
            case DomainEvent.ChargerBooted e -> pushLocation(e.chargePointId());
            // An EV's charging needs stay between the charger and smart charging: OCPI has no object for them.
            case DomainEvent.ChargingNeedsReceived e -> { }
            case DomainEvent.TransactionStarted e -> {
                transactions.find(e.transactionId()).map(tx -> sessions.update(tx,
                        commands.originOf(e.chargePointId(), e.connectorId(), e.idTag())
                                .or(() -> realtimeOrigin(tx))
                                .orElse(new SessionService.Origin(tokens.byUid(e.idTag()).isPresent() ? "WHITELIST" : "AUTH_REQUEST",
                                        null))))
                        .filter(sessions::unshared)
                        .ifPresent(session -> unsharedSessions.add(e.transactionId()));
                lastSessionUpdate.put(e.transactionId(), clock.instant());
            }
            case DomainEvent.MeterValuesReceived e -> {
                if (e.transactionId() != null) {
                    meterValues(e.chargePointId(), e.transactionId());
                }
            }
            case DomainEvent.TransactionStopped e -> {
                unsharedSessions.remove(e.transactionId());
                sessionUpdateDue.remove(e.transactionId());
                lastSessionUpdate.remove(e.transactionId());
                transactions.find(e.transactionId()).ifPresent(this::finish);
            }
        }
    }

    /**
     * A real-time authorization the token's eMSP gave for this start (section 12.2.1.2): the Session, and so
     * the CDR, carry its authorization_reference (9.3.1, 10.3.1) and belong to that eMSP.
     */
    private Optional<SessionService.Origin> realtimeOrigin(Transaction tx) {
        if (tx.idTag() == null) {
            return Optional.empty();
        }
        return realtime.take(tx.idTag(), locations.mapping().locationId(tx.chargePointId()),
                LocationMapping.evseUid(tx.chargePointId(), tx.connectorId()))
                .map(g -> new SessionService.Origin("AUTH_REQUEST", g.authorizationReference(), g.token()));
    }

    /** The final session and the CDR of a stopped transaction; both idempotent. */
    private void finish(Transaction tx) {
        var priced = pricing.price(tx);
        var session = sessions.update(tx, new SessionService.Origin("AUTH_REQUEST", null), priced);
        cdrs.create(tx, session, locations.ofChargePointAlone(tx.chargePointId()).orElse(null), priced);
    }

    /**
     * Makes the CDRs that a lost TransactionStopped never made. The CDR cannot be written in the CSMS's
     * own stop transaction (the CSMS knows nothing of OCPI, and the CDR needs the bridge's tariffs and
     * locations), and events are delivered from memory, so a crash between the stop's commit and the
     * delivery loses the event. Run at start, this finds the stopped transactions of the last
     * {@code window} (by start time) without a CDR and makes theirs; events in flight are seconds old,
     * so a window of days covers any crash followed by a restart within it. {@link CdrService#create}
     * is idempotent, so racing a live stop is harmless.
     *
     * @return how many CDRs were made
     */
    public int recoverCdrs(Duration window) {
        int made = 0;
        int page = 500;
        var from = clock.instant().minus(window);
        for (int offset = 0; ; offset += page) {
            List<Transaction> stopped = transactions.list(new TransactionFilter(null, null, false, from, null, offset, page));
            if (stopped.isEmpty()) {
                break;
            }
            var done = cdrs.withCdr(stopped.stream().map(Transaction::id).toList());
            for (Transaction tx : stopped) {
                if (!done.contains(tx.id())) {
                    finish(tx);
                    made++;
                }
            }
        }
        if (made > 0) {
            log.info("Made {} CDRs for stopped transactions whose stop event was lost", made);
            worker.wake();
        }
        return made;
    }

    private void meterValues(String chargePointId, long transactionId) {
        if (unsharedSessions.contains(transactionId)) {
            return;
        }
        Instant last = lastSessionUpdate.get(transactionId);
        if (last != null && clock.instant().isBefore(last.plus(SESSION_UPDATE_INTERVAL))) {
            sessionUpdateDue.put(transactionId, chargePointId);
            return;
        }
        updateSession(transactionId);
    }

    private void updateSession(long transactionId) {
        sessionUpdateDue.remove(transactionId);
        var tx = transactions.find(transactionId).filter(t -> t.active());
        if (tx.isPresent()) {
            sessions.update(tx.get(), null);
            lastSessionUpdate.put(transactionId, clock.instant());
        } else {
            lastSessionUpdate.remove(transactionId);
        }
    }

    /**
     * Puts the due locations and the coalesced session updates whose interval has passed, for the chargers of
     * this lane.
     */
    @Override
    public void onTick(Predicate<String> servesCharger) {
        Instant now = clock.instant();
        boolean any = false;
        for (var due : locationPutDue.entrySet()) {
            // removed before the location is read: a change stored after the read finds no PUT due and is PATCHed
            if (servesCharger.test(due.getValue()) && locationPutDue.remove(due.getKey(), due.getValue())) {
                Deadlocks.retry(() -> {
                    putLocation(due.getKey());
                    return null;
                });
                any = true;
            }
        }
        for (var due : sessionUpdateDue.entrySet()) {
            Instant last = lastSessionUpdate.get(due.getKey());
            if (servesCharger.test(due.getValue()) && (last == null || !now.isBefore(last.plus(SESSION_UPDATE_INTERVAL)))) {
                updateSession(due.getKey());
                any = true;
            }
        }
        if (any) {
            worker.wake();
        }
    }

    @Override
    public boolean hasDeferredWork() {
        return !locationPutDue.isEmpty();
    }

    private void statusChanged(String chargePointId, int connectorId) {
        if (connectorId == 0) {
            allEvses(chargePointId);
            return;
        }
        locations.refreshEvse(chargePointId, connectorId).ifPresent(r -> pushEvse(chargePointId, r));
    }

    private void allEvses(String chargePointId) {
        try {
            for (int n : locations.evseConnectorIds(chargePointId)) {
                locations.refreshEvse(chargePointId, n).ifPresent(r -> pushEvse(chargePointId, r));
            }
        } catch (RuntimeException e) {
            log.debug("No EVSEs for {}: {}", chargePointId, e.getMessage());
        }
    }

    /**
     * PUT of the whole Location when a charger boots (section 8.2.2.2): a receiver that has never seen
     * this charger learns of it before any PATCH of its EVSEs, and one that has gets its model, firmware
     * and connectors refreshed. PUT is idempotent, so a reboot costs nothing but a request. Made at the lane's
     * next tick ({@link #locationPutDue}).
     */
    private void pushLocation(String chargePointId) {
        try {
            locationPutDue.put(locations.mapping().locationId(chargePointId), chargePointId);
        } catch (RuntimeException e) {
            log.debug("No location for {}: {}", chargePointId, e.getMessage());
        }
    }

    private void putLocation(String locationId) {
        locations.find(locationId).ifPresent(location -> new Outbox(dsl).toAll("locations", "PUT",
                "/" + config.countryCode() + "/" + config.partyId() + "/" + location.id(), location, clock.instant()));
    }

    /**
     * PATCH of the EVSE with its status and last_updated (section 8.2.2.3). The first status of an EVSE the
     * bridge never pushed a status for is a PUT of its whole Location instead (section 8.2.2.2): the EVSE is
     * new to the receiver, and so may be its location. A PUT of the EVSE alone is refused (2003, unknown
     * location) by a receiver that has not got the location yet, which happens whenever the events are
     * handled after the fact: a charger's connected event handled once its connectors exist comes before
     * its boot's location PUT. A connector first reported after the boot's PUT (a 1.6 charger's connector 2,
     * a 2.0.1 EVSE) reaches the receiver the same way. That PUT is made at the lane's next tick, and no PATCH
     * is made while it is due ({@link #locationPutDue}); later PATCHes of the EVSE wait for it in the outbox
     * (its path contains theirs, see {@link Outbox#waitsForOlder}).
     */
    private void pushEvse(String chargePointId, LocationService.EvseRefresh refresh) {
        if (refresh.first()) {
            locationPutDue.put(refresh.locationId(), chargePointId);
        } else if (!locationPutDue.containsKey(refresh.locationId())) {
            String locationPath = "/" + config.countryCode() + "/" + config.partyId() + "/" + refresh.locationId();
            new Outbox(dsl).toAll("locations", "PATCH", locationPath + "/" + refresh.evseUid(),
                    Map.of("status", refresh.status(), "last_updated", refresh.lastUpdated().toString()), clock.instant());
        }
    }
}
