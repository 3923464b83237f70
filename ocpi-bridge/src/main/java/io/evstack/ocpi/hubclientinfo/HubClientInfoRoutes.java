package io.evstack.ocpi.hubclientinfo;

import io.evstack.ocpi.OcpiConfig;
import io.evstack.ocpi.OcpiPaths;
import io.evstack.ocpi.transport.Http;
import io.evstack.ocpi.transport.OcpiException;
import io.evstack.ocpi.transport.OcpiStatus;
import io.evstack.ocpi.transport.Page;
import io.javalin.Javalin;
import java.time.Clock;

/**
 * Hub client info (section 15.2): Receiver {@code GET}/{@code PUT /hubclientinfo/{country_code}/{party_id}},
 * and the paginated Sender list {@code GET /hubclientinfo} of the parties connected to us.
 */
public final class HubClientInfoRoutes {
    private final HubClientInfoService service;
    private final OcpiConfig config;
    private final Clock clock;

    public HubClientInfoRoutes(HubClientInfoService service, OcpiConfig config, Clock clock) {
        this.service = service;
        this.config = config;
        this.clock = clock;
    }

    public void register(Javalin app) {
        String base = OcpiPaths.BASE + "/hubclientinfo";
        app.get(base, ctx -> Http.ok(ctx, clock, Page.of(ctx, config.maxPageSize())
                .answer(ctx, config.publicUrl(), service.ourParties(), ClientInfo::lastUpdated, c -> c)));
        app.put(base + "/{country_code}/{party_id}", ctx -> Http.ok(ctx, clock, service.put(Http.caller(ctx).party(),
                ctx.pathParam("country_code"), ctx.pathParam("party_id"), Http.body(ctx, ClientInfo.class))));
        app.get(base + "/{country_code}/{party_id}", ctx -> Http.ok(ctx, clock,
                service.reported(ctx.pathParam("country_code"), ctx.pathParam("party_id"))
                        .orElseThrow(() -> OcpiException.notFound(OcpiStatus.CLIENT_ERROR, "No ClientInfo for "
                                + ctx.pathParam("country_code") + "/" + ctx.pathParam("party_id")))));
    }
}
