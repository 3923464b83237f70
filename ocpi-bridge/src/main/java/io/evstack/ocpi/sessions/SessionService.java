package io.evstack.ocpi.sessions;

import static io.evstack.db.generated.Tables.OCPI_SESSION;

import io.evstack.csms.transaction.Transaction;
import io.evstack.ocpi.OcpiConfig;
import io.evstack.ocpi.locations.LocationMapping;
import io.evstack.ocpi.push.Outbox;
import io.evstack.ocpi.tariffs.ChargingPeriods;
import io.evstack.ocpi.tariffs.TransactionPricing;
import io.evstack.ocpi.tokens.TokenService;
import io.evstack.ocpi.transport.OcpiJson;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jooq.DSLContext;

/**
 * Sessions (section 9, Sender) kept in step with the CSMS transactions: made when a transaction starts,
 * updated with each meter value, COMPLETED when it stops, with the charging periods and running cost of
 * the connector's tariff ({@link TransactionPricing}, the same arithmetic as the CDR) and the session-only
 * dimensions power, current and state of charge ({@link SessionPeriods}). Each change is
 * stored and its push to the token's eMSP is queued in the same database transaction: a PUT of the whole
 * Session when it is new, then a PATCH of what changes (section 9.1.1 and 9.2.2).
 */
public final class SessionService {
    /**
     * How the session was authorized and what the eMSP called it (START_SESSION's reference, or the one of a
     * real-time authorization); {@code token} is the eMSP's token when the CSMS knows only the id tag (a
     * token authorized in real time), else null.
     */
    public record Origin(String authMethod, String authorizationReference, OcpiSession.CdrToken token) {
        public Origin(String authMethod, String authorizationReference) {
            this(authMethod, authorizationReference, null);
        }
    }

    public record Stored(OcpiSession session, String ownerCountry, String ownerParty, Instant lastUpdated) {}

    private final DSLContext dsl;
    private final Clock clock;
    private final OcpiConfig config;
    private final TokenService tokens;
    private final LocationMapping mapping;
    private final TransactionPricing pricing;

    public SessionService(DSLContext dsl, Clock clock, OcpiConfig config, TokenService tokens, LocationMapping mapping,
            TransactionPricing pricing) {
        this.dsl = dsl;
        this.clock = clock;
        this.config = config;
        this.tokens = tokens;
        this.mapping = mapping;
        this.pricing = pricing;
    }

    public static String sessionId(long transactionId) {
        return Long.toString(transactionId);
    }

    /** The token's owner and CdrToken: the eMSP that pushed it, else ourselves (a CSMS id tag). */
    public OcpiSession.CdrToken cdrToken(String idTag) {
        return tokens.byUid(idTag)
                .map(t -> new OcpiSession.CdrToken(t.countryCode(), t.partyId(), t.uid(), t.type(), t.contractId()))
                .orElse(new OcpiSession.CdrToken(config.countryCode(), config.partyId(), idTag, "RFID", idTag));
    }

    /** Writes the session for the transaction as it is now and queues its push. */
    public OcpiSession update(Transaction tx, Origin origin) {
        return update(tx, origin, pricing.price(tx));
    }

