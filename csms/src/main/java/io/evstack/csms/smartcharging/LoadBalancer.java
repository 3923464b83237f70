package io.evstack.csms.smartcharging;

import io.evstack.csms.event.DomainEvent;
import io.evstack.csms.ocpp16.Ocpp16Operations;
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
import io.evstack.ocpp.v16.SetChargingProfile;
import io.evstack.ocpp.v16.SetChargingProfileResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live depot balancer. On every event that changes what a site's chargers may draw (a transaction
 * starts or stops, meter values arrive, a charger connects or disconnects, the operator changes a limit)
 * and periodically, it recomputes the site with the site's {@link Allocator} and sends each changed limit
 * as an OCPP 1.6 TxProfile ({@link Ocpp16Profiles}); on every charger of a site it installs the fallback
 * TxDefaultProfile first. Decreases are sent, and answered, before increases, so the sum of what the
 * chargers are allowed never exceeds a limit on the way from one allocation to the next; if a decrease
 * is not accepted, no increase is sent in that round.
 *
 * <p>A charger that cannot be reached is counted at its fallback, or at its last TxProfile until that
 * runs out (it is Absolute with a duration of {@code profileTtl}, renewed while the charger is online).
 * An idle EVSE is counted at its fallback: a transaction starting there draws that until the balancer
 * has reacted.
 *
 * <p>Work runs on one thread; requests for a site that is already waiting are merged.
 */
