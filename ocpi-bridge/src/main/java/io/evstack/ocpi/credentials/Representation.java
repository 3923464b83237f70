package io.evstack.ocpi.credentials;

import java.util.List;
import java.util.function.BiPredicate;

/**
 * For whose objects (sessions, CDRs, the tokens they were started with) a party may act: a party for its
 * own country/party (section 4.1.5.1); a hub also for the parties behind it (section 4.1.4, the routing
 * headers of a request through a hub), which are those no party registered with us owns. A hub never acts
 * for a party registered with us directly: that party talks to us itself. This is how sessions and CDRs are
 * routed too (a party no registered party owns is reached through a hub, {@code Outbox.toOwner}).
 */
public final class Representation {
    private final PartyRepository parties;

    public Representation(PartyRepository parties) {
        this.parties = parties;
    }

    /** Whether {@code party} may act for the objects of {@code countryCode}/{@code partyId}. */
    public boolean actsFor(Party party, String countryCode, String partyId) {
        return actingFor(party).test(countryCode, partyId);
    }

    /** {@link #actsFor} for many objects: reads the registered parties once. */
    public BiPredicate<String, String> actingFor(Party party) {
        if (!party.hasRole("HUB")) {
            return party::owns;
        }
        List<Party> registered = parties.registered();
        return (countryCode, partyId) -> party.owns(countryCode, partyId)
                || registered.stream().noneMatch(p -> p.owns(countryCode, partyId));
    }
}
