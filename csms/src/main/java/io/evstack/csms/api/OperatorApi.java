package io.evstack.csms.api;

import io.evstack.csms.CsmsException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UnauthorizedResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jooq.exception.DataException;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator REST API under {@value #V1}: HTTP Basic in front of it, JSON errors for everything
 * that goes wrong, and each feature's routes, which each feature registers itself.
 */
public final class OperatorApi {
    public static final String V1 = "/api/v1";
    static final String REALM = "Basic realm=\"evstack operator API\", charset=\"UTF-8\"";
    private static final Logger log = LoggerFactory.getLogger(OperatorApi.class);

    private final ApiServices services;
    private final ApiCredentials credentials;

    public OperatorApi(ApiServices services, ApiCredentials credentials) {
        this.services = services;
        this.credentials = credentials;
    }

    public void register(Javalin app) {
        app.before(V1 + "/*", this::authenticate);
        // The metrics name every charger, site and OCPI party and show the load: operator data, so the same
        // credentials (a Prometheus scrape job sets basic_auth).
        app.before(ApiServer.METRICS_PATH, this::authenticate);
        registerErrors(app);
        new ChargePointRoutes(services).register(app);
        new IdTagRoutes(services.authorization()).register(app);
        new TransactionRoutes(services.transactions()).register(app);
        new ReservationRoutes(services).register(app);
        new OperationRoutes(services).register(app);
        new SiteRoutes(services.sites(), services.balancer()).register(app);
        if (services.operations201() != null) {
            new Ocpp201OperationRoutes(services).register(app);
        }
        if (services.issuedCertificates() != null) {
            new CertificateRoutes(services.chargePoints(), services.issuedCertificates()).register(app);
        }
        if (services.securityProfiles() != null) {
            new SecurityProfileRoutes(services.securityProfiles()).register(app);
        }
    }

    private void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new UnauthorizedResponse("Authentication required (HTTP Basic)");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UnauthorizedResponse("Malformed HTTP Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !credentials.check(decoded.substring(0, colon), decoded.substring(colon + 1))) {
            log.debug("Rejected operator API credentials from {}", ctx.ip());
            throw new UnauthorizedResponse("Wrong user or password");
        }
    }

    /** Every error is {@code {"status": …, "error": "…"}}; only a real 500 is logged with its stack trace. */
    static void registerErrors(Javalin app) {
        app.exception(CsmsException.class, (e, ctx) -> error(ctx, e.kind().httpStatus(), e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 401) {
                ctx.header("WWW-Authenticate", REALM);
            }
            error(ctx, e.getStatus(), e.getMessage());
        });
        app.exception(IntegrityConstraintViolationException.class, (e, ctx) -> {
            // A race the service's own check did not see, such as two creates of one id at once.
            log.info("Conflict on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, 409, "The change conflicts with data stored meanwhile; reload and try again");
        });
        app.exception(DataException.class, (e, ctx) -> {
            log.info("Data refused on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, 400, "A value is too long or out of range");
        });
        app.exception(Exception.class, (e, ctx) -> {
            log.error("Operator API failed on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "Internal server error; the server log has the details");
        });
    }

    static void error(Context ctx, int status, String message) {
        ctx.status(status).json(new ApiError(status, message == null || message.isBlank() ? "Error " + status : message));
    }
}
