package io.evstack.emsp.roaming;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.emsp.billing.PlanPricing;
import io.javalin.openapi.OpenApiDescription;
import io.javalin.openapi.OpenApiPropertyType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A charging session as a driver or fleet manager sees it, read from the CPO's OCPI Session (running)
 * or CDR (finished, section 10.3.1).
 *
 * @param kind         SESSION (from the CPO's session object) or CDR (the final record)
 * @param status       the session's OCPI status (ACTIVE, COMPLETED, …); COMPLETED for a CDR
 * @param powerKw      the latest charging period's POWER dimension (the power now), when the CPO sends one
 * @param cpoCostExclVat the CPO's running (session) or final (CDR) total_cost, in {@code currency}
 */
public record SessionSummary(String cpoCountryCode, String cpoPartyId, String id, String kind, String status,
        String tokenUid, String locationId, String evseUid, String connectorId, Instant start, Instant end,
        @OpenApiPropertyType(definedBy = Double.class) BigDecimal kwh,
        @OpenApiPropertyType(definedBy = Double.class) BigDecimal powerKw, long durationSeconds, String currency,
        @OpenApiPropertyType(definedBy = Double.class) BigDecimal cpoCostExclVat,
        @OpenApiPropertyType(definedBy = Double.class) BigDecimal cpoCostInclVat, Instant lastUpdated,
        @OpenApiDescription("True when the CPO sent no running cost and cpoCost* is our tariff engine's estimate under the connector's tariff")
        boolean cpoCostEstimated,
        @OpenApiDescription("Live sessions in the driver API: the cost so far under the driver's plan; null when it cannot be priced yet")
        PlanPricing.RunningCost driverCost) {

    /** This summary with the CPO's cost so far (estimated or not) and the driver's under their plan. */
    public SessionSummary withCosts(BigDecimal cpoExclVat, BigDecimal cpoInclVat, boolean estimated,
            PlanPricing.RunningCost driver) {
        return new SessionSummary(cpoCountryCode, cpoPartyId, id, kind, status, tokenUid, locationId, evseUid, connectorId,
                start, end, kwh, powerKw, durationSeconds, currency, cpoExclVat, cpoInclVat, lastUpdated, estimated, driver);
    }

    public static SessionSummary ofSession(RoamingObjects.Stored o, Instant now) {
        JsonNode s = o.body();
        Instant start = instant(s.path("start_date_time"));
        Instant end = instant(s.path("end_date_time"));
        return new SessionSummary(o.countryCode(), o.partyId(), o.id(), "SESSION", s.path("status").asText(null),
                s.path("cdr_token").path("uid").asText(null), s.path("location_id").asText(null),
                s.path("evse_uid").asText(null), s.path("connector_id").asText(null), start, end,
                decimal(s.path("kwh")), power(s), seconds(start, end, now), s.path("currency").asText(null),
                decimal(s.path("total_cost").path("excl_vat")), decimal(s.path("total_cost").path("incl_vat")),
                instant(s.path("last_updated")), false, null);
    }

    public static SessionSummary ofCdr(RoamingObjects.Stored o) {
        JsonNode c = o.body();
        Instant start = instant(c.path("start_date_time"));
        Instant end = instant(c.path("end_date_time"));
        JsonNode where = c.path("cdr_location");
        return new SessionSummary(o.countryCode(), o.partyId(), o.id(), "CDR", "COMPLETED",
                c.path("cdr_token").path("uid").asText(null), where.path("id").asText(null),
                where.path("evse_uid").asText(null), where.path("connector_id").asText(null), start, end,
                decimal(c.path("total_energy")), null, seconds(start, end, end), c.path("currency").asText(null),
                decimal(c.path("total_cost").path("excl_vat")), decimal(c.path("total_cost").path("incl_vat")),
                instant(c.path("last_updated")), false, null);
    }

    /** The session id a CDR was made from (OCPI 2.2.1 CDR.session_id), if given. */
    public static String sessionIdOf(RoamingObjects.Stored cdr) {
        return cdr.body().path("session_id").asText(null);
    }

    /**
     * The power now: the POWER dimension (session only, OCPI 2.2.1 section 10.4.2) of the latest charging
     * period, which our CPO side makes of the latest meter interval alone. Null when the latest period has
     * none (the driver app then shows the average so far, kWh over duration, marked as such); an older
     * period's POWER is not taken, since it no longer tells the power now.
     */
    private static BigDecimal power(JsonNode session) {
        JsonNode periods = session.path("charging_periods");
        if (periods.isEmpty()) {
            return null;
        }
        for (JsonNode d : periods.get(periods.size() - 1).path("dimensions")) {
            if ("POWER".equals(d.path("type").asText())) {
                return decimal(d.path("volume"));
            }
        }
        return null;
    }

    private static long seconds(Instant start, Instant end, Instant now) {
        if (start == null) {
            return 0;
        }
        Instant until = end != null ? end : now;
        return Math.max(0, Duration.between(start, until).toSeconds());
    }

    private static BigDecimal decimal(JsonNode n) {
        if (n.isNumber()) {
            return n.decimalValue();
        }
        if (n.isTextual()) {
            try {
                return new BigDecimal(n.asText());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Instant instant(JsonNode n) {
        if (!n.isTextual()) {
            return null;
        }
        String t = n.asText();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            try {
                // OCPI DateTime without a zone is UTC (section 16.2).
                return Instant.parse(t + "Z");
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
