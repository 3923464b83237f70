package io.evstack.ocpi.locations;

import static io.evstack.db.generated.Tables.OCPI_CONNECTOR;
import static io.evstack.db.generated.Tables.OCPI_EVSE_STATE;
import static io.evstack.db.generated.Tables.OCPI_LOCATION;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/** The OCPI details the bridge keeps beside the CSMS: location details, connector attributes, EVSE state. */
public final class LocationRepository {

    /** What the operator set for a location (section 8.3.1 fields the CSMS does not know). */
    public record Details(String locationId, String name, String address, String city, String postalCode,
            String country, String latitude, String longitude, String timeZone, boolean publish, Instant lastUpdated) {}

    /** Section 8.3.3 attributes of a connector, and the tariff attached to it. */
    public record ConnectorAttributes(String standard, String format, String powerType, int maxVoltage,
            int maxAmperage, Integer maxElectricPower, String tariffId, Instant lastUpdated) {

        /** A 22 kW three-phase Type 2 socket: the commonest AC charger in Europe. */
        public static ConnectorAttributes defaults(Instant lastUpdated) {
            return new ConnectorAttributes("IEC_62196_T2", "SOCKET", "AC_3_PHASE", 230, 32, 22080, null, lastUpdated);
        }
    }

    public record EvseState(String status, Instant lastUpdated) {}

    private final DSLContext dsl;

    public LocationRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Optional<Details> details(String locationId) {
        return dsl.selectFrom(OCPI_LOCATION).where(OCPI_LOCATION.LOCATION_ID.eq(locationId)).fetchOptional()
                .map(r -> new Details(r.getLocationId(), r.getName(), r.getAddress(), r.getCity(), r.getPostalCode(),
                        r.getCountry(), r.getLatitude(), r.getLongitude(), r.getTimeZone(), Boolean.TRUE.equals(r.getPublish()),
                        r.getLastUpdated()));
    }

    public void saveDetails(Details d) {
        dsl.deleteFrom(OCPI_LOCATION).where(OCPI_LOCATION.LOCATION_ID.eq(d.locationId())).execute();
        dsl.insertInto(OCPI_LOCATION)
                .set(OCPI_LOCATION.LOCATION_ID, d.locationId())
                .set(OCPI_LOCATION.NAME, d.name())
                .set(OCPI_LOCATION.ADDRESS, d.address())
                .set(OCPI_LOCATION.CITY, d.city())
                .set(OCPI_LOCATION.POSTAL_CODE, d.postalCode())
                .set(OCPI_LOCATION.COUNTRY, d.country())
                .set(OCPI_LOCATION.LATITUDE, d.latitude())
                .set(OCPI_LOCATION.LONGITUDE, d.longitude())
                .set(OCPI_LOCATION.TIME_ZONE, d.timeZone())
                .set(OCPI_LOCATION.PUBLISH, d.publish())
                .set(OCPI_LOCATION.LAST_UPDATED, d.lastUpdated())
                .execute();
    }

    public Map<Integer, ConnectorAttributes> connectors(String chargePointId) {
        return dsl.selectFrom(OCPI_CONNECTOR).where(OCPI_CONNECTOR.CHARGE_POINT_ID.eq(chargePointId)).fetch().stream()
                .collect(Collectors.toMap(r -> r.getConnectorId(), r -> new ConnectorAttributes(r.getStandard(),
                        r.getConnectorFormat(), r.getPowerType(), r.getMaxVoltage(), r.getMaxAmperage(),
                        r.getMaxElectricPower(), r.getTariffId(), r.getLastUpdated())));
    }

    public void saveConnector(String chargePointId, int connectorId, ConnectorAttributes a) {
        dsl.deleteFrom(OCPI_CONNECTOR).where(OCPI_CONNECTOR.CHARGE_POINT_ID.eq(chargePointId))
                .and(OCPI_CONNECTOR.CONNECTOR_ID.eq(connectorId)).execute();
        dsl.insertInto(OCPI_CONNECTOR)
                .set(OCPI_CONNECTOR.CHARGE_POINT_ID, chargePointId)
                .set(OCPI_CONNECTOR.CONNECTOR_ID, connectorId)
                .set(OCPI_CONNECTOR.STANDARD, a.standard())
                .set(OCPI_CONNECTOR.CONNECTOR_FORMAT, a.format())
                .set(OCPI_CONNECTOR.POWER_TYPE, a.powerType())
                .set(OCPI_CONNECTOR.MAX_VOLTAGE, a.maxVoltage())
                .set(OCPI_CONNECTOR.MAX_AMPERAGE, a.maxAmperage())
                .set(OCPI_CONNECTOR.MAX_ELECTRIC_POWER, a.maxElectricPower())
                .set(OCPI_CONNECTOR.TARIFF_ID, a.tariffId())
                .set(OCPI_CONNECTOR.LAST_UPDATED, a.lastUpdated())
                .execute();
    }

    public Map<Integer, EvseState> evseStates(String chargePointId) {
        return dsl.selectFrom(OCPI_EVSE_STATE).where(OCPI_EVSE_STATE.CHARGE_POINT_ID.eq(chargePointId)).fetch().stream()
                .collect(Collectors.toMap(r -> r.getConnectorId(), r -> new EvseState(r.getStatus(), r.getLastUpdated())));
    }

    /** What storing an EVSE's status did. */
    public enum EvseStateChange { UNCHANGED, CHANGED, FIRST }

    /**
     * Stores an EVSE's status: {@code FIRST} if none was stored (the EVSE is new to the bridge),
     * {@code CHANGED} if it differs from the one stored, else {@code UNCHANGED}.
     */
    public EvseStateChange saveEvseState(String chargePointId, int connectorId, String status, Instant at) {
        var existing = dsl.selectFrom(OCPI_EVSE_STATE).where(OCPI_EVSE_STATE.CHARGE_POINT_ID.eq(chargePointId))
                .and(OCPI_EVSE_STATE.CONNECTOR_ID.eq(connectorId)).fetchOne();
        if (existing != null && existing.getStatus().equals(status)) {
            return EvseStateChange.UNCHANGED;
        }
        if (existing == null) {
            dsl.insertInto(OCPI_EVSE_STATE).set(OCPI_EVSE_STATE.CHARGE_POINT_ID, chargePointId)
                    .set(OCPI_EVSE_STATE.CONNECTOR_ID, connectorId).set(OCPI_EVSE_STATE.STATUS, status)
                    .set(OCPI_EVSE_STATE.LAST_UPDATED, at).execute();
        } else {
            existing.setStatus(status);
            existing.setLastUpdated(at);
            existing.store();
        }
        return existing == null ? EvseStateChange.FIRST : EvseStateChange.CHANGED;
    }
}
