package io.evstack.ocpi.credentials;

import java.util.List;
import java.util.Optional;

/**
 * Another platform we talk OCPI with. {@code status}: PENDING (token A issued, not yet registered),
 * REGISTERING (we are registering with it), REGISTERED, UNREGISTERED. {@code incomingKind} says which
 * token it presents to us: A (registration only), B (we generated it when registering with them) or C
 * (we issued it at their registration). {@code outgoingToken} is the token we present to it.
 */
public record Party(long pk, String name, String status, String incomingKind, String outgoingToken,
        boolean tokenBase64, String versionsUrl, String version, List<Credentials.Endpoint> endpoints,
        List<Credentials.Role> roles, java.time.Instant updatedAt) {

    public static final String PENDING = "PENDING";
    public static final String REGISTERING = "REGISTERING";
    public static final String REGISTERED = "REGISTERED";
    public static final String UNREGISTERED = "UNREGISTERED";

    public boolean registered() {
        return REGISTERED.equals(status);
    }

    /** The URL of its endpoint for a module in a role (SENDER or RECEIVER), if it has one. */
    public Optional<String> endpoint(String module, String role) {
        return endpoints.stream().filter(e -> e.identifier().equals(module) && role.equalsIgnoreCase(e.role()))
                .map(Credentials.Endpoint::url).findFirst();
    }

    public boolean hasRole(String role) {
        return roles.stream().anyMatch(r -> r.role().equalsIgnoreCase(role));
    }

    /** Whether objects of this country/party are its own (section 4.1.5.1). */
    public boolean owns(String countryCode, String partyId) {
        return roles.stream().anyMatch(r -> r.countryCode().equalsIgnoreCase(countryCode)
                && r.partyId().equalsIgnoreCase(partyId));
    }

    /** The eMSP role it receives functional pushes as (first EMSP, else its first role). */
    public Optional<Credentials.Role> mainRole() {
        return roles.stream().filter(r -> r.role().equalsIgnoreCase("EMSP")).findFirst()
                .or(() -> roles.stream().findFirst());
    }
}
