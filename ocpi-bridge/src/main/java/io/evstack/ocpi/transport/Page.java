package io.evstack.ocpi.transport;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

/**
 * A paginated GET (section 4.1.4.1): {@code date_from} inclusive, {@code date_to} exclusive (both on
 * last_updated), {@code offset}, {@code limit} capped at the server's maximum; the answer carries
 * {@code X-Total-Count}, {@code X-Limit} (the cap, not the count returned) and a {@code Link} to the
 * next page with the original filters, unless this is the last page.
 */
public record Page(Instant dateFrom, Instant dateTo, int offset, int limit) {

    public static Page of(Context ctx, int maxLimit) {
        int offset = intParam(ctx, "offset", 0);
        int limit = Math.min(intParam(ctx, "limit", maxLimit), maxLimit);
        return new Page(timeParam(ctx, "date_from"), timeParam(ctx, "date_to"), offset, limit);
    }

    public boolean matches(Instant lastUpdated) {
        return (dateFrom == null || !lastUpdated.isBefore(dateFrom)) && (dateTo == null || lastUpdated.isBefore(dateTo));
    }

    /** Filters, pages and answers a list ordered oldest first; sets the pagination headers. */
    public <T> List<Object> answer(Context ctx, String baseUrl, List<T> ordered, Function<T, Instant> lastUpdated,
            Function<T, Object> view) {
        List<T> matching = ordered.stream().filter(t -> matches(lastUpdated.apply(t))).toList();
        int from = Math.min(offset, matching.size());
        int to = Math.min(from + limit, matching.size());
        ctx.header("X-Total-Count", Integer.toString(matching.size()));
        ctx.header("X-Limit", Integer.toString(limit));
        // limit=0 asks only for the count: a next page at the same offset would be a loop, not a page
        if (to < matching.size() && limit > 0) {
            StringBuilder next = new StringBuilder(baseUrl).append(ctx.path()).append("?offset=").append(to)
                    .append("&limit=").append(limit);
            if (dateFrom != null) {
                next.append("&date_from=").append(URLEncoder.encode(dateFrom.toString(), StandardCharsets.UTF_8));
            }
            if (dateTo != null) {
                next.append("&date_to=").append(URLEncoder.encode(dateTo.toString(), StandardCharsets.UTF_8));
            }
            ctx.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return matching.subList(from, to).stream().map(view).toList();
    }

    private static int intParam(Context ctx, String name, int dflt) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw OcpiException.invalid(name + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw OcpiException.invalid(name + " must be a whole number, not '" + v + "'");
        }
    }

    private static Instant timeParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        return parseTime(name, v.trim());
    }

    /** RFC 3339; section 16.2: no zone designator means UTC. */
    public static Instant parseTime(String name, String v) {
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(v).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw OcpiException.invalid(name + " must be an RFC 3339 date-time, not '" + v + "'");
            }
        }
    }
}
