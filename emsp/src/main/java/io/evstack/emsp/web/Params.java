package io.evstack.emsp.web;

import io.evstack.emsp.EmspException;
import io.javalin.http.Context;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** Path and query parameters, parsed strictly: a value that does not parse is a 400 naming it. */
public final class Params {
    private Params() {}

    public static long pathLong(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw EmspException.badRequest("Path parameter '" + name + "' must be an integer, not '" + raw + "'");
        }
    }

    public static String query(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        return raw == null || raw.isBlank() ? null : raw.trim();
    }

    public static double requiredDouble(Context ctx, String name, double min, double max) {
        String raw = query(ctx, name);
        if (raw == null) {
            throw EmspException.badRequest("Query parameter '" + name + "' is required");
        }
        return inRange(name, parseDouble(name, raw), min, max);
    }

    public static double queryDouble(Context ctx, String name, double defaultValue, double min, double max) {
        String raw = query(ctx, name);
        return raw == null ? defaultValue : inRange(name, parseDouble(name, raw), min, max);
    }

    public static int queryInt(Context ctx, String name, int defaultValue, int min, int max) {
        String raw = query(ctx, name);
        if (raw == null) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw EmspException.badRequest("Query parameter '" + name + "' must be an integer, not '" + raw + "'");
        }
        if (value < min || value > max) {
            throw EmspException.badRequest("Query parameter '" + name + "' must be between " + min + " and " + max);
        }
        return value;
    }

    /** A calendar month such as {@code 2026-11}. */
    public static YearMonth requiredMonth(Context ctx, String name) {
        String raw = query(ctx, name);
        if (raw == null) {
            throw EmspException.badRequest("Query parameter '" + name + "' is required (a month such as 2026-11)");
        }
        try {
            return YearMonth.parse(raw);
        } catch (DateTimeParseException e) {
            throw EmspException.badRequest("Query parameter '" + name + "' must be a month such as 2026-11, not '" + raw + "'");
        }
    }

    private static double parseDouble(String name, String raw) {
        try {
            double d = Double.parseDouble(raw);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw EmspException.badRequest("Query parameter '" + name + "' must be a number, not '" + raw + "'");
        }
    }

    private static double inRange(String name, double value, double min, double max) {
        if (value < min || value > max) {
            throw EmspException.badRequest("Query parameter '" + name + "' must be between " + min + " and " + max);
        }
        return value;
    }
}
