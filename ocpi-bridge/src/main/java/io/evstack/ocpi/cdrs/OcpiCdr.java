package io.evstack.ocpi.cdrs;

import io.evstack.ocpi.locations.OcpiLocation;
import io.evstack.ocpi.sessions.OcpiSession;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The CDR object (section 10.3.1) with its CdrLocation (10.4.5). */
public record OcpiCdr(String countryCode, String partyId, String id, Instant startDateTime, Instant endDateTime,
        String sessionId, OcpiSession.CdrToken cdrToken, String authMethod, String authorizationReference,
        CdrLocation cdrLocation, String currency, List<Object> tariffs, List<OcpiSession.ChargingPeriod> chargingPeriods,
        OcpiSession.Price totalCost, OcpiSession.Price totalFixedCost, BigDecimal totalEnergy,
        OcpiSession.Price totalEnergyCost, BigDecimal totalTime, OcpiSession.Price totalTimeCost,
        BigDecimal totalParkingTime, OcpiSession.Price totalParkingCost, Instant lastUpdated) {

    public record CdrLocation(String id, String name, String address, String city, String postalCode, String country,
            OcpiLocation.GeoLocation coordinates, String evseUid, String evseId, String connectorId,
            String connectorStandard, String connectorFormat, String connectorPowerType) {}
}
