package io.evstack.emsp.token;

import static io.evstack.db.generated.Tables.EMSP_TOKEN;

import io.evstack.emsp.EmspException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our tokens: RFID cards a driver registers, app tokens we generate, fleet cards tied to a vehicle; block,
 * unblock, expire. Each change is committed first, then pushed to the CPOs ({@link TokenPush}); a failed
 * push is logged and the token waits in emsp_token, with its last_updated, for the CPOs' pull
 * (OCPI 2.2.1 section 12.1.2), so no change is lost. Who may touch which token is the routes' decision.
 */
public final class TokenService {
    /**
     * Uids are at most 20 characters although OCPI allows 36: the CPO hands them to OCPP 1.6 chargers as
     * idTag (CiString20).
     */
    private static final Pattern UID = Pattern.compile("^[0-9A-Za-z]{4,20}$");
    private static final Logger log = LoggerFactory.getLogger(TokenService.class);

    private final DSLContext dsl;
    private final Clock clock;
    private final String countryCode;
    private final String partyId;
    private final TokenPush push;
    private final ContractIds contractIds = new ContractIds();
    private final SecureRandom random = new SecureRandom();
    private volatile TokenExpirySweep expirySweep;

    public TokenService(DSLContext dsl, Clock clock, String countryCode, String partyId, TokenPush push) {
        this.dsl = dsl;
        this.clock = clock;
        this.countryCode = countryCode;
        this.partyId = partyId;
        this.push = push;
    }

    /** Registers an RFID card (its printed uid) for an account. */
    public Token addRfidCard(long accountPk, String uid, String visualNumber) {
        return create(checkedUid(uid), "RFID", visual(visualNumber), accountPk, null);
    }

    /** A token for starting sessions from the app: the uid is ours to choose (OCPI type APP_USER). */
    public Token issueAppToken(long accountPk) {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return create("APP" + HexFormat.of().withUpperCase().formatHex(b), "APP_USER", null, accountPk, null);
    }

    /** A fleet card: an RFID card of the company that stays with one vehicle. */
    public Token issueFleetCard(long accountPk, long vehiclePk, String uid, String visualNumber) {
        return create(checkedUid(uid), "RFID", visual(visualNumber), accountPk, vehiclePk);
    }

    /**
     * A Plug &amp; Charge token (OCPI type OTHER) for an ISO 15118 contract certificate: its uid is its contract
     * id (eMAID) without hyphens, which is the certificate's CN and what the EV identifies with (15 characters,
     * so it fits the idTag too).
     */
    public Token issueContractToken(long accountPk) {
        return create(null, "OTHER", null, accountPk, null);
    }

    /** The token as OCPI 2.2.1 describes it, for the CPOs. */
    public static io.evstack.emsp.ocpi.OcpiToken ocpi(Token t) {
        return new io.evstack.emsp.ocpi.OcpiToken(t.uid(), t.type(), t.contractId(), t.visualNumber(), Token.ISSUER,
                t.valid(), t.whitelist(), t.lastUpdated());
    }

    public Token block(String uid) {
        return change(uid, "BLOCKED", null);
    }

    public Token unblock(String uid) {
        Token current = token(uid);
        if ("EXPIRED".equals(current.status()) || (current.expiresAt() != null && !current.expiresAt().isAfter(now()))) {
            throw EmspException.conflict("Token " + uid + " has expired; issue a new one");
        }
        return change(uid, "ACTIVE", null);
    }

    /** Ends a token for good (a lost card, a closed contract). */
    public Token expire(String uid) {
        return change(uid, "EXPIRED", now());
    }

    /**
     * Ends a token at {@code validUntil} (a contract that ends on a date): at once when that is not in the
     * future, else the token stays as it is until then and {@link #expireDue()} ends it and tells the CPOs
     * at that moment (OCPI's Token has no expiry of its own, so a CPO learns it only from that push or pull).
     */
    public Token expireAt(String uid, Instant validUntil) {
        Instant now = now();
        if (validUntil == null || !validUntil.isAfter(now)) {
            return expire(uid);
        }
        Token current = token(uid);
        if ("EXPIRED".equals(current.status()) || (current.expiresAt() != null && !current.expiresAt().isAfter(now))) {
            // a date that has passed, even before the sweep ran, cannot be moved back into the future
            throw EmspException.conflict("Token " + uid + " has expired already");
        }
        Token token = change(uid, current.status(), validUntil.truncatedTo(ChronoUnit.MILLIS));
        TokenExpirySweep sweep = expirySweep;
        if (sweep != null) {
            sweep.wake(); // the new date may come before the sweep's next planned wake-up
        }
        return token;
    }

