package io.evstack.ocpi.credentials;

import io.evstack.ocpi.OcpiConfig;
import io.evstack.ocpi.OcpiPaths;
import io.evstack.ocpi.transport.Http;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** versions (section 6) and credentials (section 7.2), the two modules token A opens. */
public final class CredentialsRoutes {
    /** Our modules in 2.2.1 and our role in each (section 6.2.2). */
    public static final List<String[]> MODULES = List.of(
            new String[] {"credentials", "SENDER"}, new String[] {"credentials", "RECEIVER"},
            new String[] {"locations", "SENDER"}, new String[] {"sessions", "SENDER"}, new String[] {"cdrs", "SENDER"},
            new String[] {"tariffs", "SENDER"}, new String[] {"tokens", "RECEIVER"}, new String[] {"commands", "RECEIVER"},
            new String[] {"chargingprofiles", "RECEIVER"}, new String[] {"hubclientinfo", "RECEIVER"},
            new String[] {"hubclientinfo", "SENDER"});

    private final CredentialsService credentials;
    private final OcpiConfig config;
    private final Clock clock;

    public CredentialsRoutes(CredentialsService credentials, OcpiConfig config, Clock clock) {
        this.credentials = credentials;
        this.config = config;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get(OcpiPaths.VERSIONS, ctx -> Http.ok(ctx, clock,
                List.of(Map.of("version", OcpiPaths.VERSION, "url", config.versionUrl()))));
        app.get(OcpiPaths.BASE, ctx -> {
            List<Credentials.Endpoint> endpoints = new ArrayList<>();
            for (String[] m : MODULES) {
                String url = config.versionUrl() + "/" + m[0];
                endpoints.add(new Credentials.Endpoint(m[0], m[1], url));
            }
            Http.ok(ctx, clock, Map.of("version", OcpiPaths.VERSION, "endpoints", endpoints));
        });
        String path = OcpiPaths.BASE + "/credentials";
        app.get(path, ctx -> Http.ok(ctx, clock, credentials.ours(Http.caller(ctx).presentedToken())));
        app.post(path, ctx -> Http.ok(ctx, clock, credentials.register(Http.caller(ctx), Http.body(ctx, Credentials.class))));
        app.put(path, ctx -> Http.ok(ctx, clock, credentials.update(Http.caller(ctx), Http.body(ctx, Credentials.class))));
        app.delete(path, ctx -> {
            credentials.unregister(Http.caller(ctx));
            Http.ok(ctx, clock, null);
        });
    }
}
