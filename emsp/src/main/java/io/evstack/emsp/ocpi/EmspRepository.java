package io.evstack.emsp.ocpi;

import static io.evstack.db.generated.Tables.EMSP_AUTHORIZATION;
import static io.evstack.db.generated.Tables.EMSP_CDR_PRICE;
import static io.evstack.db.generated.Tables.EMSP_COMMAND;
import static io.evstack.db.generated.Tables.EMSP_CPO;
import static io.evstack.db.generated.Tables.EMSP_OCPI_OBJECT;
import static io.evstack.db.generated.Tables.EMSP_PULL_SYNC;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;

/** The eMSP's OCPI tables: CPOs we registered with, objects they pushed, our CDR prices. */
final class EmspRepository {
    record Cpo(long pk, String name, String tokenC, String endpoints) {}

    record CdrPrice(String cdrId, String currency, BigDecimal cpoExclVat, BigDecimal engineExclVat,
            BigDecimal engineInclVat, boolean mismatch) {}

    private final DSLContext dsl;

    EmspRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    long insertCpo(String name, String versionsUrl, String tokenBHash, Instant now) {
        return dsl.insertInto(EMSP_CPO).set(EMSP_CPO.NAME, name).set(EMSP_CPO.VERSIONS_URL, versionsUrl)
                .set(EMSP_CPO.TOKEN_B_HASH, tokenBHash).set(EMSP_CPO.STATUS, "REGISTERING").set(EMSP_CPO.UPDATED_AT, now)
                .returningResult(EMSP_CPO.PK).fetchOne().value1();
    }

    void registered(long pk, String tokenC, String countryCode, String partyId, String endpoints, Instant now) {
        dsl.update(EMSP_CPO).set(EMSP_CPO.TOKEN_C, tokenC).set(EMSP_CPO.COUNTRY_CODE, countryCode)
                .set(EMSP_CPO.PARTY_ID, partyId).set(EMSP_CPO.ENDPOINTS, endpoints).set(EMSP_CPO.STATUS, "REGISTERED")
                .set(EMSP_CPO.UPDATED_AT, now).where(EMSP_CPO.PK.eq(pk)).execute();
    }

    /**
     * A new registration with the same CPO (its country code and party id) replaces the older ones: the CPO
     * forgets their tokens (OCPI 2.2.1 section 7.1.1, a party registers once), so their rows would only
     * hold dead credentials. What was received and sent under them moves to the new registration.
     */
    void supersede(long pk, String countryCode, String partyId) {
        dsl.transaction(cfg -> {
            var tx = cfg.dsl();
            var older = tx.select(EMSP_CPO.PK).from(EMSP_CPO).where(EMSP_CPO.COUNTRY_CODE.eq(countryCode),
                    EMSP_CPO.PARTY_ID.eq(partyId), EMSP_CPO.PK.ne(pk)).fetch(EMSP_CPO.PK);
            if (older.isEmpty()) return;
            tx.update(EMSP_OCPI_OBJECT).set(EMSP_OCPI_OBJECT.CPO_PK, pk).where(EMSP_OCPI_OBJECT.CPO_PK.in(older)).execute();
            tx.update(EMSP_COMMAND).set(EMSP_COMMAND.CPO_PK, pk).where(EMSP_COMMAND.CPO_PK.in(older)).execute();
            tx.update(EMSP_AUTHORIZATION).set(EMSP_AUTHORIZATION.CPO_PK, pk).where(EMSP_AUTHORIZATION.CPO_PK.in(older))
                    .execute();
            tx.deleteFrom(EMSP_PULL_SYNC).where(EMSP_PULL_SYNC.CPO_PK.eq(pk)).execute();
            // the newest older registration's sync marks carry on; the rest go
            long newest = older.stream().mapToLong(Long::longValue).max().orElseThrow();
            tx.update(EMSP_PULL_SYNC).set(EMSP_PULL_SYNC.CPO_PK, pk).where(EMSP_PULL_SYNC.CPO_PK.eq(newest)).execute();
            tx.deleteFrom(EMSP_PULL_SYNC).where(EMSP_PULL_SYNC.CPO_PK.in(older)).execute();
            tx.deleteFrom(EMSP_CPO).where(EMSP_CPO.PK.in(older)).execute();
        });
    }

    java.util.List<EmspOcpi.CpoView> cpoViews() {
        return dsl.selectFrom(EMSP_CPO).orderBy(EMSP_CPO.PK).fetch(r -> new EmspOcpi.CpoView(r.getPk(), r.getName(),
                r.getVersionsUrl(), r.getCountryCode(), r.getPartyId(), r.getStatus()));
    }

    boolean isRegistered(String versionsUrl, String countryCode, String partyId) {
        var same = EMSP_CPO.VERSIONS_URL.eq(versionsUrl);
        if (countryCode != null && partyId != null) {
            same = same.or(EMSP_CPO.COUNTRY_CODE.eq(countryCode).and(EMSP_CPO.PARTY_ID.eq(partyId)));
        }
        return dsl.fetchExists(EMSP_CPO, EMSP_CPO.STATUS.eq("REGISTERED").and(same));
    }

    /** Every CPO row, registered or not (for tests and the operator). */
    int cpoCount() {
        return dsl.fetchCount(EMSP_CPO);
    }

    void deleteCpo(long pk) {
        dsl.deleteFrom(EMSP_CPO).where(EMSP_CPO.PK.eq(pk)).execute();
    }

    Optional<Cpo> cpoByTokenB(String hash) {
        return dsl.selectFrom(EMSP_CPO).where(EMSP_CPO.TOKEN_B_HASH.eq(hash)).fetchOptional()
                .map(r -> new Cpo(r.getPk(), r.getName(), r.getTokenC(), r.getEndpoints()));
    }

