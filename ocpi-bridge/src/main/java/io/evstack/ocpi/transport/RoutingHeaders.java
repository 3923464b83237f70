package io.evstack.ocpi.transport;

import io.evstack.ocpi.credentials.Caller;
import io.javalin.http.Context;

/**
 * The routing headers (OCPI 2.2.1 section 4.1.3 request, 4.1.4 response): OCPI-from-country-code,
 * OCPI-from-party-id, OCPI-to-country-code, OCPI-to-party-id. They are required through a hub and
 * optional peer to peer; when a request carries them they must be whole (both of a pair), the sender
 * must be a party of the caller's credentials (a hub may speak for any party behind it), and the receiver
 * must be us, since we route to nobody: otherwise 2001. The response carries them swapped.
 */
public final class RoutingHeaders {
    public static final String FROM_COUNTRY = "OCPI-from-country-code";
    public static final String FROM_PARTY = "OCPI-from-party-id";
    public static final String TO_COUNTRY = "OCPI-to-country-code";
    public static final String TO_PARTY = "OCPI-to-party-id";

    private final String ourCountry;
    private final String ourParty;

    public RoutingHeaders(String ourCountry, String ourParty) {
        this.ourCountry = ourCountry;
        this.ourParty = ourParty;
    }

    /** Checks the request's routing headers against the caller, and echoes them on the response. */
    public void apply(Context ctx, Caller caller) {
        String fromCountry = ctx.header(FROM_COUNTRY);
        String fromParty = ctx.header(FROM_PARTY);
        String toCountry = ctx.header(TO_COUNTRY);
        String toParty = ctx.header(TO_PARTY);
        if (fromCountry == null && fromParty == null && toCountry == null && toParty == null) {
            return;
        }
        if ((fromCountry == null) != (fromParty == null) || (toCountry == null) != (toParty == null)) {
            throw OcpiException.invalid("Routing headers come in pairs: country code and party id (section 4.1.3)");
        }
        // a party still registering has no roles yet to check against (section 7.1.1)
        if (fromCountry != null && !caller.registrationOnly() && !caller.party().hasRole("HUB")
                && !caller.party().owns(fromCountry, fromParty)) {
            throw OcpiException.invalid("OCPI-from-country-code/party-id " + fromCountry + "/" + fromParty
                    + " is not a party of these credentials");
        }
        if (toCountry != null && !(toCountry.equalsIgnoreCase(ourCountry) && toParty.equalsIgnoreCase(ourParty))) {
            throw OcpiException.invalid("OCPI-to-country-code/party-id " + toCountry + "/" + toParty
                    + " is not this platform, which routes to nobody else");
        }
        ctx.header(FROM_COUNTRY, ourCountry);
        ctx.header(FROM_PARTY, ourParty);
        if (fromCountry != null) {
            ctx.header(TO_COUNTRY, fromCountry);
            ctx.header(TO_PARTY, fromParty);
        }
    }
}
