package io.evstack.csms.authorization;

import java.time.Instant;

/** The answer to "may this id tag charge?": OCPP 1.6 IdTagInfo in domain form. */
public record Authorization(AuthorizationStatus status, Instant expiryDate, String parentIdTag) {
    public static final Authorization INVALID = new Authorization(AuthorizationStatus.Invalid, null, null);

    public boolean accepted() {
        return status == AuthorizationStatus.Accepted;
    }
}
