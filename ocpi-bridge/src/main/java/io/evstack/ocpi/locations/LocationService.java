package io.evstack.ocpi.locations;

import io.evstack.csms.chargepoint.ChargePoint;
import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.chargepoint.Connector;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.ocpi.OcpiConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jooq.DSLContext;

/**
 * Locations as the Sender interface shows them (section 8.2.1), built from the CSMS's accepted chargers
 * and their connectors, the operator's location details and connector attributes, and the live status.
 * A location's last_updated is the latest of its own, its EVSEs' and its connectors' (section 8.3.1:
 * "also updated when an EVSE or Connector changes").
 */
public final class LocationService {
    private final DSLContext dsl;
    private final Clock clock;
    private final OcpiConfig config;
    private final ChargePointService chargePoints;
    private final LocationMapping mapping;

    public LocationService(DSLContext dsl, Clock clock, OcpiConfig config, ChargePointService chargePoints) {
        this.dsl = dsl;
        this.clock = clock;
        this.config = config;
        this.chargePoints = chargePoints;
        this.mapping = new LocationMapping(dsl, config.countryCode(), config.partyId());
    }

    public LocationMapping mapping() {
        return mapping;
    }

    /** Every location, ordered by id so that pages stay stable while a client crawls them (section 4.1.4.1). */
    public List<OcpiLocation> all() {
        List<OcpiLocation> out = new ArrayList<>();
        chargersByLocation().forEach((id, cps) -> out.add(build(id, cps)));
        out.sort(Comparator.comparing(OcpiLocation::id));
        return out;
    }

    /** One location, built from its own chargers only (a status change must not rebuild every location). */
    public Optional<OcpiLocation> find(String locationId) {
        List<ChargePoint> cps = chargersOf(locationId);
        return cps.isEmpty() ? Optional.empty() : Optional.of(build(locationId, cps));
    }

    /**
     * The accepted chargers of one location, looked up directly: those grouped into it, and the charger
     * whose default location it is. Every status change needs its location, so this must not list every
     * charger of the operator. (A default id is cut at 36 characters; for such an id, fall back to the scan.)
     */
    private List<ChargePoint> chargersOf(String locationId) {
        if (locationId.length() >= 36) {
            return chargersByLocation().getOrDefault(locationId, List.of());
        }
        TreeMap<String, ChargePoint> found = new TreeMap<>();
        for (String chargePointId : mapping.groupedInto(locationId)) {
            chargePoints.find(chargePointId).filter(cp -> cp.registrationStatus() == RegistrationStatus.Accepted)
                    .ifPresent(cp -> found.put(chargePointId, cp));
        }
        if (!mapping.isGrouped(locationId)) {
            chargePoints.find(locationId).filter(cp -> cp.registrationStatus() == RegistrationStatus.Accepted)
                    .ifPresent(cp -> found.put(locationId, cp));
        }
        return new ArrayList<>(found.values());
    }

    private Map<String, List<ChargePoint>> chargersByLocation() {
        Map<String, List<ChargePoint>> byLocation = new LinkedHashMap<>();
        Map<String, String> groupings = mapping.groupings();
        for (ChargePoint cp : chargePoints.list()) {
            if (cp.registrationStatus() != RegistrationStatus.Accepted) {
                continue;
            }
            String loc = groupings.getOrDefault(cp.chargePointId(), LocationMapping.defaultLocationId(cp.chargePointId()));
            byLocation.computeIfAbsent(loc, k -> new ArrayList<>()).add(cp);
        }
        return byLocation;
    }

    public Optional<OcpiLocation> ofChargePoint(String chargePointId) {
        return find(mapping.locationId(chargePointId));
    }

    /**
     * The charger's location with that charger's EVSEs only: what a CDR needs (its cdr_location names one EVSE),
     * without reading every other charger of a depot for every CDR.
     */
    public Optional<OcpiLocation> ofChargePointAlone(String chargePointId) {
        return chargePoints.find(chargePointId).filter(cp -> cp.registrationStatus() == RegistrationStatus.Accepted)
                .map(cp -> build(mapping.locationId(chargePointId), List.of(cp)));
    }

    /**
     * An EVSE whose OCPI status changed, in its location; {@code first} when the EVSE is new to the bridge, whose
     * location is then PUT whole (a receiver may not know it yet), else only the status and its time are
     * needed (a PATCH).
     */
    public record EvseRefresh(String locationId, String evseUid, String status, Instant lastUpdated, boolean first) {}