    /**
     * {@link #update(Transaction, Origin)} with the transaction already priced: a stop prices it once for the
     * final session and the CDR.
     */
    public OcpiSession update(Transaction tx, Origin origin, TransactionPricing.Priced priced) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<Stored> previous = find(sessionId(tx.id()));
        OcpiSession.CdrToken token = previous.map(s -> s.session().cdrToken())
                .orElseGet(() -> origin.token() != null && tokens.byUid(tx.idTag()).isEmpty() ? origin.token() : cdrToken(tx.idTag()));
        Origin o = previous.map(s -> new Origin(s.session().authMethod(), s.session().authorizationReference()))
                .orElse(origin);
        OcpiSession session = new OcpiSession(config.countryCode(), config.partyId(), sessionId(tx.id()), tx.startTime(),
                tx.stopTime(), ChargingPeriods.kwh(tx.energyWh()), token, o.authMethod(), o.authorizationReference(),
                mapping.locationId(tx.chargePointId()), LocationMapping.evseUid(tx.chargePointId(), tx.connectorId()),
                LocationMapping.CONNECTOR_ID, priced.currency(),
                SessionPeriods.of(priced.readings(), priced.samples(), priced.tariffId(), tx.active()),
                new OcpiSession.Price(priced.cost().exclVat(), priced.cost().inclVat()),
                tx.active() ? "ACTIVE" : "COMPLETED", now);
        boolean ours = unshared(session);
        // our own id tag's session is one statement (no push): no database transaction of its own
        Consumer<DSLContext> write = t -> {
            // a session's writes come from its charger's event lane, one after the other (the start-up CDR
            // recovery aside): the row read above is still there, or still missing, now
            if (previous.isPresent()) {
                t.update(OCPI_SESSION).set(OCPI_SESSION.BODY, OcpiJson.write(session)).set(OCPI_SESSION.LAST_UPDATED, now)
                        .where(OCPI_SESSION.SESSION_ID.eq(session.id())).execute();
            } else {
                t.insertInto(OCPI_SESSION).set(OCPI_SESSION.SESSION_ID, session.id()).set(OCPI_SESSION.TRANSACTION_ID, tx.id())
                        .set(OCPI_SESSION.COUNTRY_CODE, ours ? null : token.countryCode())
                        .set(OCPI_SESSION.PARTY_CODE, ours ? null : token.partyId())
                        .set(OCPI_SESSION.BODY, OcpiJson.write(session)).set(OCPI_SESSION.LAST_UPDATED, now).execute();
            }
            if (!ours) {
                String path = "/" + config.countryCode() + "/" + config.partyId() + "/" + session.id();
                if (previous.isEmpty()) {
                    new Outbox(t).toOwner(token.countryCode(), token.partyId(), "sessions", "PUT", path, session, now);
                } else {
                    new Outbox(t).toOwner(token.countryCode(), token.partyId(), "sessions", "PATCH", path, patch(session), now);
                }
            }
        };
        if (ours) {
            write.accept(dsl);
        } else {
            dsl.transaction(cfg -> write.accept(cfg.dsl()));
        }
        return session;
    }

    /**
     * Whether the session is of one of our own id tags (no eMSP owns it): it is pushed to nobody, and GET
     * /sessions lists it to nobody (section 4.1.4.1).
     */
    public boolean unshared(OcpiSession session) {
        return config.isOwnParty(session.cdrToken().countryCode(), session.cdrToken().partyId());
    }

    /**
     * What changes during a session (section 9.2.2.3: only the fields to update, and always last_updated).
     * charging_periods is sent whole: a PATCH replaces a field, and the latest period grows as it runs.
     */
    static Map<String, Object> patch(OcpiSession s) {
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("kwh", s.kwh());
        patch.put("charging_periods", s.chargingPeriods());
        patch.put("total_cost", s.totalCost());
        patch.put("status", s.status());
        if (s.endDateTime() != null) {
            patch.put("end_date_time", s.endDateTime());
        }
        patch.put("last_updated", s.lastUpdated());
        return patch;
    }

    public Optional<Stored> find(String sessionId) {
        return dsl.selectFrom(OCPI_SESSION).where(OCPI_SESSION.SESSION_ID.eq(sessionId)).fetchOptional()
                .map(r -> new Stored(OcpiJson.read(r.getBody(), OcpiSession.class), r.getCountryCode(), r.getPartyCode(),
                        r.getLastUpdated()));
    }

    /** Oldest first, only those of tokens the caller owns (section 4.1.4.1: "available to this client"). */
    public List<Stored> visibleTo(java.util.function.BiPredicate<String, String> owns) {
        return dsl.selectFrom(OCPI_SESSION).where(OCPI_SESSION.COUNTRY_CODE.isNotNull())
                .orderBy(OCPI_SESSION.LAST_UPDATED, OCPI_SESSION.SESSION_ID).fetch().stream()
                .filter(r -> owns.test(r.getCountryCode(), r.getPartyCode()))
                .map(r -> new Stored(OcpiJson.read(r.getBody(), OcpiSession.class), r.getCountryCode(), r.getPartyCode(),
                        r.getLastUpdated()))
                .toList();
    }
}
