package io.evstack.ocpi.locations;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** The Location object (OCPI 2.2.1 section 8.3.1) with its EVSEs (8.3.2) and Connectors (8.3.3). */
public record OcpiLocation(String countryCode, String partyId, String id, boolean publish, String name, String address,
        String city, String postalCode, String country, GeoLocation coordinates, List<Evse> evses, String timeZone,
        Instant lastUpdated) {

    public record GeoLocation(String latitude, String longitude) {}

    public record Evse(String uid, String evseId, String status, List<String> capabilities, List<Connector> connectors,
            Instant lastUpdated) {}

    public record Connector(String id, String standard, @JsonProperty("format") String format, String powerType,
            int maxVoltage, int maxAmperage, Integer maxElectricPower, List<String> tariffIds, Instant lastUpdated) {}

    public Evse evse(String uid) {
        return evses.stream().filter(e -> e.uid().equals(uid)).findFirst().orElse(null);
    }
}
