package io.evstack.csms.security;

import io.evstack.csms.chargepoint.ChargePointRepository;
import io.evstack.ocpp.server.ChargerAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security profiles at the handshake (OCPP 1.6 Security Whitepaper section 2.2/2.3):
 * <ul>
 *   <li>a charger registered with a password (profile 1 or 2) must send it as HTTP Basic; profile 2
 *       must also come over TLS;</li>
 *   <li>a charger registered with profile 3 must connect over TLS with a client certificate (which the
 *       server has checked: it chains to a trusted issuer and its CN is the charger id); Basic alone is
 *       refused, so an upgraded charger cannot fall back to a lower profile (OCPP 2.0.1 A05, 1.6 Security
 *       Whitepaper section 2.4, OCTT TC_083_CSMS step 12);</li>
 *   <li>a charger that presents such a certificate is authenticated by it, whatever lower profile it is
 *       registered with: a higher profile than stored is accepted, a lower one never;</li>
 *   <li>a charger registered without one (profile 0) and an unknown charger may connect; BootNotification
 *       then answers by registration state and STACK_UNKNOWN_CHARGERS.</li>
 * </ul>
 * A successful check is remembered (as a digest of the password and the stored hash) so that reconnect
 * storms do not cost a PBKDF2 derivation each; changing the password changes the hash and voids it.
 */
public final class ChargerPasswordAuthenticator implements ChargerAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(ChargerPasswordAuthenticator.class);
    private final DSLContext dsl;
    private final PasswordHasher hasher;
    private final ConcurrentHashMap<String, String> verified = new ConcurrentHashMap<>();
    private final SecurityEventService securityEvents;

    public ChargerPasswordAuthenticator(DSLContext dsl, PasswordHasher hasher) {
        this(dsl, hasher, null);
    }

    /** Recording every refused handshake of a known charger as its security event (null: log only). */
    public ChargerPasswordAuthenticator(DSLContext dsl, PasswordHasher hasher, SecurityEventService securityEvents) {
        this.dsl = dsl;
        this.hasher = hasher;
        this.securityEvents = securityEvents;
    }

    @Override
    public void refused(String chargerId, String reason) {
        if (securityEvents != null) {
            securityEvents.refusedConnection(chargerId, reason);
        }
    }

    private Decision unauthorized(String chargerId, String reason) {
        refused(chargerId, reason);
        return Decision.UNAUTHORIZED;
    }

    @Override
    public Decision authenticate(String chargerId, String password, boolean tls) {
        return authenticate(chargerId, password, tls, false);
    }

    @Override
    public Decision authenticate(String chargerId, String password, boolean tls, boolean clientCertificate) {
        var credentials = new ChargePointRepository(dsl).credentials(chargerId);
        if (credentials.isEmpty()) {
            return Decision.ACCEPT;
        }
        var c = credentials.get();
        boolean certified = tls && clientCertificate;
        if (c.securityProfile() >= 3 && !certified) {
            log.warn("Charger {} needs security profile 3 (TLS with a client certificate) but connected {}", chargerId,
                    !tls ? "without TLS" : "without a client certificate");
            return unauthorized(chargerId, "Security profile 3 required; connected "
                    + (!tls ? "without TLS" : "without a client certificate"));
        }
        if (certified) {
            return Decision.ACCEPT;
        }
        if (c.securityProfile() == 0 && c.passwordHash() == null) {
            return Decision.ACCEPT;
        }
        if (c.securityProfile() >= 2 && !tls) {
            log.warn("Charger {} needs security profile {} but connected without TLS", chargerId, c.securityProfile());
            return unauthorized(chargerId, "Security profile " + c.securityProfile() + " required; connected without TLS");
        }
        if (password == null || c.passwordHash() == null) {
            log.warn("Charger {} sent no password", chargerId);
            return unauthorized(chargerId, "No password sent");
        }
        String memo = digest(password, c.passwordHash());
        if (memo.equals(verified.get(chargerId))) {
            return Decision.ACCEPT;
        }
        if (hasher.verify(password, c.passwordHash())) {
            verified.put(chargerId, memo);
            return Decision.ACCEPT;
        }
        log.warn("Charger {} sent a wrong password", chargerId);
        return unauthorized(chargerId, "Wrong password");
    }

    private static String digest(String password, String storedHash) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(storedHash.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return java.util.HexFormat.of().formatHex(sha.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