    /**
     * Recomputes an EVSE's status after an OCPP change; the change if its OCPI status changed (then it is
     * pushed), else empty. Every status change of every charger comes here, so it reads the charger, its
     * connectors and the EVSE's stored state once each and never builds the location.
     */
    public Optional<EvseRefresh> refreshEvse(String chargePointId, int connectorId) {
        Optional<ChargePoint> cp = chargePoints.find(chargePointId);
        if (cp.isEmpty() || cp.get().registrationStatus() != RegistrationStatus.Accepted) {
            return Optional.empty();
        }
        List<Connector> connectors = chargePoints.connectorsOf(chargePointId);
        if (connectors.stream().noneMatch(c -> c.connectorId() == connectorId)) {
            return Optional.empty();
        }
        String status = status(cp.get(), connectors, connectorId);
        Instant at = now();
        var change = new LocationRepository(dsl).saveEvseState(chargePointId, connectorId, status, at);
        if (change == LocationRepository.EvseStateChange.UNCHANGED) {
            return Optional.empty();
        }
        String locationId = mapping.locationId(chargePointId);
        String evseUid = LocationMapping.evseUid(chargePointId, connectorId);
        return Optional.of(new EvseRefresh(locationId, evseUid, status, max(at, cp.get().createdAt()),
                change == LocationRepository.EvseStateChange.FIRST));
    }

    /** The connectors (EVSEs) of a charger, connector 0 excluded. */
    public List<Integer> evseConnectorIds(String chargePointId) {
        return chargePoints.connectorsOf(chargePointId).stream().map(Connector::connectorId).filter(n -> n > 0).toList();
    }

    private OcpiLocation build(String locationId, List<ChargePoint> cps) {
        var repo = new LocationRepository(dsl);
        var details = repo.details(locationId);
        Instant last = details.map(LocationRepository.Details::lastUpdated).orElse(Instant.EPOCH);
        List<OcpiLocation.Evse> evses = new ArrayList<>();
        for (ChargePoint cp : cps) {
            last = max(last, cp.createdAt());
            List<Connector> connectors = chargePoints.connectorsOf(cp.chargePointId());
            Map<Integer, LocationRepository.ConnectorAttributes> attrs = mapping.connectorAttributes(cp.chargePointId());
            Map<Integer, LocationRepository.EvseState> states = repo.evseStates(cp.chargePointId());
            for (Connector c : connectors) {
                if (c.connectorId() == 0) {
                    continue;
                }
                var a = attrs.getOrDefault(c.connectorId(), LocationRepository.ConnectorAttributes.defaults(cp.createdAt()));
                var state = states.get(c.connectorId());
                String status = state != null ? state.status() : status(cp, connectors, c.connectorId());
                Instant evseUpdated = max(state != null ? state.lastUpdated() : c.statusAt(), a.lastUpdated());
                evseUpdated = max(evseUpdated, cp.createdAt());
                var connector = new OcpiLocation.Connector(LocationMapping.CONNECTOR_ID, a.standard(), a.format(),
                        a.powerType(), a.maxVoltage(), a.maxAmperage(), a.maxElectricPower(),
                        a.tariffId() == null ? null : List.of(a.tariffId()), max(a.lastUpdated(), cp.createdAt()));
                evses.add(new OcpiLocation.Evse(LocationMapping.evseUid(cp.chargePointId(), c.connectorId()),
                        mapping.evseId(cp.chargePointId(), c.connectorId()), status,
                        List.of("REMOTE_START_STOP_CAPABLE", "RESERVABLE", "UNLOCK_CAPABLE"), List.of(connector),
                        evseUpdated));
                last = max(last, evseUpdated);
            }
        }
        var d = details.orElse(null);
        return new OcpiLocation(config.countryCode(), config.partyId(), locationId, d == null || d.publish(),
                d == null ? locationId : d.name(), d == null ? config.defaultAddress() : d.address(),
                d == null ? config.defaultCity() : d.city(), d == null ? null : d.postalCode(),
                d == null ? config.defaultCountry() : d.country(),
                new OcpiLocation.GeoLocation(d == null ? config.defaultLatitude() : d.latitude(),
                        d == null ? config.defaultLongitude() : d.longitude()),
                evses, d == null ? config.defaultTimeZone() : d.timeZone(), last);
    }

    private static String status(ChargePoint cp, List<Connector> connectors, int connectorId) {
        // A connector row may exist before its first status is stored: its status is then null.
        String charger = connectors.stream().filter(c -> c.connectorId() == 0).findFirst().map(Connector::status)
                .orElse(null);
        String own = connectors.stream().filter(c -> c.connectorId() == connectorId).findFirst().map(Connector::status)
                .orElse(null);
        return EvseStatus.of(own, charger, cp.isConnected());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Instant max(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
