package io.evstack.emsp.driver;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.emsp.billing.PlanPricing;
import io.evstack.emsp.roaming.RoamingObjects;
import io.javalin.openapi.OpenApiDescription;
import io.javalin.openapi.OpenApiPropertyType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Chargers near a position, from the locations the CPOs pushed to us (OCPI 2.2.1 section 8.3.1): each
 * EVSE with its live status, each connector with its maximum power, the CPO's tariffs and the driver's
 * own price under their plan ({@code driverPrice}: the connector's first tariff that the plan can price).
 */
final class ChargerFinder {
    private static final double EARTH_RADIUS_KM = 6371.0088;

    public record Charger(String cpoCountryCode, String cpoPartyId, String locationId, String name, String address,
            String city, String country, double latitude, double longitude,
            @OpenApiDescription("Great-circle distance from the position asked about") double distanceKm,
            String timeZone, List<Evse> evses) {}

    public record Evse(String uid, String evseId,
            @OpenApiDescription("OCPI EVSE status: AVAILABLE, CHARGING, BLOCKED, OUTOFORDER, INOPERATIVE, …")
            String status, List<Connector> connectors) {}

    public record Connector(String id, String standard, String powerType,
            @OpenApiDescription("max_electric_power in kW, or computed from voltage, amperage and phases") @OpenApiPropertyType(definedBy = Double.class) BigDecimal maxPowerKw,
            @OpenApiDescription("The CPO's tariffs of this connector, as OCPI 2.2.1 Tariff objects (section 11.3.1)")
            List<Object> cpoTariffs,
            @OpenApiDescription("The driver's price under their plan now, from the first of the CPO's tariffs it can price; "
                    + "a tariff in another currency is converted at today's exchange rate (conversion set: an estimate); "
                    + "null when there is none (no tariff, no exchange rate for the tariff's currency)")
            PlanPricing.DisplayPrice driverPrice) {}

    private final RoamingObjects objects;

    ChargerFinder(RoamingObjects objects) {
        this.objects = objects;
    }

    /** @param driverPrice a CPO tariff as the caller's plan shows it, null when it cannot */
    List<Charger> near(double latitude, double longitude, double radiusKm, int limit,
            Function<JsonNode, PlanPricing.DisplayPrice> driverPrice) {
        Map<String, JsonNode> tariffs = new HashMap<>();
        for (var t : objects.all(RoamingObjects.TARIFFS)) {
            tariffs.put(t.countryCode() + "*" + t.partyId() + "*" + t.id(), t.body());
        }
        List<Charger> found = new ArrayList<>();
        for (var stored : objects.all(RoamingObjects.LOCATIONS)) {
            JsonNode location = stored.body();
            if (location.path("publish").isBoolean() && !location.path("publish").asBoolean()) {
                continue;
            }
            Double lat = coordinate(location.path("coordinates").path("latitude"));
            Double lon = coordinate(location.path("coordinates").path("longitude"));
            if (lat == null || lon == null) {
                continue;
            }
            double distance = distanceKm(latitude, longitude, lat, lon);
            if (distance > radiusKm) {
                continue;
            }
            List<Evse> evses = new ArrayList<>();
            for (JsonNode evse : location.path("evses")) {
                if ("REMOVED".equals(evse.path("status").asText())) {
                    continue;
                }
                List<Connector> connectors = new ArrayList<>();
                for (JsonNode c : evse.path("connectors")) {
                    List<Object> cpoTariffs = new ArrayList<>();
                    PlanPricing.DisplayPrice price = null;
                    for (JsonNode id : c.path("tariff_ids")) {
                        JsonNode t = tariffs.get(stored.countryCode() + "*" + stored.partyId() + "*" + id.asText());
                        if (t != null) {
                            cpoTariffs.add(t);
                            price = price != null ? price : driverPrice.apply(t);
                        }
                    }
                    connectors.add(new Connector(c.path("id").asText(null), c.path("standard").asText(null),
                            c.path("power_type").asText(null), maxPowerKw(c), cpoTariffs, price));
                }
                evses.add(new Evse(evse.path("uid").asText(null), evse.path("evse_id").asText(null),
                        evse.path("status").asText(null), connectors));
            }
            found.add(new Charger(stored.countryCode(), stored.partyId(), stored.id(), location.path("name").asText(null),
                    location.path("address").asText(null), location.path("city").asText(null),
                    location.path("country").asText(null), lat, lon, Math.round(distance * 1000) / 1000.0,
                    location.path("time_zone").asText(null), evses));
        }
        found.sort(Comparator.comparingDouble(Charger::distanceKm));
        return found.size() > limit ? found.subList(0, limit) : found;
    }

    /** kW: max_electric_power (W) when given, else voltage x amperage, times 3 for AC_3_PHASE (section 8.4.3). */
    static BigDecimal maxPowerKw(JsonNode connector) {
        if (connector.path("max_electric_power").isNumber()) {
            return BigDecimal.valueOf(connector.path("max_electric_power").asLong()).movePointLeft(3).stripTrailingZeros();
        }
        if (!connector.path("max_voltage").isNumber() || !connector.path("max_amperage").isNumber()) {
            return null;
        }
        long watts = connector.path("max_voltage").asLong() * connector.path("max_amperage").asLong()
                * ("AC_3_PHASE".equals(connector.path("power_type").asText()) ? 3 : 1);
        return BigDecimal.valueOf(watts).movePointLeft(3).setScale(1, RoundingMode.HALF_UP);
    }

    static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2))
                * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** OCPI coordinates are strings such as "51.047599" (section 8.4.13). */
    private static Double coordinate(JsonNode n) {
        try {
            return n.isNumber() ? n.asDouble() : n.isTextual() ? Double.valueOf(n.asText()) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
