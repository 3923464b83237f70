package io.evstack.emsp.ocpi;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokens, Sender interface (OCPI 2.2.1 section 12.2.2), for CPOs that call us:
 * <ul>
 *   <li>{@code GET {tokens}?date_from&date_to&offset&limit}: our tokens last updated in [date_from,
 *       date_to), oldest first, with the pagination headers of section 4.1.4.1 ({@code X-Total-Count}
 *       of all matching, {@code X-Limit} the cap applied, {@code Link: <…>; rel="next"} unless this is the
 *       last page, carrying the same filters);</li>
 *   <li>{@code POST {tokens}/{uid}/authorize[?type=]} with an optional LocationReferences body: real-time
 *       authorization (12.2.2.2, 12.1.3). A token we do not know is HTTP 404 with status 2004 and no data.
 *       A known one gets an AuthorizationInfo (12.3.1): BLOCKED, EXPIRED, or ALLOWED with a fresh
 *       authorization_reference the CPO copies into the Session and CDR, and the location echoed (we do
 *       not restrict where our drivers charge, and the spec forbids judging by opening hours or status).</li>
 * </ul>
 */
final class TokensSender {
    private static final Logger log = LoggerFactory.getLogger(TokensSender.class);
    static final Set<String> TOKEN_TYPES = Set.of("AD_HOC_USER", "APP_USER", "OTHER", "RFID");

    private final TokenRepository tokens;
    private final AuthorizationRepository authorizations;
    private final Clock clock;
    private final String url;
    private final String countryCode;
    private final String partyId;
    private final String issuer;
    private final int maxLimit;

    /** @param url this endpoint's public URL, as listed in our version details */
    TokensSender(TokenRepository tokens, AuthorizationRepository authorizations, Clock clock, String url,
            String countryCode, String partyId, String issuer, int maxLimit) {
        this.tokens = tokens;
        this.authorizations = authorizations;
        this.clock = clock;
        this.url = url;
        this.countryCode = countryCode;
        this.partyId = partyId;
        this.issuer = issuer;
        this.maxLimit = maxLimit;
    }

    void register(Javalin app, String path) {
        app.get(path, this::list);
        app.post(path + "/{uid}/authorize", this::authorize);
    }

    private void list(Context ctx) {
        Instant from;
        Instant to;
        int offset;
        int limit;
        try {
            from = time(ctx, "date_from");
            to = time(ctx, "date_to");
            offset = whole(ctx, "offset", 0);
            limit = Math.min(whole(ctx, "limit", maxLimit), maxLimit);
        } catch (IllegalArgumentException e) {
            Envelope.error(ctx, clock, 400, 2001, e.getMessage());
            return;
        }
        Instant now = clock.instant();
        int total = tokens.count(from, to);
        List<Map<String, Object>> page = tokens.page(from, to, offset, limit).stream()
                .map(t -> t.toOcpi(countryCode, partyId, issuer, now)).toList();
        ctx.header("X-Total-Count", Integer.toString(total));
        ctx.header("X-Limit", Integer.toString(limit));
        if (offset + page.size() < total) {
            StringBuilder next = new StringBuilder(url).append("?offset=").append(offset + page.size())
                    .append("&limit=").append(limit);
            if (from != null) {
                next.append("&date_from=").append(URLEncoder.encode(from.toString(), StandardCharsets.UTF_8));
            }
            if (to != null) {
                next.append("&date_to=").append(URLEncoder.encode(to.toString(), StandardCharsets.UTF_8));
            }
            ctx.header("Link", "<" + next + ">; rel=\"next\"");
        }
        Envelope.ok(ctx, clock, page);
    }

    private void authorize(Context ctx) {
        String type = Optional.ofNullable(ctx.queryParam("type")).filter(t -> !t.isBlank()).orElse("RFID");
        if (!TOKEN_TYPES.contains(type)) {
            Envelope.error(ctx, clock, 400, 2001, "type must be one of " + TOKEN_TYPES);
            return;
        }
        JsonNode location = null;
        if (!ctx.body().isBlank()) {
            try {
                location = EmspOcpi.JSON.readTree(ctx.body());
            } catch (java.io.IOException e) {
                Envelope.error(ctx, clock, 400, 2001, "Malformed JSON");
                return;
            }
            if (!location.isObject() || !location.path("location_id").isTextual()) {
                Envelope.error(ctx, clock, 400, 2001, "The body must be a LocationReferences object with a location_id");
                return;
            }
        }
        String uid = ctx.pathParam("uid");
        Optional<OurToken> token = tokens.find(uid, type);
        if (token.isEmpty()) {
            Envelope.error(ctx, clock, 404, 2004, "Unknown token");
            return;
        }
        Instant now = clock.instant();
        OurToken t = token.get();
        String allowed = "BLOCKED".equals(t.status()) ? "BLOCKED" : t.expired(now) ? "EXPIRED" : t.valid(now) ? "ALLOWED" : "NOT_ALLOWED";
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("allowed", allowed);
        info.put("token", t.toOcpi(countryCode, partyId, issuer, now));
        if ("ALLOWED".equals(allowed)) {
            if (location != null) {
                info.put("location", location);
            }
            // Kept, so the Session and CDR that carry it are tied to this token and CPO (12.3.1, 9.3.1, 10.3.1).
            String reference = UUID.randomUUID().toString();
            EmspRepository.Cpo cpo = ctx.attribute("cpo");
            authorizations.issue(reference, cpo.pk(), t.uid(), t.type(),
                    location == null ? null : location.path("location_id").asText(), now);
            info.put("authorization_reference", reference);
        }
        log.debug("Real-time authorization of {} {}: {}", type, uid, allowed);
        Envelope.ok(ctx, clock, info);
    }

    private static int whole(Context ctx, String name, int dflt) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + v + "'");
        }
    }

    /** RFC 3339; a time without zone is UTC (section 16.2). */
    private static Instant time(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(v.trim()).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException(name + " must be an RFC 3339 date-time, not '" + v + "'");
            }
        }
    }
}
