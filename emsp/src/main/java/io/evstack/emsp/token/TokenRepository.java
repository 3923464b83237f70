package io.evstack.emsp.token;

import static io.evstack.db.generated.Tables.EMSP_ACCOUNT;
import static io.evstack.db.generated.Tables.EMSP_TOKEN;
import static io.evstack.db.generated.Tables.EMSP_VEHICLE;

import io.evstack.db.generated.tables.records.EmspTokenRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The emsp_token table (V6). */
final class TokenRepository {
    /** The statuses a token can expire from. */
    private static final List<String> LIVE = List.of("ACTIVE", "BLOCKED");
    private final DSLContext dsl;

    TokenRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    boolean exists(String uid) {
        return dsl.fetchExists(EMSP_TOKEN, EMSP_TOKEN.UID.eq(uid));
    }

    boolean contractExists(String contractId) {
        return dsl.fetchExists(EMSP_TOKEN, EMSP_TOKEN.CONTRACT_ID.eq(contractId));
    }

    void insert(String uid, String type, String contractId, String visualNumber, long accountPk, Long vehiclePk,
            String whitelist, Instant now) {
        dsl.insertInto(EMSP_TOKEN).set(EMSP_TOKEN.UID, uid).set(EMSP_TOKEN.TYPE, type)
                .set(EMSP_TOKEN.CONTRACT_ID, contractId).set(EMSP_TOKEN.VISUAL_NUMBER, visualNumber)
                .set(EMSP_TOKEN.ACCOUNT_PK, accountPk).set(EMSP_TOKEN.VEHICLE_PK, vehiclePk)
                .set(EMSP_TOKEN.WHITELIST, whitelist).set(EMSP_TOKEN.STATUS, "ACTIVE").set(EMSP_TOKEN.LAST_UPDATED, now)
                .execute();
    }

    int setStatus(String uid, String status, Instant expiresAt, Instant now) {
        var update = dsl.update(EMSP_TOKEN).set(EMSP_TOKEN.STATUS, status).set(EMSP_TOKEN.LAST_UPDATED, now);
        if (expiresAt != null) {
            update = update.set(EMSP_TOKEN.EXPIRES_AT, expiresAt);
        }
        return update.where(EMSP_TOKEN.UID.eq(uid)).execute();
    }

    /** Tokens still ACTIVE or BLOCKED whose expiry date is not after {@code now}. */
    List<String> dueToExpire(Instant now) {
        return dsl.select(EMSP_TOKEN.UID).from(EMSP_TOKEN)
                .where(EMSP_TOKEN.STATUS.in(LIVE), EMSP_TOKEN.EXPIRES_AT.le(now)).orderBy(EMSP_TOKEN.EXPIRES_AT)
                .fetch(EMSP_TOKEN.UID);
    }

    /** Ends the token if it is still due: 1 for the one caller that ended it, 0 for any other. */
    int expireIfDue(String uid, Instant now) {
        return dsl.update(EMSP_TOKEN).set(EMSP_TOKEN.STATUS, "EXPIRED").set(EMSP_TOKEN.LAST_UPDATED, now)
                .where(EMSP_TOKEN.UID.eq(uid), EMSP_TOKEN.STATUS.in(LIVE), EMSP_TOKEN.EXPIRES_AT.le(now)).execute();
    }

    Optional<Instant> nextExpiry(Instant now) {
        return Optional.ofNullable(dsl.select(DSL.min(EMSP_TOKEN.EXPIRES_AT)).from(EMSP_TOKEN)
                .where(EMSP_TOKEN.STATUS.in(LIVE), EMSP_TOKEN.EXPIRES_AT.gt(now)).fetchOne().value1());
    }

    Optional<Token> byUid(String uid, Instant now) {
        return dsl.selectFrom(EMSP_TOKEN).where(EMSP_TOKEN.UID.eq(uid)).fetchOptional().map(r -> token(r, now));
    }

    List<Token> where(Condition condition, Instant now) {
        return dsl.selectFrom(EMSP_TOKEN).where(condition).orderBy(EMSP_TOKEN.PK).fetch().map(r -> token(r, now));
    }

    /** Tokens of the company's members and of its vehicles. */
    List<Token> ofCompany(long companyPk, Instant now) {
        return where(EMSP_TOKEN.ACCOUNT_PK.in(dsl.select(EMSP_ACCOUNT.PK).from(EMSP_ACCOUNT)
                .where(EMSP_ACCOUNT.COMPANY_PK.eq(companyPk)))
                .or(EMSP_TOKEN.VEHICLE_PK.in(dsl.select(EMSP_VEHICLE.PK).from(EMSP_VEHICLE)
                        .where(EMSP_VEHICLE.COMPANY_PK.eq(companyPk)))), now);
    }

    private static Token token(EmspTokenRecord r, Instant now) {
        boolean valid = "ACTIVE".equals(r.getStatus()) && (r.getExpiresAt() == null || now.isBefore(r.getExpiresAt()));
        return new Token(r.getUid(), r.getType(), r.getContractId(), r.getVisualNumber(), r.getAccountPk(),
                r.getVehiclePk(), r.getWhitelist(), r.getStatus(), r.getExpiresAt(), r.getLastUpdated(), valid);
    }
}
