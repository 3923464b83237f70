package io.evstack.emsp.ocpi;

import static io.evstack.db.generated.Tables.EMSP_CDR_PRICE;
import static io.evstack.db.generated.Tables.EMSP_CPO;
import static io.evstack.db.generated.Tables.EMSP_OCPI_OBJECT;

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

    /** The CPO that sent the object with this id (the latest received, should two CPOs use one id). */
    Optional<Long> cpoOf(String module, String objectId) {
        return dsl.select(EMSP_OCPI_OBJECT.CPO_PK).from(EMSP_OCPI_OBJECT)
                .where(EMSP_OCPI_OBJECT.MODULE.eq(module), EMSP_OCPI_OBJECT.OBJECT_ID.eq(objectId))
                .orderBy(EMSP_OCPI_OBJECT.RECEIVED_AT.desc()).limit(1).fetchOptional(EMSP_OCPI_OBJECT.CPO_PK);
    }

    void putObject(long cpoPk, String module, String country, String party, String id, String body, Instant now) {
        dsl.insertInto(EMSP_OCPI_OBJECT).set(EMSP_OCPI_OBJECT.CPO_PK, cpoPk).set(EMSP_OCPI_OBJECT.MODULE, module)
                .set(EMSP_OCPI_OBJECT.COUNTRY_CODE, country).set(EMSP_OCPI_OBJECT.PARTY_ID, party)
                .set(EMSP_OCPI_OBJECT.OBJECT_ID, id).set(EMSP_OCPI_OBJECT.BODY, body).set(EMSP_OCPI_OBJECT.RECEIVED_AT, now)
                .onDuplicateKeyUpdate().set(EMSP_OCPI_OBJECT.BODY, body).set(EMSP_OCPI_OBJECT.RECEIVED_AT, now).execute();
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
