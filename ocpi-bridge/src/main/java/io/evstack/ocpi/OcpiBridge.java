package io.evstack.ocpi;

import io.evstack.csms.api.ApiCredentials;
import io.evstack.csms.authorization.AuthorizationService;
import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.event.InProcessEventBus;
import io.evstack.csms.ocpp16.Ocpp16Operations;
import io.evstack.csms.ocpp201.Ocpp201Operations;
import io.evstack.csms.transaction.RunningCostProvider;
import io.evstack.csms.transaction.TransactionService;
import io.evstack.ocpi.cdrs.CdrService;
import io.evstack.ocpi.chargingprofiles.ChargingProfileService;
import io.evstack.ocpi.chargingprofiles.ChargingProfilesRoutes;
import io.evstack.ocpi.chargingprofiles.SessionCaps;
import io.evstack.ocpi.commands.CommandService;
import io.evstack.ocpi.commands.CommandsRoutes;
import io.evstack.ocpi.credentials.Caller;
import io.evstack.ocpi.credentials.CredentialsRoutes;
import io.evstack.ocpi.credentials.CredentialsService;
import io.evstack.ocpi.credentials.PartyRepository;
import io.evstack.ocpi.credentials.Representation;
import io.evstack.ocpi.hubclientinfo.HubClientInfoRoutes;
import io.evstack.ocpi.hubclientinfo.HubClientInfoService;
import io.evstack.ocpi.locations.LocationService;
import io.evstack.ocpi.locations.LocationsRoutes;
import io.evstack.ocpi.push.PushWorker;
import io.evstack.ocpi.sessions.SessionService;
import io.evstack.ocpi.sessions.SessionsRoutes;
import io.evstack.ocpi.tariffs.TariffService;
import io.evstack.ocpi.tariffs.TransactionPricing;
import io.evstack.ocpi.tokens.RealtimeAuthorizer;
import io.evstack.ocpi.tokens.TokenService;
import io.evstack.ocpi.tokens.TokensRoutes;
import io.evstack.ocpi.transport.AsyncResults;
import io.evstack.ocpi.transport.Http;
import io.evstack.ocpi.transport.OcpiClient;
import io.evstack.ocpi.transport.OcpiException;
import io.evstack.ocpi.transport.OcpiStatus;
import io.evstack.ocpi.transport.RoutingHeaders;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCPI 2.2.1 CPO role of one node: its services, its HTTP server (Javalin, a virtual thread per
 * request) and its push worker, wired from the CSMS's service API and event bus.
 *
 * <p>Transport rules applied to every request (section 4): {@code X-Request-ID} and
 * {@code X-Correlation-ID} echoed (made up when missing); the credentials token in either form; no or
 * an unknown token is 401, token A anywhere but versions and credentials is 401 (4.1.2); the routing
 * headers checked against the caller and echoed ({@link RoutingHeaders}); bad JSON is 400,
 * an unknown object on GET 404, a semantically wrong request 2001; only a genuine fault is a 500 (3000).
 *
 * <p>Our own eMSP (its own issue) registers like any party: {@link #issueTokenA} gives it a token A and
 * {@link OcpiConfig#versionsUrl()} where to start; it may add its own routes under /ocpi/emsp through
 * the {@code extraRoutes} hook.
 */
public final class OcpiBridge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OcpiBridge.class);
    /** How far back (by start time) a start looks for stopped transactions without a CDR. */
    static final java.time.Duration CDR_RECOVERY_WINDOW = java.time.Duration.ofDays(3);

    private final Clock clock;
    private final OcpiConfig config;
    private final CredentialsService credentials;
    private final TokenService tokens;
    private final RealtimeAuthorizer realtime;
    private final PushWorker worker;
    private final OcpiEventHandler eventHandler;
    private final Javalin app;
    private final RoutingHeaders routing;
    private final TransactionPricing pricing;

    public OcpiBridge(DSLContext dsl, Clock clock, OcpiConfig config, ChargePointService chargePoints,
            TransactionService transactions, AuthorizationService authorization, Ocpp16Operations operations,
            Ocpp201Operations operations201, SessionCaps caps, InProcessEventBus events, ApiCredentials admin, Consumer<Javalin> extraRoutes) {
        this.clock = clock;
        this.config = config;
        this.routing = new RoutingHeaders(config.countryCode(), config.partyId());
        OcpiClient client = new OcpiClient(config.httpTimeout());
        this.credentials = new CredentialsService(dsl, clock, config, client);
        var locations = new LocationService(dsl, clock, config, chargePoints);
        var tariffs = new TariffService(dsl, clock, config);
        this.tokens = new TokenService(dsl, clock, authorization);
        var realtimeGiven = new io.evstack.ocpi.tokens.RealtimeAuthorizations(clock);
        this.realtime = new RealtimeAuthorizer(dsl, client, config, realtimeGiven);
        var pricing = new TransactionPricing(dsl, config, transactions, tariffs, locations.mapping());
        this.pricing = pricing;
        var sessions = new SessionService(dsl, clock, config, tokens, locations.mapping(), pricing);
        var cdrs = new CdrService(dsl, clock, config, locations.mapping());
        this.worker = new PushWorker(dsl, clock, config, client);
        // who may act for whose sessions and CDRs: a hub also for the parties behind it (section 4.1.4)
        var representation = new Representation(new PartyRepository(dsl));
        var results = new AsyncResults(dsl, clock, config.commandTimeout(), worker::wake);
        var commands = new CommandService(dsl, clock, chargePoints, operations, operations201, transactions, locations,
                sessions, results, representation);
        var chargingProfiles = new ChargingProfileService(dsl, clock, chargePoints, transactions, sessions, operations,
                operations201, caps, results, representation);
        chargingProfiles.restoreCaps();
        this.eventHandler = new OcpiEventHandler(dsl, clock, config, locations, transactions, sessions, pricing, cdrs, tokens,
                commands, worker, realtimeGiven);
        // Several lanes: an event's work is a few dozen queries, a lane mostly waits on the database.
        events.subscribe("ocpi", eventHandler, config.eventLanes());
        var adminRoutes = new AdminRoutes(dsl, clock, config, admin, credentials, locations, tariffs, worker);

        this.app = Javalin.create(cfg -> {
            cfg.useVirtualThreads = true;
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
        });
        app.before(ctx -> {
            String requestId = Optional.ofNullable(ctx.header("X-Request-ID")).orElseGet(() -> UUID.randomUUID().toString());
            String correlationId = Optional.ofNullable(ctx.header("X-Correlation-ID")).orElseGet(() -> UUID.randomUUID().toString());
            ctx.header("X-Request-ID", requestId);
            ctx.header("X-Correlation-ID", correlationId);
            if (ctx.path().startsWith(OcpiPaths.ADMIN)) {
                adminRoutes.check(ctx);
            } else if (ctx.path().startsWith("/ocpi/cpo")) {
                authenticate(ctx);
            }
        });
        app.exception(OcpiException.class, (e, ctx) -> Http.error(ctx, clock, e.httpStatus(), e.statusCode(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.warn("OCPI {} {} failed", ctx.method(), ctx.path(), e);
            Http.error(ctx, clock, 500, OcpiStatus.SERVER_ERROR, "Internal error");
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                Http.error(ctx, clock, 404, OcpiStatus.CLIENT_ERROR, "No such resource: " + ctx.path());
            }
        });
        new CredentialsRoutes(credentials, config, clock).register(app);
        new LocationsRoutes(locations, config, clock).register(app);
        new SessionsRoutes(sessions, cdrs, tariffs, config, clock, representation).register(app);
        new TokensRoutes(tokens, clock).register(app);
        new CommandsRoutes(commands, clock).register(app);
        new ChargingProfilesRoutes(chargingProfiles, clock).register(app);
        new HubClientInfoRoutes(new HubClientInfoService(dsl, clock, worker::wake), config, clock).register(app);
        adminRoutes.register(app);
        if (extraRoutes != null) {
            extraRoutes.accept(app);
        }
    }

    private void authenticate(Context ctx) {
        Caller caller = credentials.authenticate(ctx.header("Authorization"))
                .orElseThrow(() -> OcpiException.unauthorized("Missing or unknown credentials token"));
        String path = ctx.path();
        boolean registrationPath = path.equals(OcpiPaths.VERSIONS) || path.equals(OcpiPaths.BASE)
                || path.equals(OcpiPaths.BASE + "/") || path.startsWith(OcpiPaths.BASE + "/credentials");
        if (caller.registrationOnly() && !registrationPath) {
            throw OcpiException.unauthorized("Token A only opens versions and credentials (section 4.1.2)");
        }
        ctx.attribute(Http.CALLER, caller);
        routing.apply(ctx, caller);
    }

    /** Starts the HTTP server (port 0: any free one) and the push worker. */
    public OcpiBridge start(int port) {
        app.start(port);
        worker.start();
        Thread.ofVirtual().name("ocpi-cdr-recovery").start(() -> {
            try {
                eventHandler.recoverCdrs(CDR_RECOVERY_WINDOW);
            } catch (RuntimeException e) {
                log.warn("Recovering CDRs of lost stop events failed", e);
            }
        });
        log.info("OCPI {} CPO endpoints at {} (versions {})", OcpiPaths.VERSION, config.publicUrl(), config.versionsUrl());
        return this;
    }

    public int port() {
        return app.port();
    }

    /** A token A for a party to register with (our own eMSP included); shown once, stored hashed. */
    public String issueTokenA(String name) {
        return credentials.issueTokenA(name, true);
    }

    public CredentialsService credentials() {
        return credentials;
    }

    public TokenService tokens() {
        return tokens;
    }

    /** For the CSMS's authorization hook: real-time authorization of a token through its eMSP (12.1.3). */
    public RealtimeAuthorizer realtimeAuthorizer() {
        return realtime;
    }

    /**
     * The CSMS's view of real-time authorization: an OCPI AllowedType becomes the OCPP status a charger
     * understands (ALLOWED Accepted, BLOCKED Blocked, EXPIRED Expired, NO_CREDIT and NOT_ALLOWED Invalid).
     */
    public io.evstack.csms.authorization.RemoteAuthorizer remoteAuthorizer() {
        return idTag -> realtime.authorize(idTag, "RFID", null, null).map(d -> new io.evstack.csms.authorization.Authorization(
                switch (d.allowed()) {
                    case "ALLOWED" -> io.evstack.csms.authorization.AuthorizationStatus.Accepted;
                    case "BLOCKED" -> io.evstack.csms.authorization.AuthorizationStatus.Blocked;
                    case "EXPIRED" -> io.evstack.csms.authorization.AuthorizationStatus.Expired;
                    default -> io.evstack.csms.authorization.AuthorizationStatus.Invalid;
                }, null, null));
    }

    public PushWorker pushWorker() {
        return worker;
    }

    /** The cost the tariff of a transaction's connector makes so far, for the stations' displays (OCPP 2.0.1 I02/I03). */
    public RunningCostProvider runningCost() {
        return pricing::runningCost;
    }

    public OcpiConfig config() {
        return config;
    }

    @Override
    public void close() {
        worker.close();
        app.stop();
    }
}
