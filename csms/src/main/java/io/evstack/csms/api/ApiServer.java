package io.evstack.csms.api;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.openapi.plugin.OpenApiPlugin;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of the operator API (Javalin on Jetty, a virtual thread per request).
 * <ul>
 *   <li>{@value #OPENAPI_PATH}: the OpenAPI 3 document, generated at compile time from the
 *       {@code @OpenApi} annotations; no credentials needed;</li>
 *   <li>{@value #HEALTH_PATH}: liveness, no credentials needed;</li>
 *   <li>{@value OperatorApi#V1}/…: the API, HTTP Basic with the {@link ApiCredentials};</li>
 *   <li>whatever the {@code extraRoutes} hook adds (such as {@value #METRICS_PATH}, which needs the same
 *       credentials); it sees the Javalin instance after the API's routes and error handlers are in place.</li>
 * </ul>
 */
public final class ApiServer implements AutoCloseable {
    public static final String OPENAPI_PATH = "/openapi.json";
    public static final String HEALTH_PATH = "/health";
    /** Prometheus metrics, added by the stack through {@code extraRoutes}; HTTP Basic like the API. */
    public static final String METRICS_PATH = "/metrics";

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final Javalin app;

    public ApiServer(ApiServices services, ApiCredentials credentials, Consumer<Javalin> extraRoutes) {
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(credentials, "credentials");
        this.app = Javalin.create(cfg -> {
            cfg.useVirtualThreads = true;
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.defaultContentType = "application/json";
            cfg.jsonMapper(new JavalinJackson(ApiJson.MAPPER, true));
            cfg.requestLogger.http((ctx, ms) -> log.debug("{} {} {} {} ms", ctx.method(), ctx.path(),
                    ctx.statusCode(), Math.round(ms)));
            cfg.registerPlugin(new OpenApiPlugin(openApi -> openApi
                    .withDocumentationPath(OPENAPI_PATH)
                    .withDefinitionConfiguration((version, definition) -> definition
                            .withInfo(info -> {
                                info.setTitle("evstack operator API");
                                info.setVersion("1");
                                info.setDescription("Charge points, id tags, transactions, reservations and OCPP 1.6 "
                                        + "operations of the CSMS. Every path under /api/v1 needs HTTP Basic.");
                            })
                            .withSecurity(security -> security
                                    .withBasicAuth(OpenApiDocument.SECURITY_SCHEME)
                                    .withGlobalSecurity(OpenApiDocument.SECURITY_SCHEME))
                            .withDefinitionProcessor(new OpenApiDocument(services.operations().operations().keySet())))));
        });
        new OperatorApi(services, credentials).register(app);
        app.get(HEALTH_PATH, ctx -> ctx.json(Map.of("status", "UP")));
        if (extraRoutes != null) {
            extraRoutes.accept(app);
        }
    }

    /** Listens on all interfaces; port 0 picks a free one (see {@link #port()}). */
    public ApiServer start(int port) {
        app.start(port);
        return this;
    }

    public ApiServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    /** The port listened on, once started. */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
