package io.evstack.ocpi.sessions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The Session object (section 9.3.1), and the types it shares with CDRs. */
public record OcpiSession(String countryCode, String partyId, String id, Instant startDateTime, Instant endDateTime,
        BigDecimal kwh, CdrToken cdrToken, String authMethod, String authorizationReference, String locationId,
        String evseUid, String connectorId, String currency, List<ChargingPeriod> chargingPeriods, Price totalCost,
        String status, Instant lastUpdated) {

    /** CdrToken (section 10.4.3): who charged, and which eMSP owns the token. */
    public record CdrToken(String countryCode, String partyId, String uid, String type, String contractId) {}

    /** Price (section 16.4). */
    public record Price(BigDecimal exclVat, BigDecimal inclVat) {}

    /** ChargingPeriod (section 10.4.6) and CdrDimension (10.4.2). */
    public record ChargingPeriod(Instant startDateTime, List<Dimension> dimensions, String tariffId) {}

    public record Dimension(String type, BigDecimal volume) {}
}
