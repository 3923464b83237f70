package io.evstack.csms.api;

import io.evstack.csms.CsmsException;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Path and query parameters, parsed strictly: a value that does not parse is a 400 naming it. */
final class Params {
    private Params() {}

    static long pathLong(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw CsmsException.badRequest("Path parameter '" + name + "' must be an integer, not '" + raw + "'");
        }
    }

    static String query(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        return raw == null || raw.isBlank() ? null : raw.trim();
    }

    static int queryInt(Context ctx, String name, int defaultValue, int min, int max) {
        String raw = query(ctx, name);
        if (raw == null) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw CsmsException.badRequest("Query parameter '" + name + "' must be an integer, not '" + raw + "'");
        }
        if (value < min || value > max) {
            throw CsmsException.badRequest("Query parameter '" + name + "' must be between " + min + " and " + max
                    + ", not " + value);
        }
        return value;
    }

    static Boolean queryBoolean(Context ctx, String name) {
        String raw = query(ctx, name);
        if (raw == null) {
            return null;
        }
        return switch (raw.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw CsmsException.badRequest("Query parameter '" + name + "' must be true or false, not '"
                    + raw + "'");
        };
    }

    /**
     * An ISO-8601 instant: {@code 2025-01-31T12:00:00Z}, with an offset ({@code +01:00}), or a date
     * ({@code 2025-01-31}, meaning its start in UTC).
     */
    static Instant queryInstant(Context ctx, String name) {
        String given = query(ctx, name);
        if (given == null) {
            return null;
        }
        // An unencoded '+' of an offset arrives as a space; a timestamp has no other use for one.
        String raw = given.replace(' ', '+');
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            // fall through to the other forms
        }
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            // fall through
        }
        try {
            return LocalDate.parse(raw).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw CsmsException.badRequest("Query parameter '" + name + "' must be an ISO-8601 timestamp such as "
                    + "2025-01-31T12:00:00Z or a date such as 2025-01-31, not '" + raw + "'");
        }
    }
}
