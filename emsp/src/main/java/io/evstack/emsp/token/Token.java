package io.evstack.emsp.token;

import java.time.Instant;

/**
 * One of our tokens (OCPI 2.2.1 section 12.3.2): an RFID card, an app token or a fleet card.
 *
 * @param type      RFID or APP_USER
 * @param vehicleId the vehicle of a fleet card, {@code null} otherwise
 * @param status    ACTIVE, BLOCKED or EXPIRED
 * @param valid     status ACTIVE and not past {@code expiresAt}: what the CPOs are told
 */
public record Token(String uid, String type, String contractId, String visualNumber, long accountId, Long vehicleId,
        String whitelist, String status, Instant expiresAt, Instant lastUpdated, boolean valid) {

    public static final String ISSUER = "evstack";
}
