package io.evstack.emsp.ocpi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCPI 2.2.1 eMSP role on the eMSP's HTTP server: versions and endpoints, Receiver interfaces for
 * locations, sessions, tariffs and CDRs (stored as pushed; CDRs priced by the tariff engine on arrival),
 * the CommandResult receiver, and the client side of the credentials handshake ({@link #registerWith}).
 * Every CPO, our own included, is reached only over OCPI.
 */
public final class EmspOcpi implements AutoCloseable {
    /** How long past a CPO's command timeout its result is still awaited before the command is TIMEOUT. */
    private static final Duration COMMAND_GRACE = Duration.ofSeconds(30);
    /** How long a finished command (and the authorization_reference in it) is kept for the driver API to show. */
    private static final Duration COMMAND_RETENTION = Duration.ofDays(30);
    private static final Logger log = LoggerFactory.getLogger(EmspOcpi.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "/ocpi/emsp";

    private final Clock clock;
    private final String publicUrl;
    private final String countryCode;
    private final String partyId;
    private final EmspRepository repo;
    private final OcpiClient client;
    private final AuthorizationRepository authorizations;
    private final Javalin app;
    private final CdrIntake cdrIntake;
    private final PullSync pullSync;
    private final OcpiChargingCommands chargingCommands;
    private final CommandSweep commandSweep;

    /** Registers its routes on {@code app}, the eMSP's one HTTP server ({@code io.evstack.emsp.EmspServer}). */
    public EmspOcpi(Javalin app, DSLContext dsl, Clock clock, String publicUrl, String countryCode, String partyId) {
        this.clock = clock;
        this.publicUrl = publicUrl;
        this.countryCode = countryCode;
        this.partyId = partyId;
        this.repo = new EmspRepository(dsl);
        // Sender side (tokens, commands) and pull synchronisation: their own classes, sharing OcpiClient.
        this.client = new OcpiClient(JSON, Duration.ofSeconds(10));
        var tokens = new TokenRepository(dsl);
        var commands = new CommandsSender(new CommandRepository(dsl), client, clock, publicUrl + BASE + "/2.2.1/commands",
                COMMAND_GRACE);
        this.commandSweep = new CommandSweep(new CommandRepository(dsl), clock, COMMAND_GRACE, COMMAND_RETENTION);
        commandSweep.schedule(Duration.ofMinutes(1));
        this.cdrIntake = new CdrIntake(repo, clock);
        this.pullSync = new PullSync(repo, new PullSyncRepository(dsl), cdrIntake, client, clock, 100);
        this.chargingCommands = new OcpiChargingCommands(commands, repo, tokens, clock, countryCode, partyId, "evstack");
        this.app = app;
        app.before(BASE + "/*", this::authenticate);
        app.get(BASE + "/versions", ctx -> ok(ctx, List.of(Map.of("version", "2.2.1", "url", publicUrl + BASE + "/2.2.1"))));
        app.get(BASE + "/2.2.1", ctx -> ok(ctx, Map.of("version", "2.2.1", "endpoints", List.of(
                endpoint("credentials", "RECEIVER"), endpoint("locations", "RECEIVER"), endpoint("sessions", "RECEIVER"),
                endpoint("cdrs", "RECEIVER"), endpoint("tariffs", "RECEIVER"), endpoint("tokens", "SENDER"), endpoint("commands", "SENDER")))));
        for (String module : List.of("locations", "sessions", "tariffs")) {
            app.put(BASE + "/2.2.1/" + module + "/{cc}/{pid}/{id}", ctx -> store(ctx, module));
            app.patch(BASE + "/2.2.1/" + module + "/{cc}/{pid}/{id}", ctx -> patch(ctx, module));
            app.get(BASE + "/2.2.1/" + module + "/{cc}/{pid}/{id}", ctx -> repo.object(module, ctx.pathParam("cc"),
                    ctx.pathParam("pid"), ctx.pathParam("id")).ifPresentOrElse(b -> ok(ctx, read(b)), () -> error(ctx, 404, 2003)));
        }
        app.patch(BASE + "/2.2.1/locations/{cc}/{pid}/{id}/{evse}", this::patchEvse);
        app.patch(BASE + "/2.2.1/locations/{cc}/{pid}/{id}/{evse}/{connector}", this::patchConnector);
        app.put(BASE + "/2.2.1/locations/{cc}/{pid}/{id}/{evse}", this::putEvse);
        app.put(BASE + "/2.2.1/locations/{cc}/{pid}/{id}/{evse}/{connector}", this::putConnector);
        app.get(BASE + "/2.2.1/locations/{cc}/{pid}/{id}/{evse}", ctx -> storedLocation(ctx)
                .flatMap(l -> LocationParts.evse(l, ctx.pathParam("evse")))
                .ifPresentOrElse(e -> ok(ctx, e), () -> error(ctx, 404, 2003)));
        app.get(BASE + "/2.2.1/locations/{cc}/{pid}/{id}/{evse}/{connector}", ctx -> storedLocation(ctx)
                .flatMap(l -> LocationParts.evse(l, ctx.pathParam("evse")))
                .flatMap(e -> LocationParts.connector(e, ctx.pathParam("connector")))
                .ifPresentOrElse(c -> ok(ctx, c), () -> error(ctx, 404, 2003)));
        app.delete(BASE + "/2.2.1/tariffs/{cc}/{pid}/{id}", ctx -> ok(ctx, null));
        app.post(BASE + "/2.2.1/cdrs", this::cdr);
        this.authorizations = new AuthorizationRepository(dsl);
        new TokensSender(tokens, authorizations, clock, publicUrl + BASE + "/2.2.1/tokens", countryCode, partyId, "evstack", 100)
                .register(app, BASE + "/2.2.1/tokens");
        commands.register(app, BASE + "/2.2.1/commands");
    }

    public String versionsUrl() {
        return publicUrl + BASE + "/versions";
    }

    /**
     * Client side of the credentials handshake (section 7.1.1): GET the CPO's versions and 2.2.1 details
     * with token A, store token B (hashed) before the POST because the CPO calls our versions with it
     * while handling the POST, then keep the token C it answers.
     */
    public long registerWith(String name, String versionsUrl, String tokenA) {
        try {
            JsonNode versions = send("GET", versionsUrl, tokenA, null).path("data");
            String detailsUrl = null;
            for (JsonNode v : versions) {
                if ("2.2.1".equals(v.path("version").asText())) detailsUrl = v.path("url").asText();
            }
            if (detailsUrl == null) throw new IllegalStateException("The CPO offers no OCPI 2.2.1 at " + versionsUrl);
            JsonNode endpoints = send("GET", detailsUrl, tokenA, null).path("data").path("endpoints");
            String credentialsUrl = url(endpoints, "credentials");
            String tokenB = newToken();
            long pk = repo.insertCpo(name, versionsUrl, hash(tokenB), clock.instant());
            try {
                JsonNode answer = send("POST", credentialsUrl, tokenA, Map.of("token", tokenB, "url", versionsUrl(),
                        "roles", List.of(Map.of("role", "EMSP", "party_id", partyId, "country_code", countryCode,
                                "business_details", Map.of("name", "evstack eMSP")))));
                JsonNode data = answer.path("data");
                if (answer.path("status_code").asInt() != 1000 || !data.hasNonNull("token")) {
                    throw new IllegalStateException("The CPO refused our credentials: " + answer);
                }
                JsonNode role = data.path("roles").path(0);
                String cpoCountry = role.path("country_code").asText(null);
                String cpoParty = role.path("party_id").asText(null);
                repo.registered(pk, data.path("token").asText(), cpoCountry, cpoParty, endpoints.toString(), clock.instant());
                if (cpoCountry != null && cpoParty != null) {
                    repo.supersede(pk, cpoCountry, cpoParty);
                }
                log.info("eMSP registered with CPO {} at {}", name, versionsUrl);
                try {
                    pullSync.sync(pk); // the first load; a module that fails is retried by the schedule
                } catch (RuntimeException e) {
                    log.warn("First pull from CPO {} failed: {}", name, e.getMessage());
                }
                return pk;
            } catch (RuntimeException e) {
                repo.deleteCpo(pk);
                throw e;
            }
        } catch (OcpiClient.Unreachable e) {
            throw new IllegalStateException("Cannot register with " + versionsUrl + ": " + e.getMessage(), e);
        }
    }

    /** A CPO we registered with, as the support API shows it (no tokens). */
    public record CpoView(long id, String name, String versionsUrl, String countryCode, String partyId, String status) {}

    /**
     * Whether we hold a registration with this CPO: one with this versions URL, or with this country code
     * and party id when they are given (a CPO that moved its URL is still the same party).
     */
    public boolean isRegistered(String versionsUrl, String countryCode, String partyId) {
        return repo.isRegistered(versionsUrl, countryCode, partyId);
    }

    public java.util.List<CpoView> cpos() {
        return repo.cpoViews();
    }

    /** How many CPO registrations the eMSP holds (one per CPO, however often it registered). */
    public int registrations() {
        return repo.cpoCount();
    }

    /** A valid RFID token of ours, pushed as {@link #pushToken(OcpiToken)} does. */
    public void pushToken(String uid, String contractId) {
        pushToken(new OcpiToken(uid, "RFID", contractId, null, "evstack", true, "ALLOWED", clock.instant()));
    }

    /**
     * Token sender, push side (section 12.1.1): PUT the whole Token object (section 12.3.2; valid false
     * when blocked or expired) to every CPO we registered with, so their chargers accept or refuse it and
     * its sessions and CDRs come back to us. Every CPO is tried; if any failed, an exception names them
     * after all were tried. The token stays in our list, which CPOs pull (section 12.1.2), so nothing is lost.
     */
    public void pushToken(OcpiToken token) {
        var failures = new java.util.ArrayList<String>();
        for (EmspRepository.Cpo cpo : repo.registeredCpos()) {
            try {
                String url = url(read(cpo.endpoints()), "tokens") + "/" + countryCode + "/" + partyId + "/" + token.uid()
                        + "?type=" + token.type();
                JsonNode answer = send("PUT", url, cpo.tokenC(), token.toOcpi(countryCode, partyId));
                if (answer.path("status_code").asInt() != 1000) {
                    failures.add(cpo.name() + " refused it: " + answer);
                }
            } catch (RuntimeException e) {
                failures.add(cpo.name() + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("Token " + token.uid() + " not pushed to " + String.join("; ", failures));
        }
    }

    /** START_SESSION, STOP_SESSION … to a CPO over OCPI, for the driver API. */
    public OcpiChargingCommands chargingCommands() {
        return chargingCommands;
    }

    /** Pull synchronisation with the registered CPOs: on demand, or scheduled. */
    public PullSync pullSync() {
        return pullSync;
    }

    /**
     * An authorization we gave a CPO in real time (OCPI 2.2.1 section 12.3.1 authorization_reference), with
     * the Session and CDR that came back with its reference, once they have.
     */
    public record Authorization(String reference, String cpo, String tokenUid, String tokenType, String locationId,
            java.time.Instant issuedAt, String sessionId, String cdrId) {}

    public Optional<Authorization> authorization(String reference) {
        return authorizations.find(reference);
    }

    /** Our price of a received CDR, if it was priced. */
    public Optional<PricedCdr> pricedCdr(String cdrId) {
        return repo.price(cdrId).map(p -> new PricedCdr(p.cdrId(), p.currency(), p.cpoExclVat(), p.engineExclVat(),
                p.engineInclVat(), p.mismatch()));
    }

    public record PricedCdr(String cdrId, String currency, java.math.BigDecimal cpoExclVat,
            java.math.BigDecimal exclVat, java.math.BigDecimal inclVat, boolean mismatch) {}

    private void cdr(Context ctx) {
        JsonNode cdr = read(ctx.body());
        cdrIntake.accept(cpo(ctx), cdr);
        String id = cdr.path("id").asText();
        ctx.header("Location", publicUrl + BASE + "/2.2.1/cdrs/" + id);
        ok(ctx, null);
    }

    private void store(Context ctx, String module) {
        repo.putObject(cpo(ctx).pk(), module, ctx.pathParam("cc"), ctx.pathParam("pid"), ctx.pathParam("id"), ctx.body(),
                clock.instant());
        ok(ctx, null);
    }

    private void patch(Context ctx, String module) {
        var current = repo.object(module, ctx.pathParam("cc"), ctx.pathParam("pid"), ctx.pathParam("id"));
        if (current.isEmpty()) {
            error(ctx, 404, 2003);
            return;
        }
        var merged = (com.fasterxml.jackson.databind.node.ObjectNode) read(current.get());
        merged.setAll((com.fasterxml.jackson.databind.node.ObjectNode) read(ctx.body()));
        repo.putObject(cpo(ctx).pk(), module, ctx.pathParam("cc"), ctx.pathParam("pid"), ctx.pathParam("id"),
                merged.toString(), clock.instant());
        ok(ctx, null);
    }

    /**
     * PATCH of one EVSE (section 8.2.2.3), how a CPO reports a status change: merged into the EVSE inside
     * the stored location, so the drivers' charger search shows the live status.
     */
    private void patchEvse(Context ctx) {
        var current = repo.object("locations", ctx.pathParam("cc"), ctx.pathParam("pid"), ctx.pathParam("id"));
        if (current.isEmpty()) {
            error(ctx, 404, 2003);
            return;
        }
        var location = (com.fasterxml.jackson.databind.node.ObjectNode) read(current.get());
        var change = read(ctx.body());
        boolean found = false;
        for (JsonNode evse : location.path("evses")) {
            if (evse instanceof com.fasterxml.jackson.databind.node.ObjectNode e
                    && ctx.pathParam("evse").equals(e.path("uid").asText()) && change.isObject()) {
                e.setAll((com.fasterxml.jackson.databind.node.ObjectNode) change);
                found = true;
            }
        }
        if (!found && change.isObject()) {
            // A CPO may report a new EVSE's status before re-sending the location: keep what it says (uid,
            // status) rather than refuse it for ever; the next PUT of the location brings its connectors.
            var evse = ((com.fasterxml.jackson.databind.node.ObjectNode) change).deepCopy().put("uid", ctx.pathParam("evse"));
            location.withArrayProperty("evses").add(evse);
        }
        if (change.hasNonNull("last_updated")) {
            location.set("last_updated", change.get("last_updated"));
        }
        repo.putObject(cpo(ctx).pk(), "locations", ctx.pathParam("cc"), ctx.pathParam("pid"), ctx.pathParam("id"),
                location.toString(), clock.instant());
        ok(ctx, null);
    }

    private Optional<com.fasterxml.jackson.databind.node.ObjectNode> storedLocation(Context ctx) {
        return repo.object("locations", ctx.pathParam("cc"), ctx.pathParam("pid"), ctx.pathParam("id"))
                .map(EmspOcpi::read).filter(JsonNode::isObject).map(n -> (com.fasterxml.jackson.databind.node.ObjectNode) n);
    }

    private void storeLocation(Context ctx, com.fasterxml.jackson.databind.node.ObjectNode location) {
        repo.putObject(cpo(ctx).pk(), "locations", ctx.pathParam("cc"), ctx.pathParam("pid"), ctx.pathParam("id"),
                location.toString(), clock.instant());
        ok(ctx, null);
    }

    private static Optional<com.fasterxml.jackson.databind.node.ObjectNode> objectBody(Context ctx) {
        return read(ctx.body()) instanceof com.fasterxml.jackson.databind.node.ObjectNode o ? Optional.of(o) : Optional.empty();
    }

    /**
     * PUT of one EVSE (section 8.2.2.2), how a CPO announces an EVSE added after the location: the whole
     * EVSE with its connectors replaces (or joins) the one in the stored location, so the drivers' search
     * shows its connectors and prices without waiting for a pull.
     */
    private void putEvse(Context ctx) {
        var location = storedLocation(ctx);
        var evse = objectBody(ctx);
        if (location.isEmpty() || evse.isEmpty()) {
            // an EVSE of an unknown location cannot be stored (the CPO's sender retries after its location PUT)
            error(ctx, location.isEmpty() ? 404 : 400, location.isEmpty() ? 2003 : 2001);
            return;
        }
        LocationParts.putEvse(location.get(), ctx.pathParam("evse"), evse.get());
        storeLocation(ctx, location.get());
    }

    /** PUT of one connector (section 8.2.2.2) into its EVSE in the stored location. */
    private void putConnector(Context ctx) {
        var location = storedLocation(ctx);
        var evse = location.flatMap(l -> LocationParts.evse(l, ctx.pathParam("evse")));
        var connector = objectBody(ctx);
        if (evse.isEmpty() || connector.isEmpty()) {
            error(ctx, evse.isEmpty() ? 404 : 400, evse.isEmpty() ? 2003 : 2001);
            return;
        }
        LocationParts.putConnector(location.get(), evse.get(), ctx.pathParam("connector"), connector.get());
        storeLocation(ctx, location.get());
    }

    /** PATCH of one connector (section 8.2.2.3): merged into it in the stored location. */
    private void patchConnector(Context ctx) {
        var location = storedLocation(ctx);
        var connector = location.flatMap(l -> LocationParts.evse(l, ctx.pathParam("evse")))
                .flatMap(e -> LocationParts.connector(e, ctx.pathParam("connector")));
        var change = objectBody(ctx);
        if (connector.isEmpty() || change.isEmpty()) {
            error(ctx, connector.isEmpty() ? 404 : 400, connector.isEmpty() ? 2003 : 2001);
            return;
        }
        connector.get().setAll(change.get());
        var evse = LocationParts.evse(location.get(), ctx.pathParam("evse")).orElseThrow();
        LocationParts.touch(evse, change.get());
        LocationParts.touch(location.get(), change.get());
        storeLocation(ctx, location.get());
    }

    private void authenticate(Context ctx) {
        Optional<EmspRepository.Cpo> cpo = Optional.empty();
        String header = ctx.header("Authorization");
        if (header != null && header.startsWith("Token ")) {
            String raw = header.substring(6).trim();
            cpo = repo.cpoByTokenB(hash(raw));
            if (cpo.isEmpty()) {
                try {
                    cpo = repo.cpoByTokenB(hash(new String(Base64.getDecoder().decode(raw), StandardCharsets.UTF_8)));
                } catch (IllegalArgumentException notBase64) {
                    // the plain form was tried above
                }
            }
        }
        if (cpo.isEmpty()) {
            error(ctx, 401, 2000);
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute("cpo", cpo.get());
    }

    private static EmspRepository.Cpo cpo(Context ctx) {
        return ctx.attribute("cpo");
    }

    /** The envelope of an OCPI call over the module's one {@link OcpiClient}; an unreachable party throws. */
    private JsonNode send(String method, String url, String token, Object body) {
        return client.send(method, url, token, body).envelope();
    }

    private static String url(JsonNode endpoints, String module) {
        for (JsonNode e : endpoints) {
            if (module.equals(e.path("identifier").asText())) return e.path("url").asText();
        }
        throw new IllegalStateException("The CPO has no " + module + " endpoint");
    }

    private Map<String, String> endpoint(String module, String role) {
        return Map.of("identifier", module, "role", role, "url", publicUrl + BASE + "/2.2.1/" + module);
    }

    private void ok(Context ctx, Object data) {
        var body = new java.util.LinkedHashMap<String, Object>();
        if (data != null) body.put("data", data);
        body.put("status_code", 1000);
        body.put("timestamp", clock.instant().toString());
        ctx.json(body);
    }

    private void error(Context ctx, int http, int code) {
        ctx.status(http).json(Map.of("status_code", code, "timestamp", clock.instant().toString()));
    }

    static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw new io.javalin.http.BadRequestResponse("Malformed JSON");
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public void close() {
        // The HTTP server belongs to EmspServer; the pull schedule and the command sweep are ours.
        pullSync.close();
        commandSweep.close();
    }
}
