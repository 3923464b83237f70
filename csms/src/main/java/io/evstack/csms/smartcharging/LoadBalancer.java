package io.evstack.csms.smartcharging;

import io.evstack.csms.event.DomainEvent;
import io.evstack.csms.smartcharging.allocation.Allocation;
import io.evstack.csms.smartcharging.allocation.AllocationRequest;
import io.evstack.csms.smartcharging.allocation.Allocator;
import io.evstack.csms.smartcharging.allocation.Demand;
import io.evstack.csms.smartcharging.allocation.EvseSpec;
import io.evstack.csms.smartcharging.allocation.SiteSpec;
import io.evstack.csms.smartcharging.site.ActiveSession;
import io.evstack.csms.smartcharging.site.AllocationEntry;
import io.evstack.csms.smartcharging.site.Circuit;
import io.evstack.csms.smartcharging.site.LimitPeriod;
import io.evstack.csms.smartcharging.site.SessionNeed;
import io.evstack.csms.smartcharging.site.Site;
import io.evstack.csms.smartcharging.site.SiteEvse;
import io.evstack.csms.smartcharging.site.SiteRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live depot balancer. On every event that changes what a site's chargers may draw (a transaction
 * starts or stops, meter values arrive, a charger connects or disconnects, an EV reports its charging
 * needs, the operator changes a limit) and periodically, it recomputes the site with the site's
 * {@link Allocator} and sends each changed limit as a TxProfile through a {@link ProfileSender}, in the
 * charger's OCPP version (1.6 or 2.0.1). On every charger of a site it first installs the fallback
 * TxDefaultProfile on each EVSE and, where the charger alone could overload a circuit above it, a station
 * cap (their answers are not waited for: see {@link #installFallbacks}). Decreases are sent, and answered, before increases, so the sum of what the chargers are allowed
 * never exceeds a limit on the way from one allocation to the next; if a decrease is not accepted, no
 * increase is sent in that round. Increases are not waited for, so the next round may start while they
 * are on their way: it counts a limit sent and not answered yet as in force where it is higher, so that
 * lowering it is a decrease of that round too.
 *
 * <p>After a changed TxProfile is accepted, the balancer asks the charger for its composite schedule
 * (where the charger implements GetCompositeSchedule) and records a discrepancy between what it sent and
 * what the charger applies as a {@code Mismatch} in the allocation history; it does not resend because of
 * it (a charger that keeps applying something else would otherwise be asked forever).
 *
 * <p>A charger that cannot be reached is counted at its fallback, or at its last TxProfile until that
 * runs out (it is Absolute with a duration of {@code profileTtl}, renewed while the charger is online).
 * An idle EVSE of an online charger is counted at its idle level: where the fallback is above the least a
 * car can start at (AC: 6 A on its phases; DC: nothing), the balancer installs that level as a second,
 * higher TxDefaultProfile valid for {@code profileTtl} and renews it while the charger is online, so a
 * car plugged in there starts at it until the balancer raises it; without an accepted idle level (or
 * once it runs out) the EVSE counts at its fallback. All of this only once the charger has accepted the
 * limit: until an EVSE's charger has accepted its fallback, idle level or a TxProfile (it has just
 * connected, refused, or not answered), nothing stops it from drawing its hardware maximum, and it is
 * counted there, online or not, idle or charging; the others get what that leaves. A car charging there
 * is sent a TxProfile at the fallback's level, which does not hold up the others' increases (they are
 * computed with the hardware maximum). Every limit is used only up to the margin of {@link Settings}.
 *
 * <p>A site's rounds run one at a time, different sites' in parallel (each round on a virtual thread), so a
 * charger that is slow to answer a decrease holds up the next rounds of its own site only; requests for a
 * site that is already waiting are merged. Events may arrive
 * on any thread, also after the change they describe has long been committed: every round reads the
 * database afresh, so their order does not matter; the state they clear is that of the transaction they
 * name (a late TransactionStopped leaves the next transaction on the connector alone).
 */
public final class LoadBalancer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoadBalancer.class);

    /**
     * @param period how often every site is recomputed without an event (real time)
     * @param profileTtl how long a sent TxProfile lasts if not renewed (CSMS clock)
     * @param answerTimeout how long a round waits for the decreases to be answered
     * @param marginPct headroom left free below every site and circuit limit, percent of the limit (meter
     *     error, a car's overshoot while it ramps to a new limit)
     */
    public record Settings(Duration period, Duration profileTtl, Duration answerTimeout, double marginPct) {
        public static final double DEFAULT_MARGIN_PCT = 2;
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofSeconds(35));

        public Settings(Duration period, Duration profileTtl, Duration answerTimeout) {
            this(period, profileTtl, answerTimeout, DEFAULT_MARGIN_PCT);
        }
    }

    private record EvseKey(String chargePointId, int connectorId) {
        String id() {
            return chargePointId + "/" + connectorId;
        }
    }

    /**
     * What the charger has accepted for a connector, and since when that limit has been in force; {@code seq}
     * orders the sends to it (see {@link #sends}).
     */
    private record Sent(Long transactionId, ChargingLimit limit, Instant expiresAt, Instant since, long seq) {}

    /** How long a composite schedule the balancer asks for covers: only its first period is compared. */
    private static final Duration COMPOSITE_SPAN = Duration.ofMinutes(5);

    private final SiteRepository sites;
    private final ProfileSender profiles;
    private final Predicate<String> connected;
    private final Clock clock;
    private final Settings settings;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "load-balancer");
        t.setDaemon(true);
        return t;
    });
    /** Runs the rounds; a site's lock keeps its rounds one at a time. */
    private final ExecutorService rounds =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("load-balancer-round-", 0).factory());
    private final Map<String, ReentrantLock> siteLocks = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, Optional<String>> siteOfCharger = new ConcurrentHashMap<>();
    private final Map<EvseKey, Sent> sent = new ConcurrentHashMap<>();
    /**
     * Limits sent and not answered yet (increases are not waited for, and a round may time out): the
     * charger may already apply them, so until they are answered they count as in force where they are
     * higher than the accepted one. Without this, the next round took an EVSE whose increase was still on
     * its way for being at its old limit, sent it nothing or an "increase" to below the limit on its way,
     * and sent others their increases: both rounds' increases were in force at once (the depot test saw
     * up to 382 kW under a 300 kW connection).
     */
    private final Map<EvseKey, Sent> unanswered = new ConcurrentHashMap<>();
    private final Set<String> fallbackInstalled = ConcurrentHashMap.newKeySet();
    /** Chargers whose fallback profiles are on their way, each with a token of that send (see installFallbacks). */
    private final Map<String, Object> fallbackOnItsWay = new ConcurrentHashMap<>();
    /** EVSEs whose idle level is on its way, with the send's sequence number. */
    private final Map<EvseKey, Long> idleOnItsWay = new ConcurrentHashMap<>();
    /**
     * The fallback TxDefaultProfile each EVSE's charger has accepted (a refused one leaves the last accepted
     * in force); none: not since it (re)connected, so it may draw its hardware maximum.
     */
    private final Map<EvseKey, ChargingLimit> fallbackAccepted = new ConcurrentHashMap<>();
    /** The idle level each EVSE has accepted, until when (a refused renewal leaves the last one until then). */
    private final Map<EvseKey, Sent> idleAccepted = new ConcurrentHashMap<>();
    private final Map<EvseKey, Double> draws = new ConcurrentHashMap<>();
    private final Map<Long, List<Cap>> caps = new ConcurrentHashMap<>();
    /**
     * Numbers the TxProfiles in the order they are sent. A charger answers them in that order, but the
     * answers are handled on other threads (each after its own database writes), so they may be handled out
     * of order: an earlier send's answer handled last must not replace the limit of a later one the charger
     * has since applied. Seen on MariaDB: a renewed 16 A answered after the 10 A cap sent next left the
     * balancer believing 16 A while the charger applied 10 A, so lifting the cap sent nothing.
     */
    private final AtomicLong sends = new AtomicLong();

    /** From {@code from} on, a transaction may draw at most {@code watts} (until the next step). */
    public record Cap(Instant from, double watts) {}
    /** EVSEs whose TxProfile is sent in the next round even if unchanged (the EV told its needs: K15). */
    private final Set<EvseKey> sendAnyway = ConcurrentHashMap.newKeySet();
    /** Chargers that answered GetCompositeSchedule with NotImplemented / NotSupported, until they reboot. */
    private final Set<String> noComposite = ConcurrentHashMap.newKeySet();
    private final Map<EvseKey, Double> applied = new ConcurrentHashMap<>();
    // Composite-schedule answers are recorded off the socket's thread and off the balancer's.
    private final Executor checks = Executors.newVirtualThreadPerTaskExecutor();

    public LoadBalancer(SiteRepository sites, ProfileSender profiles, Predicate<String> connected, Clock clock,
            Settings settings) {
        this.sites = sites;
        this.profiles = profiles;
        this.connected = connected;
        this.clock = clock;
        this.settings = settings;
    }

    public LoadBalancer start() {
        long ms = settings.period().toMillis();
        worker.scheduleWithFixedDelay(() -> sites.sites().forEach(s -> request(s.siteId())), ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The event bus listener. */
    public void onEvent(DomainEvent event) {
        String charger = event.chargePointId();
        switch (event) {
            case DomainEvent.ChargerConnected e -> reset(charger);
            case DomainEvent.ChargerBooted e -> reset(charger);
            case DomainEvent.TransactionStopped e -> forget(new EvseKey(charger, e.connectorId()), e.transactionId());
            case DomainEvent.ChargingNeedsReceived e -> sendAnyway.add(new EvseKey(charger, e.evseId()));
            default -> {}
        }
        siteOfCharger.computeIfAbsent(charger, sites::siteOfCharger).ifPresent(this::request);
    }

    /**
     * Forgets what was sent for a stopped transaction, and only that: the stop may be delivered after the
     * next transaction on the same connector has started and been sent its limit. One connection's CALLs
     * are handled in order, but a charger that reconnects gets a new connection while the old one's
     * handler may still be running (the socket it replaces is closed, not waited for), and events are
     * published after the commit: a StopTransaction (or TransactionEvent Ended) committed on the old
     * connection can be published after the next StartTransaction on the new one. Forgetting the new
     * transaction's limit would make the next round count it at its fallback, so lowering it would go out
     * as an increase, together with the others' increases, before it is in force.
     */
    private void forget(EvseKey key, long transactionId) {
        Sent kept = sent.computeIfPresent(key, (k, s) -> Objects.equals(s.transactionId(), transactionId) ? null : s);
        unanswered.computeIfPresent(key, (k, u) -> Objects.equals(u.transactionId(), transactionId) ? null : u);
        if (kept == null) {
            applied.remove(key); // what the charger showed for the stopped one's limit (checkApplied keeps it with sent)
        }
        caps.remove(transactionId);
    }

    /**
     * Caps one transaction (e.g. the limit a driver's eMSP set over OCPI): the allocator gives it at most
     * the step in force, like an EV's own maximum; an empty list lifts the cap. Answers whether the charger
     * is in a site, that is, whether the balancer will send the limit; if not, the caller sends its own.
     */
    public boolean capTransaction(String chargePointId, long transactionId, List<Cap> steps) {
        if (steps.isEmpty()) {
            caps.remove(transactionId);
        } else {
            caps.put(transactionId, steps.stream().sorted(java.util.Comparator.comparing(Cap::from)).toList());
        }
        Optional<String> site = siteOfCharger.computeIfAbsent(chargePointId, sites::siteOfCharger);
        site.ifPresent(this::request);
        return site.isPresent();
    }

    private double capW(long transactionId, Instant now) {
        double w = Double.POSITIVE_INFINITY;
        for (Cap c : caps.getOrDefault(transactionId, List.of())) {
            if (!c.from().isAfter(now)) {
                w = c.watts();
            }
        }
        return w;
    }

    /** A charger that (re)connected or rebooted has lost what it was told, or may have: tell it again. */
    private void reset(String charger) {
        fallbackInstalled.remove(charger);
        fallbackOnItsWay.remove(charger);
        idleOnItsWay.keySet().removeIf(k -> k.chargePointId().equals(charger));
        fallbackAccepted.keySet().removeIf(k -> k.chargePointId().equals(charger));
        idleAccepted.keySet().removeIf(k -> k.chargePointId().equals(charger));
        noComposite.remove(charger);
        profiles.forget(charger);
    }

    /** The operator changed something of this site. */
    public void siteChanged(String siteId) {
        siteOfCharger.clear();
        fallbackInstalled.clear();
        fallbackOnItsWay.clear();
        request(siteId);
    }

    /** Queues a recomputation of the site (merged with one already waiting). */
    public void request(String siteId) {
        if (pending.add(siteId)) {
            try {
                rounds.execute(() -> {
                    var lock = siteLocks.computeIfAbsent(siteId, id -> new ReentrantLock());
                    lock.lock();
                    try {
                        pending.remove(siteId); // a request from now on is a round after this one
                        rebalance(siteId);
                    } catch (RuntimeException e) {
                        log.warn("Rebalancing site {} failed", siteId, e);
                    } finally {
                        lock.unlock();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.remove(siteId); // closed: events that arrive while the stack stops change nothing
            }
        }
    }

    /** The live allocation of every EVSE of a site. */
    public List<LiveAllocation> live(String siteId) {
        Optional<Site> site = sites.site(siteId);
        if (site.isEmpty()) {
            return List.of();
        }
        List<SiteEvse> evses = sites.dsl().transactionResult(cfg -> sites.evses(cfg.dsl(), sites.pk(cfg.dsl(), siteId)));
        Instant now = clock.instant();
        List<LiveAllocation> out = new ArrayList<>();
        for (SiteEvse e : evses) {
            EvseKey key = new EvseKey(e.chargePointId(), e.connectorId());
            Sent s = highest(key, now);
            boolean inForce = s != null && s.expiresAt().isAfter(now);
            boolean online = connected.test(e.chargePointId());
            ChargingLimit fallback = online ? defaultLimit(key, e, now) : fallbackOrHardware(key, e);
            // offline, it is counted at the larger of the two until its TxProfile runs out (see rebalance)
            ChargingLimit limit = !inForce ? fallback
                    : online || s.limit().watts() >= fallback.watts() ? s.limit() : fallback;
            out.add(new LiveAllocation(e.chargePointId(), e.connectorId(), inForce ? s.transactionId() : null,
                    online, limit.watts(), limit.rateUnit(), limit.limit(), draws.get(key),
                    inForce ? s.expiresAt() : null, inForce ? applied.get(key) : null));
        }
        return out;
    }

    /** Recomputes a site and sends what changed; runs on the balancer's thread (tests may call it directly). */
    void rebalance(String siteId) {
        Instant now = clock.instant();
        Optional<Site> found = sites.site(siteId);
        if (found.isEmpty()) {
            return;
        }
        Site site = found.get();
        record Model(long pk, List<Circuit> circuits, List<SiteEvse> evses, List<LimitPeriod> schedule) {}
        Model m = sites.dsl().transactionResult(cfg -> {
            long pk = sites.pk(cfg.dsl(), siteId);
            return new Model(pk, sites.circuits(cfg.dsl(), pk), sites.evses(cfg.dsl(), pk), sites.schedule(cfg.dsl(), pk));
        });
        if (m.evses().isEmpty()) {
            return;
        }
        Map<EvseKey, SiteEvse> evses = new HashMap<>();
        Set<String> chargers = new LinkedHashSet<>();
        for (SiteEvse e : m.evses()) {
            evses.put(new EvseKey(e.chargePointId(), e.connectorId()), e);
            chargers.add(e.chargePointId());
        }
        Map<String, Boolean> online = new HashMap<>();
        chargers.forEach(c -> online.put(c, connected.test(c)));

        installFallbacks(site, m.circuits(), m.evses(), m.schedule(), online, now);

        List<ActiveSession> sessions = sites.activeSessions(chargers, now.minus(Duration.ofMinutes(15)));
        Map<Long, SessionNeed> needs = sites.needs(sessions.stream().map(ActiveSession::transactionId).toList());
        Map<EvseKey, ActiveSession> running = new HashMap<>();
        for (ActiveSession s : sessions) {
            EvseKey key = new EvseKey(s.chargePointId(), s.connectorId());
            if (evses.containsKey(key)) {
                running.put(key, s);
                if (s.powerW() != null) {
                    draws.put(key, s.powerW());
                }
            }
        }

        List<Demand> demands = new ArrayList<>();
        Map<String, Double> fixed = new HashMap<>();
        // running transactions whose charger has accepted no limit yet: counted at the hardware, told the fallback
        Map<EvseKey, ChargingLimit> unconfirmed = new HashMap<>();
        for (Map.Entry<EvseKey, SiteEvse> entry : evses.entrySet()) {
            EvseKey key = entry.getKey();
            SiteEvse e = entry.getValue();
            double defaultW = online.get(key.chargePointId()) ? defaultLimit(key, e, now).watts()
                    : fallbackOrHardware(key, e).watts();
            Sent s = sent.get(key);
            ActiveSession session = running.get(key);
            boolean txProfileInForce = s != null && session != null && s.expiresAt().isAfter(now)
                    && Objects.equals(s.transactionId(), session.transactionId());
            if (!online.get(key.chargePointId())) {
                Sent most = highest(key, now); // it may have applied an increase whose answer it never sent
                double w = most != null && most.expiresAt().isAfter(now) ? Math.max(defaultW, most.limit().watts())
                        : defaultW;
                fixed.put(key.id(), w);
            } else if (session == null) {
                fixed.put(key.id(), defaultW);
            } else if (!txProfileInForce && !fallbackAccepted.containsKey(key) && idleInForce(key, now) == null) {
                fixed.put(key.id(), defaultW);
                unconfirmed.put(key, fallbackLimit(e));
            } else {
                SessionNeed need = needs.get(session.transactionId());
                double remaining = need == null || need.energyKwh() == null ? Double.POSITIVE_INFINITY
                        : Math.max(0, need.energyKwh() * 1000 - session.energyWh());
                Instant departure = need != null && need.departure() != null ? need.departure()
                        : session.startedAt().plus(Duration.ofMinutes(site.defaultDwellMinutes()));
                Double last = s != null && s.transactionId() != null && s.transactionId() == session.transactionId()
                        ? s.limit().watts() : null;
                // a reading taken before the present limit was in force says nothing about what the car would take
                boolean drawCurrent = last != null && session.powerAt() != null && session.powerAt().isAfter(s.since());
                demands.add(new Demand(key.id(), Long.toString(session.transactionId()), session.startedAt(), departure,
                        remaining, need == null ? 0 : need.priority(),
                        Math.min(need == null || need.maxKw() == null ? Double.POSITIVE_INFINITY : need.maxKw() * 1000,
                                capW(session.transactionId(), now)),
                        drawCurrent ? session.powerW() : null, drawCurrent ? last : null));
            }
        }

        SiteSpec spec = siteSpec(site, m.circuits(), m.evses(), limitKw(site, m.schedule(), now) * 1000,
                settings.marginPct());
        Allocator allocator = Allocator.named(site.algorithm());
        Allocation allocation = allocator.allocate(new AllocationRequest(spec, demands, fixed, now, settings.period()));

        log.debug("Site {}: {} sessions, {} fixed, allocation {}", siteId, demands.size(), fixed.size(),
                allocation.limitW());
        // what to send: decreases first, then increases once the decreases are in force
        Map<EvseKey, ChargingLimit> decreases = new HashMap<>();
        Map<EvseKey, ChargingLimit> increases = new HashMap<>();
        Set<EvseKey> changed = new java.util.HashSet<>();
        for (Demand d : demands) {
            String[] parts = d.evseId().split("/");
            EvseKey key = new EvseKey(parts[0], Integer.parseInt(parts[1]));
            SiteEvse e = evses.get(key);
            ChargingLimit limit = ChargingLimit.of(spec(e), allocation.limitW(d.evseId()),
                    profiles.rateUnit(e.chargePointId(), e.dc()));
            Sent s = sent.get(key);
            long tx = Long.parseLong(d.sessionId());
            boolean sameTx = s != null && s.transactionId() != null && s.transactionId() == tx;
            ChargingLimit current = sameTx && s.expiresAt().isAfter(now) ? s.limit() : defaultLimit(key, e, now);
            Sent onItsWay = unanswered.get(key);
            if (onItsWay != null && onItsWay.expiresAt().isAfter(now) && onItsWay.transactionId() == tx
                    && onItsWay.limit().watts() > current.watts()) {
                current = onItsWay.limit(); // lowering it from there is a decrease, answered before increases
            }
            // A send whose answer is overdue is sent again: its answer may never come (the call timed out, the
            // answer was lost), and until one comes it counts as in force where higher, holding capacity the
            // charger may not be using; the same limit sent again is answered like any other. (A CI run saw a
            // 300 kW depot stay at 261 kW for a minute behind such a send.)
            boolean overdue = onItsWay != null && onItsWay.expiresAt().isAfter(now) && onItsWay.transactionId() == tx
                    && Duration.between(onItsWay.since(), now).compareTo(settings.answerTimeout()) > 0;
            boolean renew = !sameTx || sendAnyway.remove(key) || overdue
                    || Duration.between(now, s.expiresAt()).compareTo(settings.profileTtl().dividedBy(2)) < 0;
            boolean differs = limit.differsFrom(current, spec(e));
            if (renew || differs) {
                (limit.watts() < current.watts() ? decreases : increases).put(key, limit);
            }
            if (differs || !sameTx) {
                changed.add(key);
            }
        }
        // not waited for: the others' limits already leave such a charger its hardware maximum
        send(m.pk(), unconfirmed, running, unconfirmed.keySet(), allocator.name(), now, false);
        boolean decreasesHeld = send(m.pk(), decreases, running, changed, allocator.name(), now, true);
        if (decreasesHeld) {
            send(m.pk(), increases, running, changed, allocator.name(), now, false);
        } else if (!increases.isEmpty()) {
            log.info("Site {}: a lower limit was not accepted; holding {} increases until the next round", siteId,
                    increases.size());
        }
    }

    /**
     * What an EVSE may be drawing at most: its accepted limit, or a higher one sent to the same
     * transaction and not answered yet (see {@link #unanswered}).
     */
    private Sent highest(EvseKey key, Instant now) {
        Sent s = sent.get(key);
        Sent u = unanswered.get(key);
        if (u == null || !u.expiresAt().isAfter(now)) {
            return s;
        }
        boolean higher = s == null || !s.expiresAt().isAfter(now) || !java.util.Objects.equals(s.transactionId(),
                u.transactionId()) || u.limit().watts() > s.limit().watts();
        return higher ? u : s;
    }

    private boolean send(long sitePk, Map<EvseKey, ChargingLimit> limits, Map<EvseKey, ActiveSession> sessions,
            Set<EvseKey> changed, String algorithm, Instant now, boolean wait) {
        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        for (Map.Entry<EvseKey, ChargingLimit> entry : limits.entrySet()) {
            EvseKey key = entry.getKey();
            ChargingLimit limit = entry.getValue();
            ActiveSession session = sessions.get(key);
            long tx = session.transactionId();
            long seq = sends.incrementAndGet();
            Sent onItsWay = new Sent(tx, limit, now.plus(settings.profileTtl()), now, seq);
            Sent previous = unanswered.get(key);
            if (previous == null || !previous.expiresAt().isAfter(now) || previous.transactionId() != tx
                    || previous.limit().watts() <= limit.watts()) {
                unanswered.put(key, onItsWay);
            }
            CompletableFuture<Boolean> answer = profiles.allocation(key.chargePointId(), key.connectorId(), session,
                    limit, now, settings.profileTtl()).thenApply(status -> {
                        boolean ok = "Accepted".equals(status);
                        // answered (either way): the charger applies this or what it had; a send that got no
                        // answer at all ("Failed" on a timeout or a lost socket) stays counted until it expires
                        // (one charger answers in order, so an earlier send to it has been applied or refused)
                        if (!"Failed".equals(status)) {
                            unanswered.computeIfPresent(key, (k, u) -> u.seq() > seq ? u : null);
                        }
                        if (ok) {
                            sent.compute(key, (k, before) -> {
                                if (before != null && before.seq() > seq) {
                                    return before; // a later send was accepted and handled first: that one applies
                                }
                                // In force from the answer on, not from the round's start: a meter reading taken
                                // while the profile was on its way shows the old limit, and taken for the car's own
                                // draw it would cut the new limit to it (a car capped at 27 kW, then allowed 140 kW,
                                // was cut back to 37 kW by the 27 kW its charger read before the profile arrived).
                                Instant since = before != null && before.limit().equals(limit)
                                        && Objects.equals(before.transactionId(), tx) ? before.since() : clock.instant();
                                return new Sent(tx, limit, now.plus(settings.profileTtl()), since, seq);
                            });
                        }
                        record(sitePk, key, tx, limit.watts(), limit.rateUnit(), limit.limit(), algorithm, status, now);
                        log.debug("{}: {} {} {}", key.id(), limit.limit(), limit.rateUnit(), status);
                        if (ok && changed.contains(key)) {
                            checkApplied(sitePk, key, tx, limit, algorithm);
                        }
                        return ok;
                    });
            answers.add(answer);
        }
        if (!wait) {
            return true;
        }
        boolean all = true;
        for (CompletableFuture<Boolean> a : answers) {
            try {
                all &= a.get(settings.answerTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                all = false;
            }
        }
        return all;
    }

    /**
     * Asks the charger what it applies now (GetCompositeSchedule, OCPP 1.6 section 5.7 / 2.0.1 K08) and
     * records a difference from what was sent beyond rounding as a {@code Mismatch} (the limit it shows, in
     * the unit sent). Above what was sent is a charger not applying its profile: logged as a warning.
     * Below is another limit in force on the charger (a local one, hardware, a profile of someone else's).
     * Nothing is resent because of it. Runs off the balancer's thread; a charger that does not implement
     * the request is not asked again until it reboots.
     */
    private void checkApplied(long sitePk, EvseKey key, long tx, ChargingLimit limit, String algorithm) {
        if (noComposite.contains(key.chargePointId())) {
            return;
        }
        CompletableFuture<java.util.Optional<Double>> answer;
        try {
            answer = profiles.appliedLimit(key.chargePointId(), key.connectorId(), limit.rateUnit(), COMPOSITE_SPAN);
        } catch (RuntimeException e) {
            return;
        }
        answer.whenCompleteAsync((shown, err) -> {
            if (err != null) {
                Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                        ? err.getCause() : err;
                if (cause instanceof ProfileSender.CompositeUnsupported) {
                    noComposite.add(key.chargePointId());
                    log.info("Charger {} does not implement GetCompositeSchedule; not asking again", key.chargePointId());
                } else {
                    log.debug("No composite schedule from {}: {}", key.id(), cause.toString());
                }
                return;
            }
            if (shown.isEmpty()) {
                return;
            }
            double value = shown.get();
            Sent now = sent.get(key);
            Sent onItsWay = unanswered.get(key);
            if (now == null || !now.limit().equals(limit) || onItsWay != null && !onItsWay.limit().equals(limit)) {
                // a newer limit went out meanwhile (the charger may have applied it before it answered this
                // request, and its answer may not be recorded yet); its own check will tell
                return;
            }
            applied.put(key, value);
            double tolerance = ChargingLimit.AMPS.equals(limit.rateUnit()) ? 0.1 : Math.max(1, limit.limit() * 0.001);
            if (Math.abs(value - limit.limit()) > tolerance) {
                if (value > limit.limit()) {
                    log.warn("Charger {} applies {} {} where the balancer sent {} {}", key.id(), value, limit.rateUnit(),
                            limit.limit(), limit.rateUnit());
                } else {
                    log.info("Charger {} applies {} {}, below the {} {} sent: another limit is in force there", key.id(),
                            value, limit.rateUnit(), limit.limit(), limit.rateUnit());
                }
                double perUnit = limit.limit() > 0 ? limit.watts() / limit.limit()
                        : ChargingLimit.AMPS.equals(limit.rateUnit()) ? EvseSpec.VOLTAGE * (limit.numberPhases() == null ? 3
                                : limit.numberPhases()) : 1;
                record(sitePk, key, tx, value * perUnit, limit.rateUnit(), value, algorithm, "Mismatch",
                        clock.instant());
            }
        }, checks);
    }

    private void record(long sitePk, EvseKey key, long tx, double watts, String unit, double rateLimit, String algorithm,
            String status, Instant at) {
        try {
            sites.recordAllocation(sitePk, new AllocationEntry(key.chargePointId(), key.connectorId(), tx, watts, unit,
                    rateLimit, algorithm, status, at));
        } catch (RuntimeException e) {
            log.warn("Could not record the allocation of {}", key.id(), e);
        }
    }

    private ChargingLimit fallbackLimit(SiteEvse e) {
        return ChargingLimit.of(spec(e), e.fallbackKw() * 1000, profiles.rateUnit(e.chargePointId(), e.dc()));
    }

    /**
     * What an EVSE may draw without a TxProfile in force once the CSMS stops renewing anything: the fallback
     * its charger accepted, else (nothing accepted since it connected) its hardware maximum.
     */
    private ChargingLimit fallbackOrHardware(EvseKey key, SiteEvse e) {
        ChargingLimit accepted = fallbackAccepted.get(key);
        return accepted != null ? accepted
                : ChargingLimit.of(spec(e), e.maxKw() * 1000, profiles.rateUnit(e.chargePointId(), e.dc()));
    }

    /** What an EVSE of an online charger may draw without a TxProfile in force: its idle level, else as offline. */
    private ChargingLimit defaultLimit(EvseKey key, SiteEvse e, Instant now) {
        ChargingLimit idle = idleInForce(key, now);
        return idle != null ? idle : fallbackOrHardware(key, e);
    }

    /**
     * The accepted idle level if it stays in force past the next periodic round: that round renews it, or,
     * if the charger refused the renewal, counts the EVSE at its fallback before the idle level runs out.
     */
    private ChargingLimit idleInForce(EvseKey key, Instant now) {
        Sent idle = idleAccepted.get(key);
        return idle != null && idle.expiresAt().isAfter(now.plus(settings.period())) ? idle.limit() : null;
    }

    /**
     * The idle level of an EVSE: the least a car can start charging at (AC: 6 A on each of its phases; DC:
     * nothing, the balancer raises it once the transaction has started), never above the fallback.
     */
    private ChargingLimit idleLimit(SiteEvse e) {
        EvseSpec spec = spec(e);
        return ChargingLimit.of(spec, Math.min(e.fallbackKw() * 1000, spec.minW()),
                profiles.rateUnit(e.chargePointId(), e.dc()));
    }

    /** Records the answer to a fallback: accepted, in force; unanswered, perhaps in force where higher. */
    private void fallbackAnswered(EvseKey key, ChargingLimit limit, String status) {
        if ("Accepted".equals(status)) {
            fallbackAccepted.put(key, limit);
        } else if ("Failed".equals(status)) {
            fallbackAccepted.computeIfPresent(key, (k, old) -> old.watts() >= limit.watts() ? old : limit);
        }
    }

    /**
     * On every connected charger that does not have them yet: the fallback TxDefaultProfile on each of its
     * EVSEs and, where it needs one ({@link #stationCapW}), the station cap; and the idle levels. Their answers
     * are not waited for: until a charger has accepted them it counts at what it may draw without them (its
     * hardware maximum, its fallback), which is the safe side, and an acceptance that arrives later requests
     * a new round that counts it at what it accepted. (Waiting held the round for the whole answer timeout
     * behind a charger that did not answer, and such a charger is retried every round: one silent charger
     * stopped the balancing of its site, and, while all sites shared one thread, of every site.)
     */
    private void installFallbacks(Site site, List<Circuit> circuits, List<SiteEvse> evses, List<LimitPeriod> schedule,
            Map<String, Boolean> online, Instant now) {
        Map<String, List<SiteEvse>> byCharger = new java.util.LinkedHashMap<>();
        evses.forEach(e -> byCharger.computeIfAbsent(e.chargePointId(), c -> new ArrayList<>()).add(e));
        byCharger.forEach((charger, list) -> {
            if (!online.get(charger) || fallbackInstalled.contains(charger) || fallbackOnItsWay.containsKey(charger)) {
                return;
            }
            Object token = new Object();
            fallbackOnItsWay.put(charger, token);
            List<CompletableFuture<String>> sentHere = new ArrayList<>();
            for (SiteEvse e : list) {
                EvseKey key = new EvseKey(charger, e.connectorId());
                ChargingLimit limit = fallbackLimit(e);
                // on its way, a higher fallback may be applied before it is answered: counted at it meanwhile
                fallbackAccepted.computeIfPresent(key, (k, old) -> old.watts() >= limit.watts() ? old : limit);
                sentHere.add(profiles.fallback(charger, e.connectorId(), limit).thenApply(status -> {
                    // Answered after the charger reconnected or rebooted (reset), "Accepted" says nothing of what
                    // it holds now; were it taken, the EVSE would count at the fallback while the charger may
                    // draw its hardware maximum, and with the charger marked installed it would never be told
                    // again. Unanswered, it may still apply the higher limit either way.
                    if (fallbackOnItsWay.get(charger) == token || !"Accepted".equals(status)) {
                        fallbackAnswered(key, limit, status);
                    }
                    return status;
                }));
            }
            double hardwareW = list.stream().mapToDouble(e -> e.maxKw() * 1000).sum();
            double capW = stationCapW(site, circuits, schedule, list);
            if (capW < hardwareW) {
                boolean dc = list.stream().anyMatch(SiteEvse::dc);
                int phases = list.stream().mapToInt(e -> e.dc() ? 3 : e.phases()).max().orElse(3);
                sentHere.add(profiles.stationMax(charger, ChargingLimit.station(capW, phases,
                        profiles.rateUnit(charger, dc)), now));
            }
            whenAnswered(site.siteId(), sentHere, () -> {
                boolean all = sentHere.stream().allMatch(a -> "Accepted".equals(answered(a)));
                // a reconnect or a site change since it was sent: what it answered belongs to the past
                if (fallbackOnItsWay.remove(charger, token) && all) {
                    fallbackInstalled.add(charger);
                    return true;
                }
                if (!all) {
                    log.warn("Charger {} did not accept its fallback profiles; retrying on the next round", charger);
                }
                return false;
            });
        });
        // the idle levels: on every online charger, renewed while less than half their validity is left
        byCharger.forEach((charger, list) -> {
            if (!online.get(charger)) {
                return;
            }
            for (SiteEvse e : list) {
                EvseKey key = new EvseKey(charger, e.connectorId());
                ChargingLimit idle = idleLimit(e);
                Sent held = idleAccepted.get(key);
                if (idle.watts() >= fallbackLimit(e).watts()) {
                    idleAccepted.remove(key); // no idle level below the fallback: none needed (or a stale one)
                    continue;
                }
                boolean renew = held == null || !held.limit().equals(idle)
                        || Duration.between(now, held.expiresAt()).compareTo(settings.profileTtl().dividedBy(2)) < 0;
                if (!renew || idleOnItsWay.containsKey(key)) {
                    continue;
                }
                if (held != null && idle.watts() > held.limit().watts()) {
                    idleAccepted.remove(key); // it may apply the higher one before it answers: count the fallback
                }
                long seq = sends.incrementAndGet();
                idleOnItsWay.put(key, seq);
                CompletableFuture<String> answer = profiles.idle(charger, e.connectorId(), idle, now, settings.profileTtl());
                whenAnswered(site.siteId(), List.of(answer), () -> {
                    String status = answered(answer);
                    boolean current = idleOnItsWay.remove(key, seq);
                    if ("Accepted".equals(status)) {
                        // answers may be handled out of order: a later idle send's answer stays
                        idleAccepted.compute(key, (k, before) -> before != null && before.seq() > seq ? before
                                : new Sent(null, idle, now.plus(settings.profileTtl()), now, seq));
                        return current;
                    }
                    return false; // refused or unanswered: counted at its fallback (or its last idle level while that lasts)
                });
            }
        });
    }

    /** The status a completed send was answered with; none if it failed. */
    private static String answered(CompletableFuture<String> done) {
        return done.isCompletedExceptionally() ? null : done.getNow(null);
    }

    /**
     * Runs {@code handler} once all {@code answers} are in (a failed future counts as no answer): at once if
     * they are already, else on the thread that completes the last; there, a handler that says the charger
     * now accepts more than it was counted at requests a new round of the site.
     */
    private void whenAnswered(String siteId, List<CompletableFuture<String>> answers,
            BooleanSupplier handler) {
        CompletableFuture<Void> all = CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
        if (all.isDone()) {
            handler.getAsBoolean();
            return;
        }
        all.whenComplete((v, err) -> {
            if (handler.getAsBoolean()) {
                request(siteId);
            }
        });
    }

    /**
     * The station cap of a charger: the tightest limit of the nodes (circuits and the site) above all its
     * EVSEs at once, a current limit per phase counted as that current on three phases at 230 V. The
     * balancer never allocates a charger more than any of them, so the cap never cuts an allocation; it
     * holds what the charger draws when it does something the CSMS did not ask for (a transaction it
     * started offline, a profile it ignored). The site's limit counts at the highest its schedule reaches,
     * as the cap has no schedule of its own. Not below its hardware means: no cap needed.
     */
    static double stationCapW(Site site, List<Circuit> circuits, List<LimitPeriod> schedule, List<SiteEvse> evses) {
        Map<String, Circuit> byId = new HashMap<>();
        circuits.forEach(c -> byId.put(c.circuitId(), c));
        Set<String> common = null;
        for (SiteEvse e : evses) {
            Set<String> path = new LinkedHashSet<>();
            for (String c = e.circuitId(); c != null && byId.containsKey(c) && path.add(c); ) {
                c = byId.get(c).parentCircuitId();
            }
            if (common == null) {
                common = path;
            } else {
                common.retainAll(path);
            }
        }
        double siteKw = site.limitKw();
        for (LimitPeriod p : schedule) {
            siteKw = Math.max(siteKw, p.limitKw());
        }
        double cap = siteKw * 1000;
        if (site.limitAmps() != null) {
            cap = Math.min(cap, site.limitAmps() * EvseSpec.VOLTAGE * 3);
        }
        for (String c : common == null ? Set.<String>of() : common) {
            Circuit circuit = byId.get(c);
            if (circuit.limitKw() != null) {
                cap = Math.min(cap, circuit.limitKw() * 1000);
            }
            if (circuit.limitAmps() != null) {
                cap = Math.min(cap, circuit.limitAmps() * EvseSpec.VOLTAGE * 3);
            }
        }
        return cap;
    }

    /** The lowest limit in force between now and the end of a profile sent now: safe until it expires. */
    private double limitKw(Site site, List<LimitPeriod> schedule, Instant now) {
        Instant until = now.plus(settings.profileTtl());
        double atNow = site.limitKw();
        double min = Double.POSITIVE_INFINITY;
        for (LimitPeriod p : schedule) {
            if (!p.startsAt().isAfter(now)) {
                atNow = p.limitKw();
            } else if (p.startsAt().isBefore(until)) {
                min = Math.min(min, p.limitKw());
            }
        }
        return Math.min(atNow, min);
    }

    static EvseSpec spec(SiteEvse e) {
        return new EvseSpec(e.chargePointId() + "/" + e.connectorId(), e.circuitId(), e.dc(), e.dc() ? 3 : e.phases(),
                e.phaseLine(), e.maxKw() * 1000, e.fallbackKw() * 1000);
    }

    private static SiteSpec siteSpec(Site site, List<Circuit> circuits, List<SiteEvse> evses, double limitW,
            double marginPct) {
        return new SiteSpec(site.siteId(), limitW, site.limitAmps(),
                circuits.stream().map(c -> new SiteSpec.Circuit(c.circuitId(), c.parentCircuitId(),
                        c.limitKw() == null ? null : c.limitKw() * 1000, c.limitAmps())).toList(),
                evses.stream().map(LoadBalancer::spec).toList(), marginPct);
    }

    @Override
    public void close() {
        worker.shutdownNow();
        rounds.shutdownNow();
    }
}