    java.util.List<Cpo> registeredCpos() {
        return dsl.selectFrom(EMSP_CPO).where(EMSP_CPO.STATUS.eq("REGISTERED"))
                .fetch(r -> new Cpo(r.getPk(), r.getName(), r.getTokenC(), r.getEndpoints()));
    }

    /** The registered CPO with this OCPI identity (its role in the credentials it answered). */
    Optional<Cpo> registeredCpo(String countryCode, String partyId) {
        return dsl.selectFrom(EMSP_CPO).where(EMSP_CPO.STATUS.eq("REGISTERED"), EMSP_CPO.COUNTRY_CODE.eq(countryCode),
                EMSP_CPO.PARTY_ID.eq(partyId)).orderBy(EMSP_CPO.PK.desc()).limit(1).fetchOptional()
                .map(r -> new Cpo(r.getPk(), r.getName(), r.getTokenC(), r.getEndpoints()));
    }

    Optional<Cpo> registeredCpo(long pk) {
        return dsl.selectFrom(EMSP_CPO).where(EMSP_CPO.STATUS.eq("REGISTERED"), EMSP_CPO.PK.eq(pk)).fetchOptional()
                .map(r -> new Cpo(r.getPk(), r.getName(), r.getTokenC(), r.getEndpoints()));
    }

    /**
     * The id of the session of this CPO that carries our authorization_reference (section 9.3.1: the CPO
     * copies it from START_SESSION), if it has arrived. The LIKE narrows the rows; the parsed field decides.
     */
    Optional<String> sessionWithReference(long cpoPk, String authorizationReference) {
        var rows = dsl.select(EMSP_OCPI_OBJECT.OBJECT_ID, EMSP_OCPI_OBJECT.BODY).from(EMSP_OCPI_OBJECT)
                .where(EMSP_OCPI_OBJECT.MODULE.eq("sessions"), EMSP_OCPI_OBJECT.CPO_PK.eq(cpoPk),
                        EMSP_OCPI_OBJECT.BODY.contains(authorizationReference))
                .fetch();
        return rows.stream().filter(r -> authorizationReference.equals(
                        EmspOcpi.read(r.value2()).path("authorization_reference").asText(null)))
                .map(r -> r.value1()).findFirst();
    }

    void putObject(long cpoPk, String module, String country, String party, String id, String body, Instant now) {
        dsl.insertInto(EMSP_OCPI_OBJECT).set(EMSP_OCPI_OBJECT.CPO_PK, cpoPk).set(EMSP_OCPI_OBJECT.MODULE, module)
                .set(EMSP_OCPI_OBJECT.COUNTRY_CODE, country).set(EMSP_OCPI_OBJECT.PARTY_ID, party)
                .set(EMSP_OCPI_OBJECT.OBJECT_ID, id).set(EMSP_OCPI_OBJECT.BODY, body).set(EMSP_OCPI_OBJECT.RECEIVED_AT, now)
                .onDuplicateKeyUpdate().set(EMSP_OCPI_OBJECT.BODY, body).set(EMSP_OCPI_OBJECT.RECEIVED_AT, now).execute();
        if ("sessions".equals(module) || "cdrs".equals(module)) {
            // pushed or pulled, put or patched: every Session and CDR passes here
            new AuthorizationRepository(dsl).link(cpoPk, module, id, EmspOcpi.read(body));
        }
    }

    Optional<String> object(String module, String country, String party, String id) {
        return dsl.select(EMSP_OCPI_OBJECT.BODY).from(EMSP_OCPI_OBJECT).where(EMSP_OCPI_OBJECT.MODULE.eq(module),
                EMSP_OCPI_OBJECT.COUNTRY_CODE.eq(country), EMSP_OCPI_OBJECT.PARTY_ID.eq(party),
                EMSP_OCPI_OBJECT.OBJECT_ID.eq(id)).fetchOptional(EMSP_OCPI_OBJECT.BODY);
    }

    void putPrice(String country, String party, String cdrId, String currency, BigDecimal cpoExcl, BigDecimal cpoIncl,
            BigDecimal excl, BigDecimal incl, boolean mismatch, Instant now) {
        dsl.insertInto(EMSP_CDR_PRICE).set(EMSP_CDR_PRICE.COUNTRY_CODE, country).set(EMSP_CDR_PRICE.PARTY_ID, party)
                .set(EMSP_CDR_PRICE.CDR_ID, cdrId).set(EMSP_CDR_PRICE.CURRENCY, currency)
                .set(EMSP_CDR_PRICE.CPO_EXCL_VAT, cpoExcl).set(EMSP_CDR_PRICE.CPO_INCL_VAT, cpoIncl)
                .set(EMSP_CDR_PRICE.ENGINE_EXCL_VAT, excl).set(EMSP_CDR_PRICE.ENGINE_INCL_VAT, incl)
                .set(EMSP_CDR_PRICE.MISMATCH, mismatch).set(EMSP_CDR_PRICE.PRICED_AT, now)
                .onDuplicateKeyIgnore().execute();
    }

    Optional<CdrPrice> price(String cdrId) {
        return dsl.selectFrom(EMSP_CDR_PRICE).where(EMSP_CDR_PRICE.CDR_ID.eq(cdrId)).fetchOptional()
                .map(r -> new CdrPrice(r.getCdrId(), r.getCurrency(), r.getCpoExclVat(), r.getEngineExclVat(),
                        r.getEngineInclVat(), r.getMismatch()));
    }
}
