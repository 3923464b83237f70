package io.evstack.emsp.roaming;

import static io.evstack.db.generated.Tables.EMSP_OCPI_OBJECT;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.emsp.web.Json;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Read side of what the CPOs pushed to us (emsp_ocpi_object, V5): locations, tariffs, sessions and CDRs
 * as OCPI 2.2.1 JSON, the only view of a CPO's chargers the eMSP has.
 */
public final class RoamingObjects {
    public static final String LOCATIONS = "locations";
    public static final String TARIFFS = "tariffs";
    public static final String SESSIONS = "sessions";
    public static final String CDRS = "cdrs";

    /** One object and the CPO party that owns it. */
    public record Stored(String countryCode, String partyId, String id, JsonNode body) {}

    private final DSLContext dsl;

    public RoamingObjects(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<Stored> all(String module) {
        return fetch(EMSP_OCPI_OBJECT.MODULE.eq(module));
    }

    public Optional<Stored> one(String module, String countryCode, String partyId, String id) {
        return fetch(EMSP_OCPI_OBJECT.MODULE.eq(module).and(EMSP_OCPI_OBJECT.COUNTRY_CODE.eq(countryCode))
                .and(EMSP_OCPI_OBJECT.PARTY_ID.eq(partyId)).and(EMSP_OCPI_OBJECT.OBJECT_ID.eq(id))).stream().findFirst();
    }

    /**
     * Sessions or CDRs whose {@code cdr_token.uid} is one of {@code tokenUids}. The body is JSON text, so
     * the database narrows by a substring match and the exact field is checked here.
     */
    public List<Stored> ofTokens(String module, Collection<String> tokenUids) {
        if (tokenUids.isEmpty()) {
            return List.of();
        }
        Condition mentions = DSL.or(tokenUids.stream()
                .map(uid -> EMSP_OCPI_OBJECT.BODY.contains("\"" + uid + "\"")).toList());
        return fetch(EMSP_OCPI_OBJECT.MODULE.eq(module).and(mentions)).stream()
                .filter(o -> tokenUids.contains(o.body().path("cdr_token").path("uid").asText(null)))
                .toList();
    }

    private List<Stored> fetch(Condition condition) {
        var rows = dsl.select(EMSP_OCPI_OBJECT.COUNTRY_CODE, EMSP_OCPI_OBJECT.PARTY_ID, EMSP_OCPI_OBJECT.OBJECT_ID,
                EMSP_OCPI_OBJECT.BODY).from(EMSP_OCPI_OBJECT).where(condition).orderBy(EMSP_OCPI_OBJECT.PK).fetch();
        return rows.stream().map(r -> new Stored(r.value1(), r.value2(), r.value3(), Json.tree(r.value4()))).toList();
    }
}
