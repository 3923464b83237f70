package io.evstack.ocpi.tokens;

import static io.evstack.db.generated.Tables.OCPI_TOKEN;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.csms.CsmsException;
import io.evstack.csms.authorization.AuthorizationService;
import io.evstack.csms.authorization.IdTag;
import io.evstack.ocpi.transport.Http;
import io.evstack.ocpi.transport.OcpiException;
import io.evstack.ocpi.transport.OcpiJson;
import io.evstack.ocpi.transport.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Tokens the eMSPs push (section 12.2.2, Receiver interface). A token that may be used without asking
 * the eMSP (whitelist ALWAYS, ALLOWED, ALLOWED_OFFLINE, section 12.4.4) is mirrored into the CSMS's id
 * tags, so OCPP Authorize and the chargers' local lists accept it; an invalid token blocks its tag. A
 * NEVER token is not mirrored: it must be authorized in real time ({@link RealtimeAuthorizer}). Only
 * uids that fit an OCPP 1.6 IdToken (20 characters) can be mirrored. Tags the operator created himself
 * are never overwritten.
 */
public final class TokenService {
    public static final String TAG_NOTE_PREFIX = "ocpi:";

    /** A token as stored: its owner and the JSON last received. */
    public record StoredToken(String countryCode, String partyId, String uid, String type, ObjectNode body,
            Instant lastUpdated) {
        public String contractId() {
            return body.path("contract_id").asText();
        }
    }

    private final DSLContext dsl;
    private final Clock clock;
    private final AuthorizationService authorization;

    public TokenService(DSLContext dsl, Clock clock, AuthorizationService authorization) {
        this.dsl = dsl;
        this.clock = clock;
        this.authorization = authorization;
    }

    public Optional<StoredToken> find(String countryCode, String partyId, String uid, String type) {
        return dsl.selectFrom(OCPI_TOKEN).where(OCPI_TOKEN.COUNTRY_CODE.eq(countryCode)).and(OCPI_TOKEN.PARTY_CODE.eq(partyId))
                .and(OCPI_TOKEN.UID.eq(uid)).and(OCPI_TOKEN.TOKEN_TYPE.eq(type)).fetchOptional()
                .map(r -> new StoredToken(r.getCountryCode(), r.getPartyCode(), r.getUid(), r.getTokenType(),
                        OcpiJson.read(r.getBody(), ObjectNode.class), r.getLastUpdated()));
    }

    /** Any party's token with this uid (an OCPP idTag carries no type or owner). */
    public Optional<StoredToken> byUid(String uid) {
        return dsl.selectFrom(OCPI_TOKEN).where(OCPI_TOKEN.UID.eq(uid)).orderBy(OCPI_TOKEN.LAST_UPDATED.desc()).limit(1)
                .fetchOptional().map(r -> new StoredToken(r.getCountryCode(), r.getPartyCode(), r.getUid(), r.getTokenType(),
                        OcpiJson.read(r.getBody(), ObjectNode.class), r.getLastUpdated()));
    }

