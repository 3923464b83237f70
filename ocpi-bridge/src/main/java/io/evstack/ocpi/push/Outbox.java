package io.evstack.ocpi.push;

import static io.evstack.db.generated.Tables.OCPI_OUTBOX;

import io.evstack.ocpi.credentials.Party;
import io.evstack.ocpi.credentials.PartyRepository;
import io.evstack.ocpi.transport.OcpiJson;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;

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

    public record Item(long id, long partyPk, String module, String method, String path, String body, int attempts) {}

    private final DSLContext dsl;

    public Outbox(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** To every registered party that has a Receiver endpoint for the module (locations, tariffs). */
    public int toAll(String module, String method, String path, Object body, Instant now) {
        int n = 0;
        for (Party p : new PartyRepository(dsl).registered()) {
            if (p.endpoint(module, "RECEIVER").isPresent()) {
                add(p.pk(), module, method, path, body, now);
                n++;
            }
        }
        return n;
    }

    /** To the registered parties owning the country/party of a token (sessions, CDRs: never broadcast, 4.1.8.3). */
    public int toOwner(String countryCode, String partyId, String module, String method, String path, Object body,
            Instant now) {
        if (countryCode == null || partyId == null) {
            return 0;
        }
        int n = 0;
        for (Party p : new PartyRepository(dsl).registered()) {
            if (p.owns(countryCode, partyId) && p.endpoint(module, "RECEIVER").isPresent()) {
                add(p.pk(), module, method, path, body, now);
                n++;
            }
        }
        return n;
    }

    public void add(long partyPk, String module, String method, String path, Object body, Instant now) {
        dsl.insertInto(OCPI_OUTBOX)
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
        var where = OCPI_OUTBOX.SENT_AT.isNull().and(OCPI_OUTBOX.NEXT_ATTEMPT_AT.le(now));
        if (!held.isEmpty()) {
            where = where.and(OCPI_OUTBOX.PARTY_PK.notIn(held));
        }
        return dsl.selectFrom(OCPI_OUTBOX).where(where).orderBy(OCPI_OUTBOX.ID).limit(limit)
                .fetch(r -> new Item(r.getId(), r.getPartyPk(), r.getModule(), r.getHttpMethod(), r.getPath(), r.getBody(),
                        r.getAttempts()));
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
        return dsl.fetchExists(OCPI_OUTBOX, OCPI_OUTBOX.PARTY_PK.eq(item.partyPk()).and(OCPI_OUTBOX.PATH.in(selfAndParents(item.path())))
                .and(OCPI_OUTBOX.MODULE.eq(item.module())).and(OCPI_OUTBOX.SENT_AT.isNull()).and(OCPI_OUTBOX.ID.lt(item.id())));
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
                .and(OCPI_OUTBOX.SENT_AT.isNull()).and(OCPI_OUTBOX.NEXT_ATTEMPT_AT.gt(now)).execute();
    }

    public int pending() {
        return dsl.fetchCount(OCPI_OUTBOX, OCPI_OUTBOX.SENT_AT.isNull());
    }
}
