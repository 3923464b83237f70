package io.evstack.ocpi.cdrs;

import static io.evstack.db.generated.Tables.OCPI_CDR;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.csms.transaction.Transaction;
import io.evstack.ocpi.OcpiConfig;
import io.evstack.ocpi.locations.LocationMapping;
import io.evstack.ocpi.locations.OcpiLocation;
import io.evstack.ocpi.push.Outbox;
import io.evstack.ocpi.sessions.OcpiSession;
import io.evstack.ocpi.sessions.SessionService;
import io.evstack.ocpi.tariffs.ChargingPeriods;
import io.evstack.ocpi.tariffs.TariffService;
import io.evstack.ocpi.tariffs.TransactionPricing;
import io.evstack.ocpi.transport.OcpiJson;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * CDRs (section 10, Sender): one per finished transaction, made once and never changed (section 10:
 * "CDRs are final"; a correction would be a new CDR with a credit, not an edit). The unique key on the
 * transaction makes a replayed StopTransaction or a second event harmless, and the CDR's POST to the
 * token's eMSP (section 10.2.2) is queued in the same database transaction as the CDR itself, so a CDR
 * is never without its push and never pushed as two CDRs.
 */
public final class CdrService {
    public record Stored(String id, ObjectNode body, String ownerCountry, String ownerParty, Instant lastUpdated) {}

    private final DSLContext dsl;
    private final Clock clock;
    private final OcpiConfig config;
    private final LocationMapping mapping;

    public CdrService(DSLContext dsl, Clock clock, OcpiConfig config, LocationMapping mapping) {
        this.dsl = dsl;
        this.clock = clock;
        this.config = config;
        this.mapping = mapping;
    }

    public static String cdrId(long transactionId) {
        return "CDR-" + transactionId;
    }

    /**
     * Makes the CDR of a stopped transaction, unless it exists; the CDR either way. {@code priced} is the
     * transaction's pricing, the same the final session was written with.
     */
    public Optional<OcpiCdr> create(Transaction tx, OcpiSession session, OcpiLocation location,
            TransactionPricing.Priced priced) {
        if (tx.active()) {
            return Optional.empty();
        }
        Optional<Stored> existing = find(cdrId(tx.id()));
        if (existing.isPresent()) {
            return Optional.of(OcpiJson.read(OcpiJson.write(existing.get().body()), OcpiCdr.class));
        }
        var attrs = priced.connector();
        var tariff = priced.tariff();
        String currency = priced.currency();
        var periods = priced.periods();
        var cost = priced.cost();
        long energyWh = tx.energyWh();
        long totalSeconds = Math.max(0, java.time.Duration.between(tx.startTime(), tx.stopTime()).toSeconds());

        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        var loc = location;
        var evse = loc == null ? null : loc.evse(LocationMapping.evseUid(tx.chargePointId(), tx.connectorId()));
        var cdrLocation = new OcpiCdr.CdrLocation(session.locationId(), loc == null ? null : loc.name(),
                loc == null ? config.defaultAddress() : loc.address(), loc == null ? config.defaultCity() : loc.city(),
                loc == null ? null : loc.postalCode(), loc == null ? config.defaultCountry() : loc.country(),
                loc == null ? new OcpiLocation.GeoLocation(config.defaultLatitude(), config.defaultLongitude())
                        : loc.coordinates(),
                session.evseUid(), evse == null ? mapping.evseId(tx.chargePointId(), tx.connectorId()) : evse.evseId(),
                LocationMapping.CONNECTOR_ID, attrs.standard(), attrs.format(), attrs.powerType());
        OcpiCdr cdr = new OcpiCdr(config.countryCode(), config.partyId(), cdrId(tx.id()), tx.startTime(), tx.stopTime(),
                session.id(), session.cdrToken(), session.authMethod(), session.authorizationReference(), cdrLocation,
                currency, tariff.<List<Object>>map(t -> List.of(t.body())).orElse(null), periods.periods(),
                new OcpiSession.Price(cost.exclVat(), cost.inclVat()), price(cost.flat()), ChargingPeriods.kwh(energyWh),
                price(cost.energy()), ChargingPeriods.hours(totalSeconds), price(cost.time()),
                ChargingPeriods.hours(periods.parkingSeconds()), price(cost.parking()), now);
        var token = session.cdrToken();
        boolean ours = config.isOwnParty(token.countryCode(), token.partyId());
        // our own id tag's CDR is one statement (no push): no database transaction of its own
        Consumer<DSLContext> write = t -> {
            t.insertInto(OCPI_CDR).set(OCPI_CDR.CDR_ID, cdr.id()).set(OCPI_CDR.TRANSACTION_ID, tx.id())
                    .set(OCPI_CDR.COUNTRY_CODE, ours ? null : token.countryCode())
                    .set(OCPI_CDR.PARTY_CODE, ours ? null : token.partyId())
                    .set(OCPI_CDR.BODY, OcpiJson.write(cdr)).set(OCPI_CDR.LAST_UPDATED, now).execute();
            if (!ours) {
                new Outbox(t).toOwner(token.countryCode(), token.partyId(), "cdrs", "POST", "", cdr, now);
            }
        };
        try {
            if (ours) {
                write.accept(dsl);
            } else {
                dsl.transaction(cfg -> write.accept(cfg.dsl()));
            }
        } catch (IntegrityConstraintViolationException alreadyMade) {
            // made concurrently by a replayed stop: the first one stands
        }
        return Optional.of(cdr);
    }

    private static OcpiSession.Price price(BigDecimal exclVat) {
        return exclVat.signum() == 0 ? null : new OcpiSession.Price(exclVat, null);
    }

    /** Which of these transactions already have their CDR. */
    public java.util.Set<Long> withCdr(java.util.Collection<Long> transactionIds) {
        return new java.util.HashSet<>(dsl.select(OCPI_CDR.TRANSACTION_ID).from(OCPI_CDR)
                .where(OCPI_CDR.TRANSACTION_ID.in(transactionIds)).fetch(OCPI_CDR.TRANSACTION_ID));
    }

    public Optional<Stored> find(String id) {
        return dsl.selectFrom(OCPI_CDR).where(OCPI_CDR.CDR_ID.eq(id)).fetchOptional()
                .map(r -> new Stored(r.getCdrId(), OcpiJson.read(r.getBody(), ObjectNode.class), r.getCountryCode(),
                        r.getPartyCode(), r.getLastUpdated()));
    }

    public List<Stored> visibleTo(java.util.function.BiPredicate<String, String> owns) {
        return dsl.selectFrom(OCPI_CDR).where(OCPI_CDR.COUNTRY_CODE.isNotNull())
                .orderBy(OCPI_CDR.LAST_UPDATED, OCPI_CDR.CDR_ID).fetch().stream()
                .filter(r -> owns.test(r.getCountryCode(), r.getPartyCode()))
                .map(r -> new Stored(r.getCdrId(), OcpiJson.read(r.getBody(), ObjectNode.class), r.getCountryCode(),
                        r.getPartyCode(), r.getLastUpdated()))
                .toList();
    }
}
