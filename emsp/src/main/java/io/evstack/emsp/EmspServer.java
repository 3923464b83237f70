package io.evstack.emsp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.emsp.account.AccountRoutes;
import io.evstack.emsp.account.AccountService;
import io.evstack.emsp.account.BearerAuth;
import io.evstack.emsp.account.PasswordHasher;
import io.evstack.emsp.billing.BillingConfig;
import io.evstack.emsp.billing.BillingRoutes;
import io.evstack.emsp.billing.BillingService;
import io.evstack.emsp.billing.DriverPricing;
import io.evstack.emsp.billing.ExchangeRateRoutes;
import io.evstack.emsp.billing.ExchangeRates;
import io.evstack.emsp.billing.PlanRoutes;
import io.evstack.emsp.billing.PlanService;
import io.evstack.emsp.billing.PlansInForce;
import io.evstack.emsp.contract.ContractCaKeyStore;
import io.evstack.emsp.contract.ContractCertificateAuthority;
import io.evstack.emsp.contract.ContractCertificateRoutes;
import io.evstack.emsp.contract.ContractCertificates;
import io.evstack.emsp.contract.OcspRoutes;
import io.evstack.emsp.driver.ChargingCommands;
import io.evstack.emsp.driver.DriverRoutes;
import io.evstack.emsp.fleet.FleetRoutes;
import io.evstack.emsp.fleet.FleetService;
import io.evstack.emsp.ocpi.EmspOcpi;
import io.evstack.emsp.roaming.RoamingObjects;
import io.evstack.emsp.token.TokenService;
import io.evstack.emsp.web.ApiError;
import io.evstack.emsp.web.ApiPaths;
import io.evstack.emsp.web.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.exception.DataException;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The eMSP's one HTTP server (Javalin on Jetty, a virtual thread per request), and the wiring of the eMSP:
 * <ul>
 *   <li>{@code /ocpi/emsp/…}: the OCPI 2.2.1 eMSP role ({@link EmspOcpi}), with OCPI's envelope and tokens;</li>
 *   <li>{@value ApiPaths#DRIVER}/…: the driver API ({@link AccountRoutes}, {@link DriverRoutes}, the ISO 15118
 *       contract certificates of {@link ContractCertificateRoutes});</li>
 *   <li>{@value OcspRoutes#PATH}: the OCSP responder of our contract-certificate CA ({@link OcspRoutes}), public;</li>
 *   <li>{@value ApiPaths#FLEET}/…: the fleet API ({@link FleetRoutes});</li>
 *   <li>{@code /api/v1/invoices}, {@code /api/v1/billing/runs}, {@code /api/v1/fleet/report}: invoices, billing
 *       runs (support) and fleet reports ({@link BillingRoutes});</li>
 *   <li>{@code …/driver/plan}, {@code …/fleet/companies/{id}/plan}: plans, plan history and changes ({@link PlanRoutes});</li>
 *   <li>{@code /api/v1/billing/exchange-rates}: the operator's exchange rates ({@link ExchangeRateRoutes});</li>
 *   <li>{@value #OPENAPI_PATH}: the OpenAPI 3 document of the driver and fleet APIs, and {@value #HEALTH_PATH};
 *       neither needs a login.</li>
 * </ul>
 * Every driver and fleet route except sign-up and login needs {@code Authorization: Bearer <token>}.
 */
public final class EmspServer implements AutoCloseable {
    public static final String OPENAPI_PATH = "/openapi.json";
    public static final String HEALTH_PATH = "/health";
    public static final String DRIVER_APP_PATH = "/app";
    private static final String OPENAPI_RESOURCE = "/openapi-plugin/openapi-" + ApiPaths.OPENAPI_VERSION + ".json";
    /** Paths that need no login: sign-up, login, and OCSP (public by nature). */
    private static final Set<String> OPEN = Stream.concat(AccountRoutes.OPEN.stream(), OcspRoutes.OPEN.stream())
            .collect(Collectors.toUnmodifiableSet());
    private static final Logger log = LoggerFactory.getLogger(EmspServer.class);

    /**
     * @param publicUrl       how CPOs reach this server (it appears in our OCPI versions and credentials)
     * @param loginLifetime   how long a login's bearer token is accepted
     * @param supportEmail    the first SUPPORT account, created at start when no account has this e-mail;
     *                        {@code null} for none
     * @param supportPassword its initial password
     * @param contractCaKeyStore the PKCS#12 file keeping our contract-certificate CA (ISO 15118 MO root and
     *                        sub-CA), made on first start; {@code null}: a CA in memory only, whose contract
     *                        certificates stop verifying at a restart (tests)
     * @param contractCaPassword its password; null or blank: generated on first start into
     *                        {@code <file>.password} (owner-only)
     */
    public record Settings(String publicUrl, String countryCode, String partyId, Duration loginLifetime,
            String supportEmail, String supportPassword, Path contractCaKeyStore, String contractCaPassword) {
        public Settings {
            Objects.requireNonNull(publicUrl, "publicUrl");
            Objects.requireNonNull(loginLifetime, "loginLifetime");
        }

        /** With a contract-certificate CA held in memory only. */
        public Settings(String publicUrl, String countryCode, String partyId, Duration loginLifetime,
                String supportEmail, String supportPassword) {
            this(publicUrl, countryCode, partyId, loginLifetime, supportEmail, supportPassword, null, null);
        }

        /** Without the passwords. */
        @Override
        public String toString() {
            return "Settings[publicUrl=" + publicUrl + ", countryCode=" + countryCode + ", partyId=" + partyId
                    + ", loginLifetime=" + loginLifetime + ", supportEmail=" + supportEmail
                    + ", contractCaKeyStore=" + contractCaKeyStore + "]";
        }
    }

    private final Javalin app;
    private final EmspOcpi ocpi;
    private final AccountService accounts;
    private final TokenService tokens;
    private final BillingService billing;
    private final ContractCertificates contractCertificates;
    private volatile String openApi;

    public EmspServer(DSLContext dsl, Clock clock, Settings settings) {
        this(dsl, clock, settings, ocpi -> ChargingCommands.UNAVAILABLE);
    }

    /** @param commands makes the OCPI commands sender, which needs the eMSP's OCPI side */
    public EmspServer(DSLContext dsl, Clock clock, Settings settings, Function<EmspOcpi, ChargingCommands> commands) {
        this.app = Javalin.create(cfg -> {
            cfg.useVirtualThreads = true;
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.defaultContentType = "application/json";
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            // The driver's web app: static files from the class path, calling the driver API like any client.
            cfg.staticFiles.add(files -> {
                files.hostedPath = DRIVER_APP_PATH;
                files.directory = "/driver-app";
                files.location = Location.CLASSPATH;
                // Jetty names no charset for these types here ("charset=null"); the files are UTF-8.
                files.mimeTypes.add("text/html; charset=utf-8", "html");
                files.mimeTypes.add("text/javascript; charset=utf-8", "js");
                files.mimeTypes.add("text/css; charset=utf-8", "css");
            });
        });
        registerErrors(app, clock);
        this.ocpi = new EmspOcpi(app, dsl, clock, settings.publicUrl(), settings.countryCode(), settings.partyId());
        var plansInForce = new PlansInForce(dsl, clock);
        this.accounts = new AccountService(dsl, clock, new PasswordHasher(), settings.loginLifetime(), plansInForce);
        this.tokens = new TokenService(dsl, clock, settings.countryCode(), settings.partyId(),
                token -> ocpi.pushToken(TokenService.ocpi(token)));
        var roaming = new RoamingObjects(dsl);
        this.contractCertificates = new ContractCertificates(dsl, clock, tokens, contractCa(clock, settings));
        if (!contractCertificates.issuedTheStoredCertificates()) {
            log.error("The contract-certificate CA (STACK_EMSP_CONTRACT_CA_KEYSTORE) is not the one that signed the "
                    + "contract certificates in the database: was its key store lost or replaced? Those contracts will "
                    + "be refused at the stations until the original key store is restored");
        }
        var auth = new BearerAuth(accounts, OPEN);
        // Driver, fleet and invoice routes alike (/api/v1/invoices, /api/v1/billing/runs) need a login.
        app.before(ApiPaths.V1 + "/*", auth::check);
        this.billing = new BillingService(dsl, clock, BillingConfig.DEFAULT);
        new AccountRoutes(accounts).register(app);
        var driverPricing = new DriverPricing(plansInForce, new ExchangeRates(dsl, clock), billing.config().zone());
        new DriverRoutes(tokens, roaming, commands.apply(ocpi), driverPricing, clock).register(app);
        new ContractCertificateRoutes(contractCertificates).register(app);
        new OcspRoutes(contractCertificates, clock).register(app);
        new BillingRoutes(billing, BearerAuth::caller).register(app);
        new PlanRoutes(new PlanService(dsl, clock, billing.config().zone()), BearerAuth::caller).register(app);
        new ExchangeRateRoutes(new ExchangeRates(dsl, clock), BearerAuth::caller).register(app);
        new io.evstack.emsp.ocpi.CpoRoutes(ocpi).register(app);
        new FleetRoutes(accounts, tokens, new FleetService(dsl, clock, accounts, tokens, roaming)).register(app);
        app.get("/", ctx -> ctx.redirect(DRIVER_APP_PATH + "/"));
        app.get(HEALTH_PATH, ctx -> ctx.json(Map.of("status", "UP")));
        app.get(OPENAPI_PATH, ctx -> ctx.contentType("application/json").result(openApi()));
        if (settings.supportEmail() != null && !settings.supportEmail().isBlank()) {
            if (settings.supportPassword() == null || settings.supportPassword().isBlank()) {
                throw new IllegalArgumentException("The first support account needs a password as well as an e-mail");
            }
            accounts.ensureSupport(settings.supportEmail(), settings.supportPassword());
        }
    }

    /** Listens on all interfaces; port 0 picks a free one (see {@link #port()}). */
    public EmspServer start(int port) {
        app.start(port);
        log.info("eMSP on port {}: OCPI at /ocpi/emsp/versions, driver and fleet APIs under {}", app.port(), ApiPaths.V1);
        return this;
    }

    public int port() {
        return app.port();
    }

    public EmspOcpi ocpi() {
        return ocpi;
    }

    public AccountService accounts() {
        return accounts;
    }

    public TokenService tokens() {
        return tokens;
    }

    public BillingService billing() {
        return billing;
    }

    /** ISO 15118 contract certificates and their status (for the CSMS's Plug &amp; Charge authorization). */
    public ContractCertificates contractCertificates() {
        return contractCertificates;
    }

    private static ContractCertificateAuthority contractCa(Clock clock, Settings settings) {
        String ocspUrl = OcspRoutes.url(settings.publicUrl());
        String host = java.net.URI.create(ocspUrl).getHost();
        if (host == null || host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")) {
            // written into the certificates: stations and other CPOs elsewhere could not check them there
            log.warn("The contract certificates' OCSP responder URL is {}, which only this machine reaches; set "
                    + "STACK_EMSP_PUBLIC_URL for contracts used beyond it", ocspUrl);
        }
        if (settings.contractCaKeyStore() == null) {
            log.warn("No key store for the contract-certificate CA: it is held in memory, and the contract "
                    + "certificates it signs stop verifying when the eMSP restarts");
            return new ContractCertificateAuthority(clock, settings.countryCode(), settings.partyId(), ocspUrl);
        }
        return ContractCaKeyStore.openOrCreate(settings.contractCaKeyStore(), settings.contractCaPassword(), clock,
                settings.countryCode(), settings.partyId(), ocspUrl);
    }

    /** Errors of the driver and fleet APIs as {@link ApiError}; under /ocpi in OCPI's envelope (section 4.1.7). */
    private static void registerErrors(Javalin app, Clock clock) {
        app.exception(EmspException.class, (e, ctx) -> error(ctx, clock, e.status(), e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, clock, e.getStatus(), e.getMessage()));
        app.exception(IntegrityConstraintViolationException.class, (e, ctx) -> {
            log.info("Conflict on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, clock, 409, "The change conflicts with data stored meanwhile; reload and try again");
        });
        app.exception(DataException.class, (e, ctx) -> {
            log.info("Data refused on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, clock, 400, "A value is too long or out of range");
        });
        app.exception(Exception.class, (e, ctx) -> {
            log.error("eMSP server failed on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, clock, 500, "Internal server error; the server log has the details");
        });
    }

    private static void error(Context ctx, Clock clock, int status, String message) {
        String text = message == null || message.isBlank() ? "Error " + status : message;
        if (ctx.path().startsWith("/ocpi/")) {
            // OCPI 2.2.1 section 5: 2xxx client errors, 3xxx server errors, always inside the envelope.
            ctx.status(status).json(Map.of("status_code", status >= 500 ? 3000 : 2001, "status_message", text,
                    "timestamp", clock.instant().toString()));
            return;
        }
        ctx.status(status).json(new ApiError(status, text));
    }

    /**
     * The document the annotation processor generated from the {@code @OpenApi} annotations of the eMSP's
     * routes (version {@value ApiPaths#OPENAPI_VERSION}), with the title, the bearer scheme and, on every
     * operation but sign-up, login and OCSP, the requirement to use it. Built once, at its first request.
     */
    private String openApi() {
        String doc = openApi;
        if (doc == null) {
            doc = buildOpenApi();
            openApi = doc;
        }
        return doc;
    }

    static String buildOpenApi() {
        ObjectNode document;
        try (InputStream in = EmspServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing: was the annotation processor run?");
            }
            document = (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + OPENAPI_RESOURCE, e);
        }
        ObjectNode info = document.putObject("info");
        info.put("title", "evstack eMSP driver and fleet API");
        info.put("version", "1");
        info.put("description", "Accounts, tokens, ISO 15118 contract certificates, chargers nearby, charging "
                + "sessions (driver API) and vehicles, drivers and cards (fleet API). Log in with POST " + AccountRoutes.LOGIN + " and send the token as "
                + "'Authorization: Bearer <token>'. The OCPI 2.2.1 endpoints of the same server (/ocpi/emsp/versions) "
                + "follow the OCPI specification and are not described here.");
        document.withObject("/components").withObject("/securitySchemes").putObject(ApiPaths.SECURITY_SCHEME)
                .put("type", "http").put("scheme", "bearer")
                .put("description", "The token from POST " + AccountRoutes.LOGIN);
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            boolean open = OPEN.contains(path.getKey());
            for (JsonNode operation : path.getValue()) {
                if (operation instanceof ObjectNode op) {
                    var security = op.putArray("security");
                    if (!open) {
                        security.addObject().putArray(ApiPaths.SECURITY_SCHEME);
                    }
                }
            }
        }
        return document.toPrettyString();
    }

    @Override
    public void close() {
        tokens.stopExpiry();
        app.stop();
        ocpi.close();
    }
}
