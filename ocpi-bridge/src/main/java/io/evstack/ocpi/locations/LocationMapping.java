package io.evstack.ocpi.locations;

import static io.evstack.db.generated.Tables.OCPI_LOCATION_CHARGER;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * Which OCPI location, EVSE and connector a CSMS charger connector is, in one place (smart charging's
 * sites will group chargers here too).
 * <ul>
 *   <li>Location: the one the operator put the charger in ({@code ocpi_location_charger}), else a
 *       location of its own whose id is the charge point id.</li>
 *   <li>EVSE: one per OCPP 1.6 connector (each can charge on its own), uid {@code <chargePointId>-<n>};
 *       EVSE id in eMI3 form {@code <country>*<party>*E<chargePointId><n>} (section 8.3.2, evse_id).</li>
 *   <li>Connector: the EVSE's only connector, id "1", with the attributes the operator gave it
 *       ({@code ocpi_connector}).</li>
 * </ul>
 * The location of a charger and its connectors' attributes are read for every session update, price and CDR
 * (about eight reads per transaction), and change only through the operator API: they are cached, written
 * through here, and re-read after {@link #CACHED_FOR} so that a change made by another node shows there too.
 */
public final class LocationMapping {
    public record EvseRef(String chargePointId, int connectorId) {}

    static final Duration CACHED_FOR = Duration.ofSeconds(10);

    private final DSLContext dsl;
    private final String countryCode;
    private final String partyId;
    private final Cache<String, String> locationIds = cache();
    private final Cache<String, Map<Integer, LocationRepository.ConnectorAttributes>> connectors = cache();

    private static <V> Cache<String, V> cache() {
        return Caffeine.newBuilder().expireAfterWrite(CACHED_FOR).maximumSize(100_000).build();
    }

    public LocationMapping(DSLContext dsl, String countryCode, String partyId) {
        this.dsl = dsl;
        this.countryCode = countryCode;
        this.partyId = partyId;
    }

    public String locationId(String chargePointId) {
        return locationIds.get(chargePointId, this::readLocationId);
    }

    private String readLocationId(String chargePointId) {
        return dsl.select(OCPI_LOCATION_CHARGER.LOCATION_ID).from(OCPI_LOCATION_CHARGER)
                .where(OCPI_LOCATION_CHARGER.CHARGE_POINT_ID.eq(chargePointId)).fetchOptional(OCPI_LOCATION_CHARGER.LOCATION_ID)
                .orElse(defaultLocationId(chargePointId));
    }

    /** The chargers the operator grouped into a location (not those whose default location it is). */
    public List<String> groupedInto(String locationId) {
        return dsl.select(OCPI_LOCATION_CHARGER.CHARGE_POINT_ID).from(OCPI_LOCATION_CHARGER)
                .where(OCPI_LOCATION_CHARGER.LOCATION_ID.eq(locationId)).fetch(OCPI_LOCATION_CHARGER.CHARGE_POINT_ID);
    }

    /** Whether the operator grouped this charger into some location. */
    public boolean isGrouped(String chargePointId) {
        return dsl.fetchExists(OCPI_LOCATION_CHARGER, OCPI_LOCATION_CHARGER.CHARGE_POINT_ID.eq(chargePointId));
    }

    /** All explicit groupings: charge point id to location id. */
    public Map<String, String> groupings() {
        return dsl.selectFrom(OCPI_LOCATION_CHARGER).fetch().stream()
                .collect(Collectors.toMap(r -> r.getChargePointId(), r -> r.getLocationId()));
    }

    public void assign(String chargePointId, String locationId) {
        dsl.deleteFrom(OCPI_LOCATION_CHARGER).where(OCPI_LOCATION_CHARGER.CHARGE_POINT_ID.eq(chargePointId)).execute();
        dsl.insertInto(OCPI_LOCATION_CHARGER).set(OCPI_LOCATION_CHARGER.CHARGE_POINT_ID, chargePointId)
                .set(OCPI_LOCATION_CHARGER.LOCATION_ID, locationId).execute();
        locationIds.invalidate(chargePointId);
    }

    /** The OCPI attributes the operator gave the charger's connectors, by connector id (none: the defaults). */
    public Map<Integer, LocationRepository.ConnectorAttributes> connectorAttributes(String chargePointId) {
        return connectors.get(chargePointId, cp -> Map.copyOf(new LocationRepository(dsl).connectors(cp)));
    }

    public void saveConnectorAttributes(String chargePointId, int connectorId, LocationRepository.ConnectorAttributes a) {
        new LocationRepository(dsl).saveConnector(chargePointId, connectorId, a);
        connectors.invalidate(chargePointId);
    }

    public static String defaultLocationId(String chargePointId) {
        return chargePointId.length() <= 36 ? chargePointId : chargePointId.substring(0, 36);
    }

    public static String evseUid(String chargePointId, int connectorId) {
        return chargePointId + "-" + connectorId;
    }

    public static Optional<EvseRef> parseEvseUid(String uid) {
        int dash = uid.lastIndexOf('-');
        if (dash <= 0 || dash == uid.length() - 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new EvseRef(uid.substring(0, dash), Integer.parseInt(uid.substring(dash + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public String evseId(String chargePointId, int connectorId) {
        String clean = chargePointId.replaceAll("[^A-Za-z0-9]", "").toUpperCase();
        return countryCode + "*" + partyId + "*E" + clean + "*" + connectorId;
    }

    public static final String CONNECTOR_ID = "1";
}
