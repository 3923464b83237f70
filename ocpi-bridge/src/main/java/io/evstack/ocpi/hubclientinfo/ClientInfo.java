package io.evstack.ocpi.hubclientinfo;

import java.time.Instant;

/** ClientInfo (section 15.3.1): a party behind a hub, in one role, and whether it can be reached. */
public record ClientInfo(String partyId, String countryCode, String role, String status, Instant lastUpdated) {
    /** ConnectionStatus (15.4.1). */
    public static final java.util.Set<String> STATUSES = java.util.Set.of("CONNECTED", "OFFLINE", "PLANNED", "SUSPENDED");
}
