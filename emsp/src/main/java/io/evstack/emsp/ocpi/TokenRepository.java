package io.evstack.emsp.ocpi;

import static io.evstack.db.generated.Tables.EMSP_TOKEN;

import io.evstack.db.generated.tables.records.EmspTokenRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Reads our tokens (emsp_token) for the tokens Sender interface and for commands. */
final class TokenRepository {
    private final DSLContext dsl;

    TokenRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<OurToken> find(String uid, String type) {
        return dsl.selectFrom(EMSP_TOKEN).where(EMSP_TOKEN.UID.eq(uid), EMSP_TOKEN.TYPE.eq(type)).fetchOptional()
                .map(TokenRepository::token);
    }

    Optional<OurToken> byUid(String uid) {
        return dsl.selectFrom(EMSP_TOKEN).where(EMSP_TOKEN.UID.eq(uid)).fetchOptional().map(TokenRepository::token);
    }

    Optional<OurToken> byContractId(String contractId) {
        return dsl.selectFrom(EMSP_TOKEN).where(EMSP_TOKEN.CONTRACT_ID.eq(contractId)).fetchOptional()
                .map(TokenRepository::token);
    }

    int count(Instant from, Instant to) {
        return dsl.fetchCount(EMSP_TOKEN, window(from, to));
    }

    /** Oldest change first, ties by insertion, so that offsets page through a stable order. */
    List<OurToken> page(Instant from, Instant to, int offset, int limit) {
        return dsl.selectFrom(EMSP_TOKEN).where(window(from, to)).orderBy(EMSP_TOKEN.LAST_UPDATED, EMSP_TOKEN.PK)
                .limit(limit).offset(offset).fetch().map(TokenRepository::token);
    }

    private static Condition window(Instant from, Instant to) {
        Condition c = DSL.noCondition();
        if (from != null) {
            c = c.and(EMSP_TOKEN.LAST_UPDATED.ge(from));
        }
        if (to != null) {
            c = c.and(EMSP_TOKEN.LAST_UPDATED.lt(to));
        }
        return c;
    }

    private static OurToken token(EmspTokenRecord r) {
        return new OurToken(r.getUid(), r.getType(), r.getContractId(), r.getVisualNumber(), r.getWhitelist(),
                r.getStatus(), r.getExpiresAt(), r.getLastUpdated());
    }
}
