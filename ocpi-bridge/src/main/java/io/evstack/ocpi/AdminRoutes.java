package io.evstack.ocpi;


import io.evstack.csms.api.ApiCredentials;
import io.evstack.ocpi.credentials.CredentialsService;
import io.evstack.ocpi.credentials.PartyRepository;
import io.evstack.ocpi.locations.LocationRepository;
import io.evstack.ocpi.locations.LocationService;
import io.evstack.ocpi.push.Outbox;
import io.evstack.ocpi.push.PushWorker;
import io.evstack.ocpi.tariffs.TariffService;
import io.evstack.ocpi.transport.Http;
import io.evstack.ocpi.transport.OcpiException;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * The operator's side of the bridge (HTTP Basic, the operator API's credentials), under
 * {@value OcpiPaths#ADMIN}: parties (issue a token A, register with a party), location details and
 * groupings, connector attributes and tariffs. Every change that eMSPs see is pushed. The outbox: pushes
 * by state, and a failed one queued again.
 */
final class AdminRoutes {
    private final DSLContext dsl;
    private final Clock clock;
    private final OcpiConfig config;
    private final ApiCredentials admin;
    private final CredentialsService credentials;
    private final LocationService locations;
    private final TariffService tariffs;
    private final PushWorker worker;

    AdminRoutes(DSLContext dsl, Clock clock, OcpiConfig config, ApiCredentials admin, CredentialsService credentials,
            LocationService locations, TariffService tariffs, PushWorker worker) {
        this.dsl = dsl;
        this.clock = clock;
        this.config = config;
        this.admin = admin;
        this.credentials = credentials;
        this.locations = locations;
        this.tariffs = tariffs;
        this.worker = worker;
    }

    /** Where the OpenAPI description of these routes is served, without credentials. */
    static final String OPENAPI = OcpiPaths.ADMIN + "/openapi.json";
    private static final String OPENAPI_RESOURCE = "/ocpi/admin-openapi.json";

    private final List<String> routes = new ArrayList<>();

    /** "METHOD path" of every route registered, for the check that the OpenAPI document names them all. */
    List<String> routes() {
        return List.copyOf(routes);
    }

    void register(Javalin app) {
        String a = OcpiPaths.ADMIN;
        route(app, HandlerType.GET, OPENAPI, ctx -> {
            try (var in = AdminRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
                ctx.contentType("application/json").result(in.readAllBytes());
            }
        });
        route(app, HandlerType.POST, a + "/parties", ctx -> {
            var body = Http.object(ctx);
            String token = credentials.issueTokenA(Http.text(body, "name"), body.path("token_base64").asBoolean(true));
            Http.ok(ctx, clock, Map.of("token_a", token, "versions_url", config.versionsUrl()));
        });
        route(app, HandlerType.POST, a + "/parties/register", ctx -> {
            var body = Http.object(ctx);
            var party = credentials.registerWith(Http.text(body, "name"), Http.text(body, "versions_url"),
                    Http.text(body, "token"), body.path("token_base64").asBoolean(true));
            Http.ok(ctx, clock, view(party));
        });
        route(app, HandlerType.GET, a + "/parties", ctx -> Http.ok(ctx, clock, new PartyRepository(dsl).list().stream().map(AdminRoutes::view).toList()));
        route(app, HandlerType.PUT, a + "/locations/{location_id}", ctx -> {
            String id = ctx.pathParam("location_id");
            var b = Http.object(ctx);
            new LocationRepository(dsl).saveDetails(new LocationRepository.Details(id, Http.optionalText(b, "name"),
                    Http.text(b, "address"), Http.text(b, "city"), Http.optionalText(b, "postal_code"), Http.text(b, "country"),
                    Http.text(b, "latitude"), Http.text(b, "longitude"), Http.text(b, "time_zone"),
                    b.path("publish").asBoolean(true), now()));
            for (var cp : b.path("charge_point_ids")) {
                locations.mapping().assign(cp.asText(), id);
            }
            pushLocation(id);
            Http.ok(ctx, clock, locations.find(id).orElse(null));
        });
        route(app, HandlerType.PUT, a + "/connectors/{charge_point_id}/{connector_id}", ctx -> {
            var b = Http.object(ctx);
            String cp = ctx.pathParam("charge_point_id");
            int n = connectorId(ctx);
            String tariffId = Http.optionalText(b, "tariff_id");
            if (tariffId != null && tariffs.find(tariffId).isEmpty()) {
                throw OcpiException.invalid("Unknown tariff " + tariffId);
            }
            var d = LocationRepository.ConnectorAttributes.defaults(now());
            locations.mapping().saveConnectorAttributes(cp, n, new LocationRepository.ConnectorAttributes(
                    b.path("standard").asText(d.standard()), b.path("format").asText(d.format()),
                    b.path("power_type").asText(d.powerType()), b.path("max_voltage").asInt(d.maxVoltage()),
                    b.path("max_amperage").asInt(d.maxAmperage()),
                    b.has("max_electric_power") ? b.get("max_electric_power").asInt() : null, tariffId, now()));
            pushLocation(locations.mapping().locationId(cp));
            Http.ok(ctx, clock, null);
        });
        route(app, HandlerType.PUT, a + "/tariffs/{tariff_id}", ctx -> {
            var stored = tariffs.put(ctx.pathParam("tariff_id"), Http.object(ctx));
            new Outbox(dsl).toAll("tariffs", "PUT", "/" + config.countryCode() + "/" + config.partyId() + "/" + stored.id(),
                    stored.body(), now());
            worker.wake();
            Http.ok(ctx, clock, stored.body());
        });
        route(app, HandlerType.DELETE, a + "/tariffs/{tariff_id}", ctx -> {
            String id = ctx.pathParam("tariff_id");
            if (!tariffs.delete(id)) {
                throw OcpiException.notFound(2000, "Unknown tariff " + id);
            }
            // section 11.2.2.3: DELETE on the eMSP's tariff
            new Outbox(dsl).toAll("tariffs", "DELETE", "/" + config.countryCode() + "/" + config.partyId() + "/" + id, "", now());
            worker.wake();
            Http.ok(ctx, clock, null);
        });
        outboxRoutes(app, a);
    }

    /** The outbox for the operator: what waits, what failed for good (and why), and queuing a failed push again. */
    private void outboxRoutes(Javalin app, String a) {
        route(app, HandlerType.GET, a + "/outbox", ctx -> {
            String state = ctx.queryParamAsClass("state", String.class).getOrDefault("failed");
            if (!List.of("pending", "failed", "sent").contains(state)) {
                throw OcpiException.invalid("state must be pending, failed or sent");
            }
            int offset = intParam(ctx, "offset", 0);
            int limit = Math.min(intParam(ctx, "limit", 100), 1000);
            Http.ok(ctx, clock, new Outbox(dsl).list(state, offset, limit).stream().map(r -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", r.id());
                m.put("party", r.partyPk()); // the id of GET /ocpi/admin/parties
                m.put("module", r.module());
                m.put("method", r.method());
                m.put("path", r.path());
                m.put("state", r.state());
                m.put("attempts", r.attempts());
                m.put("last_error", r.lastError());
                m.put("created_at", r.createdAt());
                m.put("next_attempt_at", r.nextAttemptAt());
                m.put("sent_at", r.sentAt());
                m.put("failed_at", r.failedAt());
                return m;
            }).toList());
        });
        route(app, HandlerType.POST, a + "/outbox/{id}/retry", ctx -> {
            long id;
            try {
                id = Long.parseLong(ctx.pathParam("id"));
            } catch (NumberFormatException e) {
                throw OcpiException.invalid("id must be a number");
            }
            if (!new Outbox(dsl).retry(id, now())) {
                throw OcpiException.notFound(2000, "No failed push " + id);
            }
            worker.wake();
            Http.ok(ctx, clock, Map.of("id", id, "state", "pending"));
        });
    }

    private static int intParam(Context ctx, String name, int defaultValue) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw OcpiException.invalid(name + " must be a whole number, 0 or more");
    }

    private void route(Javalin app, HandlerType method, String path, Handler handler) {
        routes.add(method.name() + " " + path);
        app.addHttpHandler(method, path, handler);
    }

    /** Basic-auth gate for the admin paths (all but the OpenAPI document). */
    void check(Context ctx) {
        if (ctx.path().equals(OPENAPI)) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(java.util.Base64.getDecoder().decode(header.substring(6).trim()),
                        java.nio.charset.StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0 && admin.check(decoded.substring(0, colon), decoded.substring(colon + 1))) {
                    return;
                }
            } catch (IllegalArgumentException bad) {
                // fall through to 401
            }
        }
        ctx.header("WWW-Authenticate", "Basic realm=\"evstack\"");
        throw OcpiException.unauthorized("Operator credentials required");
    }

    private void pushLocation(String locationId) {
        locations.find(locationId).ifPresent(l -> {
            new Outbox(dsl).toAll("locations", "PUT", "/" + config.countryCode() + "/" + config.partyId() + "/" + l.id(),
                    l, now());
            worker.wake();
        });
    }

    private static int connectorId(Context ctx) {
        try {
            return Integer.parseInt(ctx.pathParam("connector_id"));
        } catch (NumberFormatException e) {
            throw OcpiException.invalid("connector_id must be a number");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Map<String, Object> view(io.evstack.ocpi.credentials.Party p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.pk());
        m.put("name", p.name());
        m.put("status", p.status());
        m.put("versions_url", p.versionsUrl());
        m.put("roles", p.roles());
        m.put("endpoints", p.endpoints());
        m.put("token_base64", p.tokenBase64());
        return m;
    }

}
