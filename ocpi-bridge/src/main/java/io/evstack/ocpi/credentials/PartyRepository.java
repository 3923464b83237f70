package io.evstack.ocpi.credentials;

import static io.evstack.db.generated.Tables.OCPI_PARTY;
import static io.evstack.db.generated.Tables.OCPI_PARTY_ROLE;

import com.fasterxml.jackson.core.type.TypeReference;
import io.evstack.db.generated.tables.records.OcpiPartyRecord;
import io.evstack.ocpi.transport.OcpiJson;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** Parties, their roles and their tokens. Incoming tokens are looked up by hash only. */
public final class PartyRepository {
    private static final TypeReference<List<Credentials.Endpoint>> ENDPOINTS = new TypeReference<>() {};
    private final DSLContext dsl;

    public PartyRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public long insert(String name, String status, String incomingHash, String incomingKind, String outgoingToken,
            boolean base64, String versionsUrl, Instant now) {
        OcpiPartyRecord r = dsl.newRecord(OCPI_PARTY);
        r.setName(name);
        r.setStatus(status);
        r.setIncomingTokenHash(incomingHash);
        r.setIncomingTokenKind(incomingKind);
        r.setOutgoingToken(outgoingToken);
        r.setTokenBase64(base64);
        r.setVersionsUrl(versionsUrl);
        r.setCreatedAt(now);
        r.setUpdatedAt(now);
        r.store();
        return r.getId();
    }

    public Optional<Party> byIncomingHash(String hash) {
        return dsl.selectFrom(OCPI_PARTY).where(OCPI_PARTY.INCOMING_TOKEN_HASH.eq(hash)).fetchOptional().map(this::toDomain);
    }

    public Optional<Party> find(long pk) {
        return dsl.selectFrom(OCPI_PARTY).where(OCPI_PARTY.ID.eq(pk)).fetchOptional().map(this::toDomain);
    }

    public List<Party> list() {
        // fetch() first: toDomain queries again, and mapping inside fetch(mapper) would do so while this
        // query still holds its pooled connection (two per caller: a pool-wide deadlock under load).
        return dsl.selectFrom(OCPI_PARTY).orderBy(OCPI_PARTY.ID).fetch().map(this::toDomain);
    }

    public List<Party> registered() {
        return dsl.selectFrom(OCPI_PARTY).where(OCPI_PARTY.STATUS.eq(Party.REGISTERED)).orderBy(OCPI_PARTY.ID)
                .fetch().map(this::toDomain);
    }

    /** Records a completed handshake: tokens both ways, version, endpoints and roles. */
    public void registered(long pk, String incomingHash, String incomingKind, String outgoingToken, String versionsUrl,
            String version, List<Credentials.Endpoint> endpoints, List<Credentials.Role> roles, Instant now) {
        dsl.update(OCPI_PARTY)
                .set(OCPI_PARTY.STATUS, Party.REGISTERED)
                .set(OCPI_PARTY.INCOMING_TOKEN_HASH, incomingHash)
                .set(OCPI_PARTY.INCOMING_TOKEN_KIND, incomingKind)
                .set(OCPI_PARTY.OUTGOING_TOKEN, outgoingToken)
                .set(OCPI_PARTY.VERSIONS_URL, versionsUrl)
                .set(OCPI_PARTY.VERSION, version)
                .set(OCPI_PARTY.ENDPOINTS, OcpiJson.write(endpoints))
                .set(OCPI_PARTY.UPDATED_AT, now)
                .where(OCPI_PARTY.ID.eq(pk))
                .execute();
        dsl.deleteFrom(OCPI_PARTY_ROLE).where(OCPI_PARTY_ROLE.PARTY_PK.eq(pk)).execute();
        for (Credentials.Role role : roles) {
            dsl.insertInto(OCPI_PARTY_ROLE)
                    .set(OCPI_PARTY_ROLE.PARTY_PK, pk)
                    .set(OCPI_PARTY_ROLE.ROLE, role.role().toUpperCase())
                    .set(OCPI_PARTY_ROLE.COUNTRY_CODE, role.countryCode().toUpperCase())
                    .set(OCPI_PARTY_ROLE.PARTY_CODE, role.partyId().toUpperCase())
                    .set(OCPI_PARTY_ROLE.BUSINESS_NAME, role.businessDetails() == null ? null : role.businessDetails().name())
                    .execute();
        }
    }

    /** Unregistration (section 7.2.4): no token works any more, either way. */
    public void unregistered(long pk, Instant now) {
        dsl.update(OCPI_PARTY)
                .set(OCPI_PARTY.STATUS, Party.UNREGISTERED)
                .setNull(OCPI_PARTY.INCOMING_TOKEN_HASH)
                .setNull(OCPI_PARTY.INCOMING_TOKEN_KIND)
                .setNull(OCPI_PARTY.OUTGOING_TOKEN)
                .set(OCPI_PARTY.UPDATED_AT, now)
                .where(OCPI_PARTY.ID.eq(pk))
                .execute();
    }

    public void setBase64(long pk, boolean base64, Instant now) {
        dsl.update(OCPI_PARTY).set(OCPI_PARTY.TOKEN_BASE64, base64).set(OCPI_PARTY.UPDATED_AT, now)
                .where(OCPI_PARTY.ID.eq(pk)).execute();
    }

    public void delete(long pk) {
        dsl.deleteFrom(OCPI_PARTY).where(OCPI_PARTY.ID.eq(pk)).execute();
    }

    private Party toDomain(OcpiPartyRecord r) {
        List<Credentials.Role> roles = dsl.selectFrom(OCPI_PARTY_ROLE).where(OCPI_PARTY_ROLE.PARTY_PK.eq(r.getId()))
                .orderBy(OCPI_PARTY_ROLE.ID)
                .fetch(x -> new Credentials.Role(x.getRole(), new Credentials.BusinessDetails(x.getBusinessName(), null),
                        x.getPartyCode(), x.getCountryCode()));
        List<Credentials.Endpoint> endpoints = List.of();
        if (r.getEndpoints() != null) {
            try {
                endpoints = OcpiJson.MAPPER.readValue(r.getEndpoints(), ENDPOINTS);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("stored endpoints of party " + r.getId() + " unreadable", e);
            }
        }
        return new Party(r.getId(), r.getName(), r.getStatus(), r.getIncomingTokenKind(), r.getOutgoingToken(),
                Boolean.TRUE.equals(r.getTokenBase64()), r.getVersionsUrl(), r.getVersion(), endpoints, roles,
                r.getUpdatedAt());
    }
}
