package io.evstack.emsp.roaming;

import com.fasterxml.jackson.databind.JsonNode;
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
 * @param powerKw      the latest charging period's POWER dimension, when the CPO sends one
 * @param cpoCostExclVat the CPO's running (session) or final (CDR) total_cost, in {@code currency}
 */
public record SessionSummary(String cpoCountryCode, String cpoPartyId, String id, String kind, String status,
        String tokenUid, String locationId, String evseUid, String connectorId, Instant start, Instant end,
        @OpenApiPropertyType(definedBy = Double.class) BigDecimal kwh,
        @OpenApiPropertyType(definedBy = Double.class) BigDecimal powerKw, long durationSeconds, String currency,
        @OpenApiPropertyType(definedBy = Double.class) BigDecimal cpoCostExclVat,
        @OpenApiPropertyType(definedBy = Double.class) BigDecimal cpoCostInclVat, Instant lastUpdated) {

    public static SessionSummary ofSession(RoamingObjects.Stored o, Instant now) {
        JsonNode s = o.body();
        Instant start = instant(s.path("start_date_time"));
        Instant end = instant(s.path("end_date_time"));
        return new SessionSummary(o.countryCode(), o.partyId(), o.id(), "SESSION", s.path("status").asText(null),
                s.path("cdr_token").path("uid").asText(null), s.path("location_id").asText(null),
                s.path("evse_uid").asText(null), s.path("connector_id").asText(null), start, end,
                decimal(s.path("kwh")), power(s), seconds(start, end, now), s.path("currency").asText(null),
                decimal(s.path("total_cost").path("excl_vat")), decimal(s.path("total_cost").path("incl_vat")),
                instant(s.path("last_updated")));
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
                instant(c.path("last_updated")));
    }

    /** The session id a CDR was made from (OCPI 2.2.1 CDR.session_id), if given. */
    public static String sessionIdOf(RoamingObjects.Stored cdr) {
        return cdr.body().path("session_id").asText(null);
    }

    private static BigDecimal power(JsonNode session) {
        JsonNode periods = session.path("charging_periods");
        for (int i = periods.size() - 1; i >= 0; i--) {
            for (JsonNode d : periods.get(i).path("dimensions")) {
                if ("POWER".equals(d.path("type").asText())) {
                    return decimal(d.path("volume"));
                }
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
