package io.evstack.ocpi.push;

import io.evstack.ocpi.OcpiConfig;
import io.evstack.ocpi.credentials.Credentials;
import io.evstack.ocpi.credentials.Party;
import io.evstack.ocpi.credentials.PartyRepository;
import io.evstack.ocpi.hubclientinfo.HubClientInfoService;
import io.evstack.ocpi.transport.OcpiClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox: due rows oldest first; a failure is retried with exponential back-off (base doubling
 * up to a ceiling). Pushes for the same object to the same party keep their order: once one fails, the
 * later ones for that path wait until it is sent (a PATCH never overtakes its PUT). A row is marked sent only after the receiver
 * answered 2xx with an OCPI success code; a CDR whose answer was lost is POSTed again with the same id,
 * which the receiver recognises (a CDR is never two CDRs). Pushes to a party that unregistered are
 * dropped (section 7.2.4: "both parties must end any automated communication"). Pushes to a party a hub
 * reports OFFLINE, PLANNED or SUSPENDED are held: not tried, not counted as failures, and sent in order
 * once the hub reports it CONNECTED again (section 15.1: no requests can be sent to it meanwhile).
 * Asynchronous results ({@link Outbox#RESULTS}) go to the response_url they name. A push the receiver
 * refuses for good ({@link #refused}) {@code maxRefusals} times is failed and kept for the operator
 * ({@code /ocpi/admin/outbox}); delivered pushes are deleted after {@code outboxRetention}.
 */
public final class PushWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PushWorker.class);

    private final DSLContext dsl;
    private final Clock clock;
    private final OcpiConfig config;
    private final OcpiClient client;
    static final Duration PURGE_EVERY = Duration.ofHours(1);
    static final Duration WAKE_DELAY = Duration.ofMillis(50);
    /** When delivered pushes were last purged; only the worker's own (synchronized) rounds touch it. */
    private Instant lastPurge;
    /** A woken round is queued and has not begun yet. */
    private final AtomicBoolean roundAsked = new AtomicBoolean();
    private final AtomicInteger rounds = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ocpi-push");
        t.setDaemon(true);
        return t;
    });

    public PushWorker(DSLContext dsl, Clock clock, OcpiConfig config, OcpiClient client) {
        this.dsl = dsl;
        this.clock = clock;
        this.config = config;
        this.client = client;
    }

    public PushWorker start() {
        long ms = config.pushInterval().toMillis();
        timer.scheduleWithFixedDelay(this::safeDrain, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Asks for a round soon ({@link #WAKE_DELAY}, after a change was committed) rather than at the next tick.
     * Wakes coalesce: while a round is already asked for and not yet begun, another wake adds nothing, since
     * that round will see every push committed before it begins. Under load the bridge wakes the worker once
     * per event; without this each wake cost a round of its own (two queries even when nothing was due), and
     * the short delay lets the pushes of a burst of events go in one round.
     */
    public void wake() {
        if (!timer.isShutdown() && roundAsked.compareAndSet(false, true)) {
            try {
                timer.schedule(this::wokenDrain, WAKE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                roundAsked.set(false); // closed meanwhile
            }
        }
    }

    private void wokenDrain() {
        // cleared before the round reads the outbox: a push committed during the round asks for the next one
        roundAsked.set(false);
        safeDrain();
    }

    private void safeDrain() {
        try {
            drain();
        } catch (RuntimeException e) {
            log.warn("OCPI push round failed", e);
        }
    }

    /** Rounds begun so far (woken, timed or called). */
    int rounds() {
        return rounds.get();
    }

    /** Waits until what the worker's thread was asked to do before this call is done (tests). */
    void awaitQueued() throws Exception {
        // runs after any woken round asked for before it: its delay is longer and the timer has one thread
        timer.schedule(() -> { }, WAKE_DELAY.toMillis() + 1, TimeUnit.MILLISECONDS).get();
    }

    /** One round; the number of pushes delivered. */
    public synchronized int drain() {
        rounds.incrementAndGet();
        var outbox = new Outbox(dsl);
        var parties = new PartyRepository(dsl);
        Map<Long, Optional<Party>> cache = new HashMap<>();
        Set<String> blocked = new HashSet<>();
        Set<Long> held = new HubClientInfoService(dsl).notConnected();
        int delivered = 0;
        for (Outbox.Item item : outbox.due(clock.instant(), 200, held)) {
            Optional<Party> party = cache.computeIfAbsent(item.partyPk(), parties::find);
            if (party.isEmpty() || !party.get().registered()) {
                outbox.drop(item.id());
                continue;
            }
            String key = item.partyPk() + " " + item.path();
            if (blocked.contains(key) || outbox.waitsForOlder(item)) {
                blocked.add(key);
                continue;
            }
            Party p = party.get();
            Optional<String> url = Outbox.RESULTS.equals(item.module()) ? Optional.of(item.path())
                    : p.endpoint(item.module(), "RECEIVER").map(base -> base + item.path());
            Outcome outcome = url.isEmpty() ? new Outcome("no " + item.module() + " Receiver endpoint", false)
                    : send(p, url.get(), item);
            if (outcome.error() == null) {
                outbox.sent(item.id(), clock.instant());
                delivered++;
            } else if (outcome.refused() && item.attempts() + 1 >= config.maxRefusals()) {
                // the receiver says no, and saying it again will not change its mind: the operator decides
                outbox.giveUp(item.id(), outcome.error(), clock.instant());
                log.warn("OCPI push {} {} #{} to {} failed for good after {} attempts ({}); kept for the operator",
                        item.method(), item.module(), item.id(), p.name(), item.attempts() + 1, outcome.error());
            } else {
                blocked.add(key);
                Instant next = clock.instant().plus(backoff(item.attempts()));
                outbox.failed(item.id(), outcome.error(), next);
                log.debug("OCPI push {} {} to {} failed ({}), retry at {}", item.method(), item.path(), p.name(),
                        outcome.error(), next);
            }
        }
        purgeSentNowAndThen();
        return delivered;
    }

    /** A delivery's outcome: no error, or an error and whether the receiver refused the push itself. */
    record Outcome(String error, boolean refused) {}

    private Outcome send(Party p, String url, Outbox.Item item) {
        try {
            Credentials.Role to = p.mainRole().orElse(null);
            OcpiClient.Routing routing = item.toCountryCode() != null
                    ? new OcpiClient.Routing(config.countryCode(), config.partyId(), item.toCountryCode(), item.toPartyId())
                    : to == null ? null
                    : new OcpiClient.Routing(config.countryCode(), config.partyId(), to.countryCode(), to.partyId());
            OcpiClient.Answer answer = client.send(item.method(), url, p.outgoingToken(), p.tokenBase64(), item.body(), routing);
            return answer.ok() ? new Outcome(null, false) : new Outcome(answer.describe(), refused(answer));
        } catch (Exception e) {
            return new Outcome(e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        }
    }

    /**
     * Whether the receiver refused the push itself, so that sending it again will not help: an HTTP 4xx but
     * 401 (our token: credentials may be updated), 408 and 429 (try later), or an OCPI client error 2xxx
     * (section 5: the request was wrong). Server errors (5xx, 3xxx) and an unreachable receiver are retried
     * without end: a CDR is never lost to a platform that is only away.
     */
    static boolean refused(OcpiClient.Answer answer) {
        int http = answer.httpStatus();
        if (http / 100 == 4) {
            return http != 401 && http != 408 && http != 429;
        }
        Integer code = answer.envelope() == null ? null : answer.envelope().statusCode();
        return http / 100 == 2 && code != null && code >= 2000 && code < 3000;
    }

    /**
     * Deletes delivered pushes older than the retention, at most once an hour (by the injected clock): the
     * outbox would otherwise keep every push ever made. Unsent and failed pushes stay.
     */
    private void purgeSentNowAndThen() {
        Instant now = clock.instant();
        if (lastPurge != null && now.isBefore(lastPurge.plus(PURGE_EVERY))) {
            return;
        }
        lastPurge = now;
        int n = new Outbox(dsl).purgeSent(now.minus(config.outboxRetention()));
        if (n > 0) {
            log.info("Deleted {} OCPI pushes delivered more than {} ago", n, config.outboxRetention());
        }
    }

    Duration backoff(int attempts) {
        long factor = 1L << Math.min(attempts, 20);
        Duration d = config.retryBase().multipliedBy(factor);
        return d.compareTo(config.retryMax()) > 0 ? config.retryMax() : d;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
