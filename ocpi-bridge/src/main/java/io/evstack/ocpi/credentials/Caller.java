package io.evstack.ocpi.credentials;

/** Who made a request: the party its token identifies, and the token it presented (to echo it on GET). */
public record Caller(Party party, String presentedToken) {
    /** Token A opens only versions and credentials (section 4.1.2). */
    public boolean registrationOnly() {
        return "A".equals(party.incomingKind());
    }
}