public final class LoadBalancer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoadBalancer.class);

    /**
     * @param period how often every site is recomputed without an event (real time)
     * @param profileTtl how long a sent TxProfile lasts if not renewed (CSMS clock)
     * @param answerTimeout how long a round waits for the decreases to be answered
     */
    public record Settings(Duration period, Duration profileTtl, Duration answerTimeout) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofSeconds(35));
    }

    private record EvseKey(String chargePointId, int connectorId) {
        String id() {
            return chargePointId + "/" + connectorId;
        }
    }

    /** What the charger has accepted for a connector, and since when that limit has been in force. */
    private record Sent(Long transactionId, ChargingLimit limit, Instant expiresAt, Instant since) {}

    private final SiteRepository sites;
    private final Ocpp16Operations operations;
    private final Predicate<String> connected;
    private final Clock clock;
    private final Settings settings;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "load-balancer");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, Optional<String>> siteOfCharger = new ConcurrentHashMap<>();
    private final Map<EvseKey, Sent> sent = new ConcurrentHashMap<>();
    private final Set<String> fallbackInstalled = ConcurrentHashMap.newKeySet();
    private final Map<EvseKey, Double> draws = new ConcurrentHashMap<>();
    private final Map<Long, List<Cap>> caps = new ConcurrentHashMap<>();

    /** From {@code from} on, a transaction may draw at most {@code watts} (until the next step). */
    public record Cap(Instant from, double watts) {}

    public LoadBalancer(SiteRepository sites, Ocpp16Operations operations, Predicate<String> connected, Clock clock,
            Settings settings) {
        this.sites = sites;
        this.operations = operations;
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
            case DomainEvent.ChargerConnected e -> fallbackInstalled.remove(charger);
            case DomainEvent.ChargerBooted e -> fallbackInstalled.remove(charger);
            case DomainEvent.TransactionStopped e -> {
                sent.remove(new EvseKey(charger, e.connectorId()));
                caps.remove(e.transactionId());
            }
            default -> {}
        }
        siteOfCharger.computeIfAbsent(charger, sites::siteOfCharger).ifPresent(this::request);
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

    /** The operator changed something of this site. */
    public void siteChanged(String siteId) {
        siteOfCharger.clear();
        fallbackInstalled.clear();
        request(siteId);
    }

    /** Queues a recomputation of the site (merged with one already waiting). */
    public void request(String siteId) {
        if (pending.add(siteId)) {
            worker.execute(() -> {
                pending.remove(siteId);
                try {
                    rebalance(siteId);
                } catch (RuntimeException e) {
                    log.warn("Rebalancing site {} failed", siteId, e);
                }
            });
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
            Sent s = sent.get(key);
            boolean inForce = s != null && s.expiresAt().isAfter(now);
            ChargingLimit limit = inForce ? s.limit() : ChargingLimit.of(spec(e), e.fallbackKw() * 1000);
            out.add(new LiveAllocation(e.chargePointId(), e.connectorId(), inForce ? s.transactionId() : null,
                    connected.test(e.chargePointId()), limit.watts(), limit.rateUnit(), limit.limit(), draws.get(key),
                    inForce ? s.expiresAt() : null));
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

        installFallbacks(m.evses(), online);

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
        for (Map.Entry<EvseKey, SiteEvse> entry : evses.entrySet()) {
            EvseKey key = entry.getKey();
            SiteEvse e = entry.getValue();
            double fallbackW = e.fallbackKw() * 1000;
            Sent s = sent.get(key);
            ActiveSession session = running.get(key);
            if (!online.get(key.chargePointId())) {
                double w = s != null && s.expiresAt().isAfter(now) ? Math.max(fallbackW, s.limit().watts()) : fallbackW;
                fixed.put(key.id(), w);
            } else if (session == null) {
                fixed.put(key.id(), fallbackW);
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

        SiteSpec spec = siteSpec(site, m.circuits(), m.evses(), limitKw(site, m.schedule(), now) * 1000);
        Allocator allocator = Allocator.named(site.algorithm());
        Allocation allocation = allocator.allocate(new AllocationRequest(spec, demands, fixed, now, settings.period()));

        // what to send: decreases first, then increases once the decreases are in force
        Map<EvseKey, ChargingLimit> decreases = new HashMap<>();
        Map<EvseKey, ChargingLimit> increases = new HashMap<>();
        for (Demand d : demands) {
            String[] parts = d.evseId().split("/");
            EvseKey key = new EvseKey(parts[0], Integer.parseInt(parts[1]));
            SiteEvse e = evses.get(key);
            ChargingLimit limit = ChargingLimit.of(spec(e), allocation.limitW(d.evseId()));
            Sent s = sent.get(key);
            long tx = Long.parseLong(d.sessionId());
            boolean sameTx = s != null && s.transactionId() != null && s.transactionId() == tx;
            ChargingLimit current = sameTx && s.expiresAt().isAfter(now) ? s.limit()
                    : ChargingLimit.of(spec(e), e.fallbackKw() * 1000);
            boolean renew = !sameTx || Duration.between(now, s.expiresAt()).compareTo(settings.profileTtl().dividedBy(2)) < 0;
            if (renew || limit.differsFrom(current, spec(e))) {
                (limit.watts() < current.watts() ? decreases : increases).put(key, limit);
            }
        }
        Map<EvseKey, Long> txOf = new HashMap<>();
        running.forEach((k, s) -> txOf.put(k, s.transactionId()));
        boolean decreasesHeld = send(m.pk(), decreases, txOf, allocator.name(), now, true);
        if (decreasesHeld) {
            send(m.pk(), increases, txOf, allocator.name(), now, false);
        } else if (!increases.isEmpty()) {
            log.info("Site {}: a lower limit was not accepted; holding {} increases until the next round", siteId,
                    increases.size());
        }
    }

    private boolean send(long sitePk, Map<EvseKey, ChargingLimit> limits, Map<EvseKey, Long> txOf, String algorithm,
            Instant now, boolean wait) {
        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        for (Map.Entry<EvseKey, ChargingLimit> entry : limits.entrySet()) {
            EvseKey key = entry.getKey();
            ChargingLimit limit = entry.getValue();
            long tx = txOf.get(key);
            SetChargingProfile req = Ocpp16Profiles.allocation(key.connectorId(), tx, limit, now, settings.profileTtl());
            Supplier<CompletableFuture<SetChargingProfileResponse>> call = () -> operations.setChargingProfile(
                    key.chargePointId(), req);
            CompletableFuture<Boolean> answer;
            try {
                answer = call.get().handle((res, err) -> {
                    String status = err != null ? "Failed" : res.getStatus().value();
                    boolean ok = err == null && res.getStatus() == SetChargingProfileResponse.Status.ACCEPTED;
                    if (ok) {
                        Sent before = sent.get(key);
                        Instant since = before != null && before.limit().equals(limit) && before.transactionId() == tx
                                ? before.since() : now;
                        sent.put(key, new Sent(tx, limit, now.plus(settings.profileTtl()), since));
                    }
                    record(sitePk, key, tx, limit, algorithm, status, now);
                    return ok;
                });
            } catch (RuntimeException e) {
                record(sitePk, key, tx, limit, algorithm, "Failed", now);
                answer = CompletableFuture.completedFuture(false);
            }
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

    private void record(long sitePk, EvseKey key, long tx, ChargingLimit limit, String algorithm, String status,
            Instant now) {
        try {
            sites.recordAllocation(sitePk, new AllocationEntry(key.chargePointId(), key.connectorId(), tx, limit.watts(),
                    limit.rateUnit(), limit.limit(), algorithm, status, now));
        } catch (RuntimeException e) {
            log.warn("Could not record the allocation of {}", key.id(), e);
        }
    }

    /** The fallback TxDefaultProfile on every connector of every connected charger that does not have it yet. */
    private void installFallbacks(List<SiteEvse> evses, Map<String, Boolean> online) {
        Map<String, List<CompletableFuture<Boolean>>> answers = new HashMap<>();
        for (SiteEvse e : evses) {
            if (!online.get(e.chargePointId()) || fallbackInstalled.contains(e.chargePointId())) {
                continue;
            }
            SetChargingProfile req = Ocpp16Profiles.fallback(e.connectorId(), ChargingLimit.of(spec(e), e.fallbackKw() * 1000));
            CompletableFuture<Boolean> ok;
            try {
                ok = operations.setChargingProfile(e.chargePointId(), req)
                        .handle((res, err) -> err == null && res.getStatus() == SetChargingProfileResponse.Status.ACCEPTED);
            } catch (RuntimeException ex) {
                ok = CompletableFuture.completedFuture(false);
            }
            answers.computeIfAbsent(e.chargePointId(), c -> new ArrayList<>()).add(ok);
        }
        answers.forEach((charger, list) -> {
            boolean all = true;
            for (CompletableFuture<Boolean> a : list) {
                try {
                    all &= a.get(settings.answerTimeout().toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    all = false;
                }
            }
            if (all) {
                fallbackInstalled.add(charger);
            } else {
                log.warn("Charger {} did not accept its fallback profile; retrying on the next round", charger);
            }
        });
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

    private static SiteSpec siteSpec(Site site, List<Circuit> circuits, List<SiteEvse> evses, double limitW) {
        return new SiteSpec(site.siteId(), limitW, site.limitAmps(),
                circuits.stream().map(c -> new SiteSpec.Circuit(c.circuitId(), c.parentCircuitId(),
                        c.limitKw() == null ? null : c.limitKw() * 1000, c.limitAmps())).toList(),
                evses.stream().map(LoadBalancer::spec).toList());
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