    /**
     * Ends every ACTIVE or BLOCKED token whose expiry date has come (status EXPIRED, last_updated now, so
     * the CPOs' incremental pulls see the change too) and pushes each one, valid=false, to every CPO.
     * Each token is ended by a conditional UPDATE, so however often this runs, and on however many nodes,
     * a token is ended and pushed once. Returns how many tokens it ended.
     */
    public int expireDue() {
        Instant now = now();
        int ended = 0;
        for (String uid : new TokenRepository(dsl).dueToExpire(now)) {
            Token token = dsl.transactionResult(cfg -> {
                var repo = new TokenRepository(cfg.dsl());
                return repo.expireIfDue(uid, now) == 1 ? repo.byUid(uid, now).orElse(null) : null;
            });
            if (token != null) {
                ended++;
                log.info("Token {} reached its expiry date {}; telling the CPOs", token.uid(), token.expiresAt());
                publish(token);
            }
        }
        return ended;
    }

    /** The earliest expiry date still to come, if any token has one. */
    public java.util.Optional<Instant> nextExpiry() {
        return new TokenRepository(dsl).nextExpiry(now());
    }

    /**
     * Runs {@link #expireDue()} when the next token's expiry date comes (by this service's clock), and at
     * least every {@code maxWait} (a clock that is set, a date changed on another node). Once; later calls
     * do nothing.
     */
    public synchronized void scheduleExpiry(Duration maxWait) {
        if (expirySweep == null) {
            expirySweep = new TokenExpirySweep(this, clock, maxWait);
            expirySweep.start();
        }
    }

    /** Stops the expiry schedule, if one runs. */
    public synchronized void stopExpiry() {
        if (expirySweep != null) {
            expirySweep.close();
            expirySweep = null;
        }
    }

    public Token token(String uid) {
        return new TokenRepository(dsl).byUid(uid, now()).orElseThrow(() -> EmspException.notFound("No token " + uid));
    }

    public List<Token> ofAccount(long accountPk) {
        return new TokenRepository(dsl).where(EMSP_TOKEN.ACCOUNT_PK.eq(accountPk), now());
    }

    public List<Token> ofVehicle(long vehiclePk) {
        return new TokenRepository(dsl).where(EMSP_TOKEN.VEHICLE_PK.eq(vehiclePk), now());
    }

    public List<Token> ofCompany(long companyPk) {
        return new TokenRepository(dsl).ofCompany(companyPk, now());
    }

    /** @param uid the token's uid; null: its contract id without hyphens */
    private Token create(String uid, String type, String visualNumber, long accountPk, Long vehiclePk) {
        Token token = dsl.transactionResult(cfg -> {
            var repo = new TokenRepository(cfg.dsl());
            if (uid != null && repo.exists(uid)) {
                throw EmspException.conflict("Token " + uid + " is registered already");
            }
            String contractId = contractIds.next(countryCode, partyId);
            while (repo.contractExists(contractId) || uid == null && repo.exists(contractId.replace("-", ""))) {
                contractId = contractIds.next(countryCode, partyId);
            }
            String tokenUid = uid != null ? uid : contractId.replace("-", "");
            repo.insert(tokenUid, type, contractId, visualNumber, accountPk, vehiclePk, "ALLOWED", now());
            return repo.byUid(tokenUid, now()).orElseThrow();
        });
        publish(token);
        return token;
    }

    private Token change(String uid, String status, Instant expiresAt) {
        Token token = dsl.transactionResult(cfg -> {
            var repo = new TokenRepository(cfg.dsl());
            if (repo.setStatus(uid, status, expiresAt, now()) == 0) {
                throw EmspException.notFound("No token " + uid);
            }
            return repo.byUid(uid, now()).orElseThrow();
        });
        publish(token);
        return token;
    }

    private void publish(Token token) {
        try {
            push.push(token);
        } catch (RuntimeException e) {
            log.warn("Token {} ({}) changed but not pushed to every CPO; they get it on their next pull: {}",
                    token.uid(), token.status(), e.getMessage());
        }
    }

    private static String checkedUid(String uid) {
        if (uid == null || !UID.matcher(uid.trim()).matches()) {
            throw EmspException.badRequest("uid must be 4 to 20 letters or digits (as printed on the card)");
        }
        return uid.trim().toUpperCase(Locale.ROOT);
    }

    private static String visual(String visualNumber) {
        if (visualNumber == null || visualNumber.isBlank()) {
            return null;
        }
        if (visualNumber.length() > 64) {
            throw EmspException.badRequest("visualNumber must have at most 64 characters");
        }
        return visualNumber.trim();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
