package io.evstack.emsp.driver;

import static io.evstack.emsp.web.ApiPaths.DRIVER;
import static io.evstack.emsp.web.ApiPaths.OPENAPI_VERSION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.evstack.emsp.EmspException;
import io.evstack.emsp.account.BearerAuth;
import io.evstack.emsp.account.Caller;
import io.evstack.emsp.billing.DriverPricing;
import io.evstack.emsp.billing.Plan;
import io.evstack.emsp.billing.PlanPricing;
import io.evstack.emsp.roaming.RoamingObjects;
import io.evstack.emsp.roaming.SessionBook;
import io.evstack.emsp.roaming.SessionSummary;
import io.evstack.emsp.token.Token;
import io.evstack.emsp.token.TokenService;
import io.evstack.emsp.web.ApiError;
import io.evstack.emsp.web.Json;
import io.evstack.emsp.web.Params;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiDescription;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The driver API under {@value io.evstack.emsp.web.ApiPaths#DRIVER}: the caller's tokens, chargers
 * nearby, starting and stopping a session, the live session and the history. Every account may use it
 * for its own tokens; nothing here shows another account's data.
 */
public final class DriverRoutes {
    static final String TOKENS = DRIVER + "/tokens";
    static final String APP_TOKEN = TOKENS + "/app";
    static final String BLOCK = TOKENS + "/{uid}/block";
    static final String UNBLOCK = TOKENS + "/{uid}/unblock";
    static final String CHARGERS = DRIVER + "/chargers";
    static final String SESSIONS = DRIVER + "/sessions";
    static final String LIVE = SESSIONS + "/live";
    static final String STOP = SESSIONS + "/{id}/stop";
    static final String COMMAND = DRIVER + "/commands/{id}";
    private static final String TAG = "Driver";

    @OpenApiDescription("An RFID card the driver owns")
    public record CardRequest(@OpenApiDescription("The card's uid, 4 to 20 letters or digits") String uid,
            @OpenApiDescription("What is printed on the card") String visualNumber) {}

    @OpenApiDescription("Where to charge: the EVSE of a location from GET /chargers")
    public record StartRequest(String cpoCountryCode, String cpoPartyId, String locationId, String evseUid,
            @OpenApiDescription("Optional; the CPO chooses when left out") String connectorId,
            @OpenApiDescription("One of the caller's valid tokens; default: an app token (made when there is none)")
            String tokenUid) {}

    public record CommandAccepted(@OpenApiDescription("Poll GET /api/v1/driver/commands/{commandId} for the outcome")
            String commandId, String tokenUid) {}

    public record Page(List<SessionSummary> items, int page, int size, int total) {}

    private final TokenService tokens;
    private final RoamingObjects roaming;
    private final ChargerFinder chargers;
    private final SessionBook sessions;
    private final ChargingCommands commands;
    private final DriverPricing pricing;
    private final Clock clock;

    public DriverRoutes(TokenService tokens, RoamingObjects roaming, ChargingCommands commands, DriverPricing pricing,
            Clock clock) {
        this.tokens = tokens;
        this.roaming = roaming;
        this.chargers = new ChargerFinder(roaming);
        this.sessions = new SessionBook(roaming);
        this.commands = commands;
        this.pricing = pricing;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get(TOKENS, this::listTokens);
        app.post(TOKENS, this::addCard);
        app.post(APP_TOKEN, this::addAppToken);
        app.post(BLOCK, this::block);
        app.post(UNBLOCK, this::unblock);
        app.get(CHARGERS, this::chargers);
        app.post(SESSIONS, this::start);
        app.get(SESSIONS, this::history);
        app.get(LIVE, this::live);
        app.post(STOP, this::stop);
        app.get(COMMAND, this::command);
    }

    @OpenApi(path = TOKENS, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "myTokens", tags = TAG,
            summary = "My tokens (cards and app tokens)",
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Token[].class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class))
            })
    void listTokens(Context ctx) {
        ctx.json(tokens.ofAccount(BearerAuth.caller(ctx).accountPk()));
    }

    @OpenApi(path = TOKENS, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "addCard", tags = TAG,
            summary = "Register my RFID card",
            description = "The card gets a contract id (eMI3 form) and is pushed to every CPO we roam with.",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = CardRequest.class)),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = Token.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", description = "The uid is registered",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void addCard(Context ctx) {
        Caller caller = BearerAuth.caller(ctx);
        var body = Json.body(ctx, CardRequest.class);
        ctx.status(HttpStatus.CREATED).json(tokens.addRfidCard(caller.accountPk(), body.uid(), body.visualNumber()));
    }

    @OpenApi(path = APP_TOKEN, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "addAppToken",
            tags = TAG, summary = "Get an app token (OCPI type APP_USER) for starting sessions from the app",
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = Token.class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class))
            })
    void addAppToken(Context ctx) {
        ctx.status(HttpStatus.CREATED).json(tokens.issueAppToken(BearerAuth.caller(ctx).accountPk()));
    }

    @OpenApi(path = BLOCK, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "blockMyToken", tags = TAG,
            summary = "Block my card (lost or stolen)", description = "CPOs are told at once (valid: false).",
            pathParams = @OpenApiParam(name = "uid", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Token.class)),
                @OpenApiResponse(status = "404", description = "Not one of my tokens",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void block(Context ctx) {
        ctx.json(tokens.block(own(ctx).uid()));
    }

    @OpenApi(path = UNBLOCK, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "unblockMyToken",
            tags = TAG, summary = "Unblock my card", pathParams = @OpenApiParam(name = "uid", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Token.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", description = "The token has expired",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void unblock(Context ctx) {
        ctx.json(tokens.unblock(own(ctx).uid()));
    }

    @OpenApi(path = CHARGERS, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "chargersNear",
            tags = TAG, summary = "Chargers near a position",
            description = "From the locations the CPOs we roam with published, nearest first, with each EVSE's live "
                    + "status, each connector's maximum power, the CPO's tariffs and the price under the caller's plan "
                    + "(driverPrice: the CPO's prices with the plan's markup, or the plan's own price per kWh; incl. the plan's VAT). "
                    + "A tariff in another currency than the plan's is converted at the operator's exchange rate of today: "
                    + "driverPrice.conversion tells the rate and marks the prices as an estimate, and each component keeps "
                    + "the price in the tariff's currency (originalExclVat, originalInclVat).",
            queryParams = {
                @OpenApiParam(name = "lat", required = true, type = Double.class, description = "Latitude, -90 to 90"),
                @OpenApiParam(name = "lon", required = true, type = Double.class, description = "Longitude, -180 to 180"),
                @OpenApiParam(name = "radiusKm", type = Double.class, description = "Default 5, at most 100"),
                @OpenApiParam(name = "limit", type = Integer.class, description = "Default 50, at most 500")
            },
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ChargerFinder.Charger[].class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class))
            })
    void chargers(Context ctx) {
        Caller caller = BearerAuth.caller(ctx);
        double lat = Params.requiredDouble(ctx, "lat", -90, 90);
        double lon = Params.requiredDouble(ctx, "lon", -180, 180);
        double radius = Params.queryDouble(ctx, "radiusKm", 5, 0, 100);
        int limit = Params.queryInt(ctx, "limit", 50, 1, 500);
        Instant now = clock.instant();
        Optional<Plan> plan = pricing.planOf(caller, now);
        Function<JsonNode, PlanPricing.DisplayPrice> prices = plan.isPresent() ? pricing.displayPrices(plan.get(), now) : tariff -> null;
        ctx.json(chargers.near(lat, lon, radius, limit, prices));
    }

    @OpenApi(path = SESSIONS, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "startCharging",
            tags = TAG, summary = "Start charging at an EVSE",
            description = "Sends OCPI START_SESSION to the CPO; the answer comes later: poll the command.",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = StartRequest.class)),
            responses = {
                @OpenApiResponse(status = "202", content = @OpenApiContent(from = CommandAccepted.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", description = "Unknown location or EVSE, or not my token",
                        content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "503", description = "Commands are not available",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void start(Context ctx) {
        Caller caller = BearerAuth.caller(ctx);
        var body = Json.body(ctx, StartRequest.class);
        for (var f : new String[][] {{"cpoCountryCode", body.cpoCountryCode()}, {"cpoPartyId", body.cpoPartyId()},
                {"locationId", body.locationId()}, {"evseUid", body.evseUid()}}) {
            if (f[1] == null || f[1].isBlank()) {
                throw EmspException.badRequest(f[0] + " is required");
            }
        }
        var location = roaming.one(RoamingObjects.LOCATIONS, body.cpoCountryCode(), body.cpoPartyId(), body.locationId())
                .orElseThrow(() -> EmspException.notFound("No location " + body.locationId() + " of "
                        + body.cpoCountryCode() + "*" + body.cpoPartyId()));
        boolean evseKnown = false;
        for (var evse : location.body().path("evses")) {
            evseKnown |= body.evseUid().equals(evse.path("uid").asText());
        }
        if (!evseKnown) {
            throw EmspException.notFound("Location " + body.locationId() + " has no EVSE " + body.evseUid());
        }
        Token token = chargingToken(caller, body.tokenUid());
        String id = commands.startSession(token.uid(), token.contractId(), body.cpoCountryCode(), body.cpoPartyId(),
                body.locationId(), body.evseUid(), body.connectorId());
        ctx.status(HttpStatus.ACCEPTED).json(new CommandAccepted(id, token.uid()));
    }

    @OpenApi(path = STOP, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "stopCharging", tags = TAG,
            summary = "Stop one of my sessions", description = "Sends OCPI STOP_SESSION to the CPO of the session.",
            pathParams = @OpenApiParam(name = "id", required = true, description = "The session id from /sessions/live"),
            responses = {
                @OpenApiResponse(status = "202", content = @OpenApiContent(from = CommandAccepted.class)),
                @OpenApiResponse(status = "404", description = "Not one of my sessions",
                        content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = ApiError.class))
            })
    void stop(Context ctx) {
        Caller caller = BearerAuth.caller(ctx);
        String id = ctx.pathParam("id");
        SessionSummary session = sessions.session(myUids(caller), id, clock.instant())
                .orElseThrow(() -> EmspException.notFound("No session " + id + " of yours"));
        String command = commands.stopSession(session.cpoCountryCode(), session.cpoPartyId(), session.id());
        ctx.status(HttpStatus.ACCEPTED).json(new CommandAccepted(command, session.tokenUid()));
    }

    @OpenApi(path = COMMAND, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "commandResult",
            tags = TAG, summary = "Where a start or stop command stands",
            pathParams = @OpenApiParam(name = "id", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ChargingCommands.CommandStatus.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void command(Context ctx) {
        BearerAuth.caller(ctx);
        String id = ctx.pathParam("id");
        ctx.json(commands.result(id).orElseThrow(() -> EmspException.notFound("No command " + id)));
    }

    @OpenApi(path = LIVE, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "liveSessions", tags = TAG,
            summary = "My sessions now running",
            description = "kWh, power (when the CPO reports it), duration, the CPO's cost so far (our estimate under the "
                    + "connector's tariff when the CPO sends none: cpoCostEstimated) and driverCost, the cost so far under "
                    + "the plan in force when the session started (the plan its CDR is billed with). A session in another "
                    + "currency than the plan's is converted at the operator's exchange rate of today: driverCost.conversion "
                    + "tells the rate and marks the cost as an estimate; originalExclVat and originalInclVat are the same "
                    + "cost in the session's currency.",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = SessionSummary[].class)))
    void live(Context ctx) {
        Caller caller = BearerAuth.caller(ctx);
        Instant now = clock.instant();
        List<String> uids = myUids(caller);
        List<SessionSummary> live = sessions.live(uids, now);
        List<SessionSummary> priced = new ArrayList<>(live.size());
        for (SessionSummary s : live) {
            // The plan in force when the session started: the one its CDR is billed with (BillingService).
            Optional<DriverPricing.LivePlan> plan = pricing.livePlan(caller, s.start() != null ? s.start() : now, now);
            if (plan.isEmpty()) {
                priced.add(s);
                continue;
            }
            BigDecimal usedThisMonth = plan.get().plan().kind() == Plan.Kind.SUBSCRIPTION ? kwhUsed(uids, plan.get(), now)
                    : BigDecimal.ZERO;
            priced.add(withCosts(s, plan.get().plan(), now, usedThisMonth));
        }
        ctx.json(priced);
    }

    /** The session with its cost so far, the CPO's and the driver's, priced under the connector's tariff. */
    private SessionSummary withCosts(SessionSummary s, Plan plan, Instant now, BigDecimal usedThisMonth) {
        var raw = roaming.one(RoamingObjects.SESSIONS, s.cpoCountryCode(), s.cpoPartyId(), s.id()).orElse(null);
        if (raw == null) {
            return s;
        }
        JsonNode location = roaming.one(RoamingObjects.LOCATIONS, s.cpoCountryCode(), s.cpoPartyId(), s.locationId())
                .map(RoamingObjects.Stored::body).orElse(null);
        JsonNode tariff = null;
        ZoneId zone = null;
        if (location != null) {
            zone = zone(location.path("time_zone").asText(null));
            String tariffId = connector(location, s.evseUid(), s.connectorId()).path("tariff_ids").path(0).asText(null);
            tariff = tariffId == null ? null : roaming.one(RoamingObjects.TARIFFS, s.cpoCountryCode(), s.cpoPartyId(), tariffId)
                    .map(RoamingObjects.Stored::body).orElse(null);
        }
        var cost = pricing.live(plan, raw.body(), tariff, zone, now, usedThisMonth);
        return s.withCosts(cost.cpoExclVat(), cost.cpoInclVat(), cost.cpoEstimated(), cost.driver());
    }

    /**
     * kWh of the caller's CDRs that ended in the current billing month and started in the plan's period: what a
     * subscription's allowance has used so far, counted as billing counts it.
     */
    private BigDecimal kwhUsed(List<String> uids, DriverPricing.LivePlan plan, Instant now) {
        var month = pricing.billingMonth(now);
        return sessions.cdrs(uids).stream()
                .filter(c -> c.end() != null && c.kwh() != null && pricing.billingMonth(c.end()).equals(month))
                .filter(c -> c.start() == null || (!c.start().isBefore(plan.countFrom())
                        && (plan.countUntil() == null || c.start().isBefore(plan.countUntil()))))
                .map(SessionSummary::kwh).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static JsonNode connector(JsonNode location, String evseUid, String connectorId) {
        for (JsonNode evse : location.path("evses")) {
            if (evse.path("uid").asText().equals(evseUid)) {
                for (JsonNode c : evse.path("connectors")) {
                    if (connectorId == null || c.path("id").asText().equals(connectorId)) {
                        return c;
                    }
                }
            }
        }
        return MissingNode.getInstance();
    }

    private static ZoneId zone(String id) {
        try {
            return id == null ? null : ZoneId.of(id);
        } catch (DateTimeException e) {
            return null;
        }
    }

    @OpenApi(path = SESSIONS, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "history", tags = TAG,
            summary = "My sessions and CDRs, newest first",
            queryParams = {
                @OpenApiParam(name = "page", type = Integer.class, description = "From 0, default 0"),
                @OpenApiParam(name = "size", type = Integer.class, description = "Default 20, at most 200")
            },
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Page.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class))
            })
    void history(Context ctx) {
        Caller caller = BearerAuth.caller(ctx);
        int page = Params.queryInt(ctx, "page", 0, 0, 1_000_000);
        int size = Params.queryInt(ctx, "size", 20, 1, 200);
        List<SessionSummary> all = sessions.history(myUids(caller), clock.instant());
        int from = (int) Math.min((long) page * size, all.size());
        ctx.json(new Page(all.subList(from, Math.min(from + size, all.size())), page, size, all.size()));
    }

    private Token own(Context ctx) {
        Caller caller = BearerAuth.caller(ctx);
        String uid = ctx.pathParam("uid");
        return tokens.ofAccount(caller.accountPk()).stream().filter(t -> t.uid().equalsIgnoreCase(uid)).findFirst()
                .orElseThrow(() -> EmspException.notFound("No token " + uid + " of yours"));
    }

    private Token chargingToken(Caller caller, String wanted) {
        List<Token> mine = tokens.ofAccount(caller.accountPk());
        if (wanted != null) {
            Token t = mine.stream().filter(x -> x.uid().equalsIgnoreCase(wanted)).findFirst()
                    .orElseThrow(() -> EmspException.notFound("No token " + wanted + " of yours"));
            if (!t.valid()) {
                throw EmspException.conflict("Token " + wanted + " is " + t.status().toLowerCase(Locale.ROOT));
            }
            return t;
        }
        return mine.stream().filter(t -> t.valid() && "APP_USER".equals(t.type())).findFirst()
                .orElseGet(() -> tokens.issueAppToken(caller.accountPk()));
    }

    private List<String> myUids(Caller caller) {
        return tokens.ofAccount(caller.accountPk()).stream().map(Token::uid).toList();
    }
}