    /** PUT (section 12.2.2.2): the full object; true if it was new (HTTP 201). */
    public boolean put(String countryCode, String partyId, String uid, String type, ObjectNode token) {
        require(token, "country_code", countryCode);
        require(token, "party_id", partyId);
        require(token, "uid", uid);
        if (token.hasNonNull("type") && !token.get("type").asText().equals(type)) {
            throw OcpiException.invalid("type in the body differs from the type parameter");
        }
        token.put("type", type);
        for (String f : List.of("contract_id", "issuer", "whitelist", "last_updated")) {
            Http.text(token, f);
        }
        if (!token.path("valid").isBoolean()) {
            throw OcpiException.invalid("Missing or invalid field: valid");
        }
        String whitelist = token.get("whitelist").asText();
        if (!List.of("ALWAYS", "ALLOWED", "ALLOWED_OFFLINE", "NEVER").contains(whitelist)) {
            throw OcpiException.invalid("whitelist must be ALWAYS, ALLOWED, ALLOWED_OFFLINE or NEVER");
        }
        Instant lastUpdated = Page.parseTime("last_updated", token.get("last_updated").asText());
        boolean created = dsl.transactionResult(cfg -> {
            var tx = cfg.dsl();
            boolean exists = tx.fetchExists(OCPI_TOKEN, OCPI_TOKEN.COUNTRY_CODE.eq(countryCode)
                    .and(OCPI_TOKEN.PARTY_CODE.eq(partyId)).and(OCPI_TOKEN.UID.eq(uid)).and(OCPI_TOKEN.TOKEN_TYPE.eq(type)));
            if (exists) {
                tx.update(OCPI_TOKEN).set(OCPI_TOKEN.CONTRACT_ID, token.get("contract_id").asText())
                        .set(OCPI_TOKEN.VALID, token.get("valid").asBoolean()).set(OCPI_TOKEN.WHITELIST, whitelist)
                        .set(OCPI_TOKEN.BODY, OcpiJson.write(token)).set(OCPI_TOKEN.LAST_UPDATED, lastUpdated)
                        .where(OCPI_TOKEN.COUNTRY_CODE.eq(countryCode)).and(OCPI_TOKEN.PARTY_CODE.eq(partyId))
                        .and(OCPI_TOKEN.UID.eq(uid)).and(OCPI_TOKEN.TOKEN_TYPE.eq(type)).execute();
            } else {
                tx.insertInto(OCPI_TOKEN).set(OCPI_TOKEN.COUNTRY_CODE, countryCode).set(OCPI_TOKEN.PARTY_CODE, partyId)
                        .set(OCPI_TOKEN.UID, uid).set(OCPI_TOKEN.TOKEN_TYPE, type)
                        .set(OCPI_TOKEN.CONTRACT_ID, token.get("contract_id").asText())
                        .set(OCPI_TOKEN.VALID, token.get("valid").asBoolean()).set(OCPI_TOKEN.WHITELIST, whitelist)
                        .set(OCPI_TOKEN.BODY, OcpiJson.write(token)).set(OCPI_TOKEN.LAST_UPDATED, lastUpdated).execute();
            }
            return !exists;
        });
        mirror(countryCode, partyId, uid, token.get("valid").asBoolean(), whitelist);
        return created;
    }

    /** PATCH (section 12.2.2.3): only the fields given change; last_updated is required. */
    public void patch(String countryCode, String partyId, String uid, String type, ObjectNode changes) {
        StoredToken existing = find(countryCode, partyId, uid, type)
                .orElseThrow(() -> OcpiException.notFound(2004, "Unknown token " + uid));
        Http.text(changes, "last_updated");
        for (String f : List.of("country_code", "party_id", "uid", "type")) {
            if (changes.hasNonNull(f) && !changes.get(f).asText().equals(existing.body().path(f).asText())) {
                throw OcpiException.invalid(f + " cannot be changed by PATCH");
            }
        }
        ObjectNode merged = existing.body().deepCopy();
        merged.setAll(changes);
        put(countryCode, partyId, uid, type, merged);
    }

    private void mirror(String countryCode, String partyId, String uid, boolean valid, String whitelist) {
        if (uid.length() > 20) {
            return;
        }
        String note = TAG_NOTE_PREFIX + countryCode + "*" + partyId;
        IdTag existing = null;
        try {
            existing = authorization.get(uid);
        } catch (CsmsException notFound) {
            // a new tag
        }
        if (existing != null && (existing.note() == null || !existing.note().startsWith(TAG_NOTE_PREFIX))) {
            return;
        }
        boolean blocked = !valid || "NEVER".equals(whitelist);
        if (existing == null) {
            if (!blocked) {
                authorization.create(uid, null, null, false, 0, note);
            }
        } else {
            authorization.update(uid, null, null, blocked, 0, note);
        }
    }

    private static void require(JsonNode token, String field, String expected) {
        JsonNode v = token.get(field);
        if (v == null || !v.isTextual()) {
            throw OcpiException.invalid("Missing or invalid field: " + field);
        }
        if (!v.asText().equals(expected)) {
            // section 4.1.5.1: the object's identity must match its URL
            throw OcpiException.invalid(field + " in the body differs from the URL");
        }
    }

    public Instant now() {
        return clock.instant();
    }
}
