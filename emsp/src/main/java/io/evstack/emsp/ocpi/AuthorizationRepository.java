package io.evstack.emsp.ocpi;

import static io.evstack.db.generated.Tables.EMSP_AUTHORIZATION;
import static io.evstack.db.generated.Tables.EMSP_CPO;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The emsp_authorization table (V13): references we gave in real-time authorization, and what carried them. */
final class AuthorizationRepository {
    private static final Logger log = LoggerFactory.getLogger(AuthorizationRepository.class);

    private final DSLContext dsl;

    AuthorizationRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    void issue(String reference, long cpoPk, String tokenUid, String tokenType, String locationId, Instant now) {
        dsl.insertInto(EMSP_AUTHORIZATION).set(EMSP_AUTHORIZATION.REFERENCE, reference)
                .set(EMSP_AUTHORIZATION.CPO_PK, cpoPk).set(EMSP_AUTHORIZATION.TOKEN_UID, tokenUid)
                .set(EMSP_AUTHORIZATION.TOKEN_TYPE, tokenType).set(EMSP_AUTHORIZATION.LOCATION_ID, locationId)
                .set(EMSP_AUTHORIZATION.ISSUED_AT, now).execute();
    }

    /**
     * Ties a Session or CDR that carries one of our references to it: only the CPO we gave it to, for the
     * token we authorized (cdr_token.uid), can use it. A reference we did not give in real-time
     * authorization (START_SESSION and RESERVE_NOW carry their own, kept with the command) is left alone.
     */
    void link(long cpoPk, String module, String objectId, JsonNode object) {
        String reference = object.path("authorization_reference").asText(null);
        if (reference == null || !("sessions".equals(module) || "cdrs".equals(module))) {
            return;
        }
        var auth = dsl.selectFrom(EMSP_AUTHORIZATION).where(EMSP_AUTHORIZATION.REFERENCE.eq(reference)).fetchOptional();
        if (auth.isEmpty()) {
            return;
        }
        String uid = object.path("cdr_token").path("uid").asText(null);
        if (auth.get().getCpoPk() != cpoPk || !auth.get().getTokenUid().equals(uid)) {
            log.warn("{} {} carries authorization_reference {} given to another CPO or token: not linked", module,
                    objectId, reference);
            return;
        }
        var field = "sessions".equals(module) ? EMSP_AUTHORIZATION.SESSION_ID : EMSP_AUTHORIZATION.CDR_ID;
        dsl.update(EMSP_AUTHORIZATION).set(field, objectId).where(EMSP_AUTHORIZATION.REFERENCE.eq(reference)).execute();
    }

    Optional<EmspOcpi.Authorization> find(String reference) {
        return dsl.select(EMSP_AUTHORIZATION.asterisk(), EMSP_CPO.NAME).from(EMSP_AUTHORIZATION).join(EMSP_CPO)
                .on(EMSP_CPO.PK.eq(EMSP_AUTHORIZATION.CPO_PK)).where(EMSP_AUTHORIZATION.REFERENCE.eq(reference))
                .fetchOptional()
                .map(r -> new EmspOcpi.Authorization(r.get(EMSP_AUTHORIZATION.REFERENCE), r.get(EMSP_CPO.NAME),
                        r.get(EMSP_AUTHORIZATION.TOKEN_UID), r.get(EMSP_AUTHORIZATION.TOKEN_TYPE),
                        r.get(EMSP_AUTHORIZATION.LOCATION_ID), r.get(EMSP_AUTHORIZATION.ISSUED_AT),
                        r.get(EMSP_AUTHORIZATION.SESSION_ID), r.get(EMSP_AUTHORIZATION.CDR_ID)));
    }
}
