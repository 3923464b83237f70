package io.evstack.ocpi.push;

import static io.evstack.db.generated.Tables.OCPI_CLIENT_INFO;
import static io.evstack.db.generated.Tables.OCPI_OUTBOX;

import io.evstack.ocpi.credentials.Party;
import io.evstack.ocpi.credentials.PartyRepository;
import io.evstack.ocpi.transport.OcpiJson;
import io.evstack.ocpi.hubclientinfo.HubClientInfoService;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox of pushes (section 4.1.3 Push). A push is written in the same database transaction as the
 * change it announces, so a change is never committed without its push, and the worker sends it later,
 * however long the receiver is away. The row names the module and the path below the receiver's module
 * URL, not the full URL: a party that updates its endpoints (PUT credentials) gets its pending pushes at
 * the new address.
 */
public final class Outbox {
    /**
     * The pseudo-module of asynchronous results (CommandResult, ChargingProfileResult, ...): their path is
     * the whole response_url the Sender gave (sections 13.1, 14.1), not a path below a module endpoint.
     */
    public static final String RESULTS = "results";

    /** What is still delivered to a party a hub reports OFFLINE, when it is CONNECTED again. */
    static final Set<String> KEPT_WHEN_OFFLINE = Set.of("cdrs", RESULTS);
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    /**
     * One push; {@code toCountryCode}/{@code toPartyId} are set when it goes through a hub to a party behind it
     * (then they are the OCPI-to routing headers), else null.
     */
    public record Item(long id, long partyPk, String module, String method, String path, String body, int attempts,
            String toCountryCode, String toPartyId) {
        public Item(long id, long partyPk, String module, String method, String path, String body, int attempts) {
            this(id, partyPk, module, method, path, body, attempts, null, null);
        }
    }

    private final DSLContext dsl;

