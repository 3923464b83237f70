package io.evstack.ocpi.tokens;

import io.evstack.ocpi.sessions.OcpiSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The real-time authorizations the eMSPs gave lately (section 12.2.1.2), so that the transaction a token
 * then starts carries them: its Session and CDR name the eMSP's {@code authorization_reference} (sections
 * 9.3.1 and 10.3.1: "when the eMSP provided an authorization_reference in the response to the real-time
 * authorization") and the token as the eMSP described it (the CSMS knows only the id tag).
 *
 * <p>Short-lived and in memory: the authorization and the start it leads to come from the same charger,
 * whose messages this node handles, within the charger's connection time-out (OCPP 1.6
 * ConnectionTimeOut, 2.0.1 EVConnectionTimeOut: seconds to minutes). A start after {@link #KEEP} is not
 * matched. The latest authorization wins: a charger asking again at StartTransaction gets a new one.
 */
public final class RealtimeAuthorizations {
    /** How long an authorization waits for its transaction. */
    public static final Duration KEEP = Duration.ofMinutes(15);
    /** Kept per token: a tag tried at many chargers at once is not a reason to grow without end. */
    private static final int PER_TOKEN = 8;

    /**
     * One authorization: where it was asked for ({@code locationId} / {@code evseUid}, null when the CSMS did
     * not say, then it matches any charger), the eMSP's reference and its token.
     */
    public record Given(String uid, String locationId, String evseUid, String authorizationReference,
            OcpiSession.CdrToken token, Instant at) {}

    private final Clock clock;
    private final Map<String, List<Given>> byUid = new HashMap<>();

    public RealtimeAuthorizations(Clock clock) {
        this.clock = clock;
    }

    public synchronized void remember(String uid, String locationId, String evseUid, String authorizationReference,
            OcpiSession.CdrToken token) {
        Instant now = clock.instant();
        forgetExpired(now);
        List<Given> list = byUid.computeIfAbsent(uid, k -> new ArrayList<>());
        list.add(new Given(uid, locationId, evseUid, authorizationReference, token, now));
        if (list.size() > PER_TOKEN) {
            list.removeFirst();
        }
    }

    /**
     * The latest unexpired authorization of the token that fits the location and EVSE where its transaction
     * started, taken (one authorization, one transaction).
     */
    public synchronized Optional<Given> take(String uid, String locationId, String evseUid) {
        forgetExpired(clock.instant());
        List<Given> list = byUid.get(uid);
        if (list == null) {
            return Optional.empty();
        }
        for (int i = list.size() - 1; i >= 0; i--) {
            Given g = list.get(i);
            if ((g.locationId() == null || Objects.equals(g.locationId(), locationId))
                    && (g.evseUid() == null || Objects.equals(g.evseUid(), evseUid))) {
                list.remove(i);
                if (list.isEmpty()) {
                    byUid.remove(uid);
                }
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    private void forgetExpired(Instant now) {
        Instant oldest = now.minus(KEEP);
        byUid.values().removeIf(list -> {
            list.removeIf(g -> g.at().isBefore(oldest));
            return list.isEmpty();
        });
    }
}
