package io.evstack.emsp.roaming;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The sessions and CDRs of a set of our tokens, as the CPOs reported them to us. */
public final class SessionBook {
    private static final Comparator<SessionSummary> NEWEST_FIRST = Comparator.comparing(SessionSummary::start,
            Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(SessionSummary::id);

    private final RoamingObjects objects;

    public SessionBook(RoamingObjects objects) {
        this.objects = objects;
    }

    /** Sessions still running (OCPI status ACTIVE or PENDING), newest first. */
    public List<SessionSummary> live(Collection<String> tokenUids, Instant now) {
        return objects.ofTokens(RoamingObjects.SESSIONS, Set.copyOf(tokenUids)).stream()
                .map(o -> SessionSummary.ofSession(o, now))
                .filter(s -> "ACTIVE".equals(s.status()) || "PENDING".equals(s.status()))
                .sorted(NEWEST_FIRST).toList();
    }

    /** A running or finished session of these tokens by its CPO id, if it is one of theirs. */
    public java.util.Optional<SessionSummary> session(Collection<String> tokenUids, String sessionId, Instant now) {
        return objects.ofTokens(RoamingObjects.SESSIONS, Set.copyOf(tokenUids)).stream()
                .filter(o -> o.id().equals(sessionId)).map(o -> SessionSummary.ofSession(o, now)).findFirst();
    }

    /**
     * Everything, newest first: each CDR, and each session no CDR names yet (a CDR replaces its session,
     * OCPI 2.2.1 CDR.session_id).
     */
    public List<SessionSummary> history(Collection<String> tokenUids, Instant now) {
        Set<String> uids = Set.copyOf(tokenUids);
        var cdrs = objects.ofTokens(RoamingObjects.CDRS, uids);
        Set<String> billed = new HashSet<>();
        List<SessionSummary> all = new ArrayList<>();
        for (var cdr : cdrs) {
            String sessionId = SessionSummary.sessionIdOf(cdr);
            if (sessionId != null) {
                billed.add(cdr.countryCode() + "*" + cdr.partyId() + "*" + sessionId);
            }
            all.add(SessionSummary.ofCdr(cdr));
        }
        for (var session : objects.ofTokens(RoamingObjects.SESSIONS, uids)) {
            if (!billed.contains(session.countryCode() + "*" + session.partyId() + "*" + session.id())) {
                all.add(SessionSummary.ofSession(session, now));
            }
        }
        all.sort(NEWEST_FIRST);
        return all;
    }

    /** The CDRs of these tokens, newest first. */
    public List<SessionSummary> cdrs(Collection<String> tokenUids) {
        return objects.ofTokens(RoamingObjects.CDRS, Set.copyOf(tokenUids)).stream().map(SessionSummary::ofCdr)
                .sorted(NEWEST_FIRST).toList();
    }
}