    public Outbox(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** To every registered party that has a Receiver endpoint for the module (locations, tariffs). */
    public int toAll(String module, String method, String path, Object body, Instant now) {
        int n = 0;
        Set<Long> offline = offlineFor(module);
        for (Party p : new PartyRepository(dsl).registered()) {
            if (p.endpoint(module, "RECEIVER").isPresent() && notOffline(p, offline, module, method, path)) {
                add(p.pk(), module, method, path, body, now);
                n++;
            }
        }
        return n;
    }

    /**
     * To the registered parties owning the country/party of a token (sessions, CDRs: never broadcast, 4.1.8.3);
     * when none does, the party is behind a hub: to the hubs that report it in their ClientInfo (else to every
     * registered hub), addressed to it with the routing headers (section 4.1.4).
     */
    public int toOwner(String countryCode, String partyId, String module, String method, String path, Object body,
            Instant now) {
        if (countryCode == null || partyId == null) {
            return 0;
        }
        int n = 0;
        Set<Long> offline = offlineFor(module);
        List<Party> registered = new PartyRepository(dsl).registered();
        for (Party p : registered) {
            if (p.owns(countryCode, partyId) && p.endpoint(module, "RECEIVER").isPresent()
                    && notOffline(p, offline, module, method, path)) {
                add(p.pk(), module, method, path, body, now);
                n++;
            }
        }
        if (n > 0 || registered.stream().anyMatch(p -> p.owns(countryCode, partyId))) {
            return n;
        }
        Set<Long> reporting = new HashSet<>(dsl.select(OCPI_CLIENT_INFO.REPORTED_BY).from(OCPI_CLIENT_INFO)
                .where(OCPI_CLIENT_INFO.COUNTRY_CODE.eq(countryCode.toUpperCase()))
                .and(OCPI_CLIENT_INFO.PARTY_CODE.eq(partyId.toUpperCase())).fetch(OCPI_CLIENT_INFO.REPORTED_BY));
        List<Party> hubs = registered.stream().filter(p -> p.hasRole("HUB") && p.endpoint(module, "RECEIVER").isPresent())
                .toList();
        List<Party> via = hubs.stream().filter(h -> reporting.contains(h.pk())).toList();
        for (Party hub : via.isEmpty() ? hubs : via) {
            add(hub.pk(), module, method, path, body, now, countryCode.toUpperCase(), partyId.toUpperCase());
            n++;
        }
        return n;
    }

    /**
     * The parties a hub reports OFFLINE, for an update of {@code module}: section 15.1.2 says not to queue
     * pushes for them (they GET to get back in sync). CDRs are the exception: the issue demands a CDR is
     * never lost, and a CDR is not an update the party can miss and read later as it was; so they are held
     * like pushes to a SUSPENDED party.
     */
    private Set<Long> offlineFor(String module) {
        return KEPT_WHEN_OFFLINE.contains(module) ? Set.of() : new HubClientInfoService(dsl).offline();
    }

    private static boolean notOffline(Party p, Set<Long> offline, String module, String method, String path) {
        if (!offline.contains(p.pk())) {
            return true;
        }
        log.debug("OCPI {} {} {} not queued for {}: a hub reports it OFFLINE (section 15.1.2)", module, method, path, p.name());
        return false;
    }

    /**
     * Ends the unsent updates (everything but CDRs and results) to parties a hub now reports OFFLINE
     * (section 15.1.2); the number ended.
     */
    public int endUpdates(Collection<Long> partyPks) {
        if (partyPks.isEmpty()) {
            return 0;
        }
        int n = dsl.deleteFrom(OCPI_OUTBOX).where(OCPI_OUTBOX.PARTY_PK.in(partyPks)).and(OCPI_OUTBOX.SENT_AT.isNull())
                .and(OCPI_OUTBOX.MODULE.notIn(KEPT_WHEN_OFFLINE)).execute();
        log.debug("{} OCPI updates ended for parties reported OFFLINE", n);
        return n;
    }

    public void add(long partyPk, String module, String method, String path, Object body, Instant now) {
        add(partyPk, module, method, path, body, now, null, null);
    }

    /** A push to {@code partyPk}, addressed to another party behind it (a hub) when {@code toCountryCode} is set. */
    public void add(long partyPk, String module, String method, String path, Object body, Instant now,
            String toCountryCode, String toPartyId) {
        dsl.insertInto(OCPI_OUTBOX)
                .set(OCPI_OUTBOX.TO_COUNTRY_CODE, toCountryCode)
                .set(OCPI_OUTBOX.TO_PARTY_ID, toPartyId)
                .set(OCPI_OUTBOX.PARTY_PK, partyPk)
                .set(OCPI_OUTBOX.MODULE, module)
                .set(OCPI_OUTBOX.HTTP_METHOD, method)
                .set(OCPI_OUTBOX.PATH, path)
                .set(OCPI_OUTBOX.BODY, body instanceof String s ? s : OcpiJson.write(body))
                .set(OCPI_OUTBOX.ATTEMPTS, 0)
                .set(OCPI_OUTBOX.NEXT_ATTEMPT_AT, now)
                .set(OCPI_OUTBOX.CREATED_AT, now)
                .execute();
    }

    public List<Item> due(Instant now, int limit) {
        return due(now, limit, java.util.Set.of());
    }

    /** Due pushes, oldest first, but none to the {@code held} parties (not reachable now: they wait, untried). */
    public List<Item> due(Instant now, int limit, java.util.Set<Long> held) {
        var where = OCPI_OUTBOX.SENT_AT.isNull().and(OCPI_OUTBOX.FAILED_AT.isNull()).and(OCPI_OUTBOX.NEXT_ATTEMPT_AT.le(now));
        if (!held.isEmpty()) {
            where = where.and(OCPI_OUTBOX.PARTY_PK.notIn(held));
        }
        return dsl.selectFrom(OCPI_OUTBOX).where(where).orderBy(OCPI_OUTBOX.ID).limit(limit)
                .fetch(r -> new Item(r.getId(), r.getPartyPk(), r.getModule(), r.getHttpMethod(), r.getPath(), r.getBody(),
                        r.getAttempts(), r.getToCountryCode(), r.getToPartyId()));
    }

    /**
     * Whether an older push to the same party and path, or to an object containing it, is still unsent: the
     * later one waits for it, so that a PATCH never overtakes the PUT that created the object, even when
     * that PUT is backing off, and a PUT of an EVSE ({@code /cc/pid/location/evse}) never reaches the
     * receiver before the PUT of its location ({@code /cc/pid/location}).
     */
    public boolean waitsForOlder(Item item) {
        if (RESULTS.equals(item.module())) {
            return false; // each result answers its own request: none waits for another
        }
        // a failed push no longer holds later ones back: it waits for the operator, not for a retry
        return dsl.fetchExists(OCPI_OUTBOX, OCPI_OUTBOX.PARTY_PK.eq(item.partyPk()).and(OCPI_OUTBOX.PATH.in(selfAndParents(item.path())))
                .and(OCPI_OUTBOX.MODULE.eq(item.module())).and(OCPI_OUTBOX.SENT_AT.isNull()).and(OCPI_OUTBOX.FAILED_AT.isNull())
                .and(OCPI_OUTBOX.ID.lt(item.id())));
    }

    /**
     * The path and those of the objects containing it, down to the object's own id: for
     * {@code /NL/EVS/loc/evse/1} that is itself, {@code /NL/EVS/loc/evse} and {@code /NL/EVS/loc}
     * (the first three segments, country, party and id, name the top object).
     */
    static List<String> selfAndParents(String path) {
        var out = new java.util.ArrayList<String>();
        String p = path;
        while (p.chars().filter(c -> c == '/').count() >= 3) {
            out.add(p);
            int cut = p.lastIndexOf('/');
            if (cut <= 0) {
                break;
            }
            p = p.substring(0, cut);
        }
        if (out.isEmpty()) {
            out.add(path);
        }
        return out;
    }

    public void sent(long id, Instant now) {
        dsl.update(OCPI_OUTBOX).set(OCPI_OUTBOX.SENT_AT, now).set(OCPI_OUTBOX.ATTEMPTS, OCPI_OUTBOX.ATTEMPTS.plus(1))
                .where(OCPI_OUTBOX.ID.eq(id)).execute();
    }

    public void failed(long id, String error, Instant nextAttempt) {
        dsl.update(OCPI_OUTBOX).set(OCPI_OUTBOX.ATTEMPTS, OCPI_OUTBOX.ATTEMPTS.plus(1))
                .set(OCPI_OUTBOX.LAST_ERROR, error.length() > 255 ? error.substring(0, 255) : error)
                .set(OCPI_OUTBOX.NEXT_ATTEMPT_AT, nextAttempt)
                .where(OCPI_OUTBOX.ID.eq(id)).execute();
    }

    /**
     * Fails a push the receiver refused for good too often: no longer tried, kept (never deleted, a CDR
     * least of all) with its last error until the operator queues it again ({@link #retry}).
     */
    public void giveUp(long id, String error, Instant now) {
        dsl.update(OCPI_OUTBOX).set(OCPI_OUTBOX.ATTEMPTS, OCPI_OUTBOX.ATTEMPTS.plus(1))
                .set(OCPI_OUTBOX.LAST_ERROR, error.length() > 255 ? error.substring(0, 255) : error)
                .set(OCPI_OUTBOX.FAILED_AT, now)
                .where(OCPI_OUTBOX.ID.eq(id)).execute();
    }

    /** Queues a failed push again, due now, with its attempts counted afresh; false if it is not failed. */
    public boolean retry(long id, Instant now) {
        return dsl.update(OCPI_OUTBOX).setNull(OCPI_OUTBOX.FAILED_AT).set(OCPI_OUTBOX.ATTEMPTS, 0)
                .set(OCPI_OUTBOX.NEXT_ATTEMPT_AT, now)
                .where(OCPI_OUTBOX.ID.eq(id)).and(OCPI_OUTBOX.FAILED_AT.isNotNull()).and(OCPI_OUTBOX.SENT_AT.isNull())
                .execute() == 1;
    }

    /** A push as the operator sees it. */
    public record Row(long id, long partyPk, String module, String method, String path, int attempts, String lastError,
            Instant nextAttemptAt, Instant createdAt, Instant sentAt, Instant failedAt) {
        public String state() {
            return sentAt != null ? "sent" : failedAt != null ? "failed" : "pending";
        }
    }

    /** The pushes in a state (pending, failed or sent), oldest first. */
    public List<Row> list(String state, int offset, int limit) {
        var where = switch (state) {
            case "failed" -> OCPI_OUTBOX.FAILED_AT.isNotNull().and(OCPI_OUTBOX.SENT_AT.isNull());
            case "sent" -> OCPI_OUTBOX.SENT_AT.isNotNull();
            case "pending" -> OCPI_OUTBOX.SENT_AT.isNull().and(OCPI_OUTBOX.FAILED_AT.isNull());
            default -> throw new IllegalArgumentException("state must be pending, failed or sent");
        };
        var records = dsl.selectFrom(OCPI_OUTBOX).where(where).orderBy(OCPI_OUTBOX.ID).offset(offset).limit(limit).fetch();
        return records.stream().map(r -> new Row(r.getId(), r.getPartyPk(), r.getModule(), r.getHttpMethod(), r.getPath(),
                r.getAttempts(), r.getLastError(), r.getNextAttemptAt(), r.getCreatedAt(), r.getSentAt(), r.getFailedAt())).toList();
    }

    /**
     * Deletes delivered pushes sent before {@code before} (the retention): the outbox would otherwise grow
     * with every push ever made. Unsent and failed pushes are never deleted here. The number deleted.
     */
    public int purgeSent(Instant before) {
        // in batches, each its own statement: the first purge after an upgrade may meet millions of rows,
        // and one DELETE of them all would hold its locks (and the pushes waiting on them) for long
        int n = 0;
        while (true) {
            List<Long> ids = dsl.select(OCPI_OUTBOX.ID).from(OCPI_OUTBOX).where(OCPI_OUTBOX.SENT_AT.isNotNull())
                    .and(OCPI_OUTBOX.SENT_AT.lt(before)).orderBy(OCPI_OUTBOX.ID).limit(PURGE_BATCH).fetch(OCPI_OUTBOX.ID);
            if (ids.isEmpty()) {
                return n;
            }
            n += dsl.deleteFrom(OCPI_OUTBOX).where(OCPI_OUTBOX.ID.in(ids)).and(OCPI_OUTBOX.SENT_AT.isNotNull()).execute();
        }
    }

    private static final int PURGE_BATCH = 1000;

    public void drop(long id) {
        dsl.deleteFrom(OCPI_OUTBOX).where(OCPI_OUTBOX.ID.eq(id)).execute();
    }

    /**
     * Ends every unsent push to a party that unregistered (section 7.2.4: "both parties must end any
     * automated communication"): they are removed, never sent. The number ended.
     */
    public int endAll(long partyPk) {
        return dsl.deleteFrom(OCPI_OUTBOX).where(OCPI_OUTBOX.PARTY_PK.eq(partyPk)).and(OCPI_OUTBOX.SENT_AT.isNull()).execute();
    }

    /**
     * Makes a party's unsent pushes due now, forgetting their back-off: the party is reachable again (a
     * hub reported it CONNECTED), so what waited for it goes at the next round, in order.
     */
    public int dueNow(java.util.Collection<Long> partyPks, Instant now) {
        if (partyPks.isEmpty()) {
            return 0;
        }
        return dsl.update(OCPI_OUTBOX).set(OCPI_OUTBOX.NEXT_ATTEMPT_AT, now).where(OCPI_OUTBOX.PARTY_PK.in(partyPks))
                .and(OCPI_OUTBOX.SENT_AT.isNull()).and(OCPI_OUTBOX.FAILED_AT.isNull()).and(OCPI_OUTBOX.NEXT_ATTEMPT_AT.gt(now))
                .execute();
    }

    public int pending() {
        return dsl.fetchCount(OCPI_OUTBOX, OCPI_OUTBOX.SENT_AT.isNull().and(OCPI_OUTBOX.FAILED_AT.isNull()));
    }
}
