package io.evstack.ocpi.tariffs;

import static io.evstack.db.generated.Tables.OCPI_TARIFF;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.ocpi.OcpiConfig;
import io.evstack.ocpi.transport.OcpiException;
import io.evstack.ocpi.transport.OcpiJson;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Tariffs the operator defines in OCPI form (section 11.3.1). The operator sends the Tariff without
 * country_code, party_id, id and last_updated; the bridge sets them. Stored as the JSON sent out, so
 * what eMSPs see is exactly what CDRs are priced with.
 */
public final class TariffService {
    public record StoredTariff(String id, ObjectNode body, Instant lastUpdated) {}

    private static final List<String> DIMENSIONS = List.of("ENERGY", "FLAT", "PARKING_TIME", "TIME");

    private final DSLContext dsl;
    private final Clock clock;
    private final OcpiConfig config;

    public TariffService(DSLContext dsl, Clock clock, OcpiConfig config) {
        this.dsl = dsl;
        this.clock = clock;
        this.config = config;
    }

    public StoredTariff put(String id, ObjectNode tariff) {
        if (id == null || id.isBlank() || id.length() > 36) {
            throw OcpiException.invalid("tariff id must be 1 to 36 characters");
        }
        validate(tariff);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        tariff.put("country_code", config.countryCode());
        tariff.put("party_id", config.partyId());
        tariff.put("id", id);
        tariff.put("last_updated", now.toString());
        dsl.deleteFrom(OCPI_TARIFF).where(OCPI_TARIFF.TARIFF_ID.eq(id)).execute();
        dsl.insertInto(OCPI_TARIFF).set(OCPI_TARIFF.TARIFF_ID, id).set(OCPI_TARIFF.CURRENCY, tariff.get("currency").asText())
                .set(OCPI_TARIFF.BODY, OcpiJson.write(tariff)).set(OCPI_TARIFF.LAST_UPDATED, now).execute();
        return new StoredTariff(id, tariff, now);
    }

    public boolean delete(String id) {
        return dsl.deleteFrom(OCPI_TARIFF).where(OCPI_TARIFF.TARIFF_ID.eq(id)).execute() == 1;
    }

    public Optional<StoredTariff> find(String id) {
        return dsl.selectFrom(OCPI_TARIFF).where(OCPI_TARIFF.TARIFF_ID.eq(id)).fetchOptional()
                .map(r -> new StoredTariff(r.getTariffId(), OcpiJson.read(r.getBody(), ObjectNode.class), r.getLastUpdated()));
    }

    /** Oldest first (section 4.1.4.1 advice), then by id. */
    public List<StoredTariff> all() {
        return dsl.selectFrom(OCPI_TARIFF).orderBy(OCPI_TARIFF.LAST_UPDATED, OCPI_TARIFF.TARIFF_ID)
                .fetch(r -> new StoredTariff(r.getTariffId(), OcpiJson.read(r.getBody(), ObjectNode.class), r.getLastUpdated()));
    }

    private static void validate(ObjectNode t) {
        JsonNode currency = t.get("currency");
        if (currency == null || !currency.isTextual() || currency.asText().length() != 3) {
            throw OcpiException.invalid("currency must be an ISO 4217 code");
        }
        JsonNode elements = t.get("elements");
        if (elements == null || !elements.isArray() || elements.isEmpty()) {
            throw OcpiException.invalid("elements must hold at least one TariffElement (section 11.4.4)");
        }
        for (JsonNode e : elements) {
            JsonNode pcs = e.get("price_components");
            if (pcs == null || !pcs.isArray() || pcs.isEmpty()) {
                throw OcpiException.invalid("every element needs price_components");
            }
            for (JsonNode pc : pcs) {
                if (!DIMENSIONS.contains(pc.path("type").asText()) || !pc.path("price").isNumber()
                        || !pc.path("step_size").canConvertToInt() || pc.path("step_size").asInt() < 0) {
                    throw OcpiException.invalid("a PriceComponent needs type (ENERGY, FLAT, PARKING_TIME, TIME), "
                            + "a numeric price and a step_size (section 11.4.2)");
                }
            }
        }
    }
}
