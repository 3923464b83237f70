package io.evstack.ocpi.sessions;

import io.evstack.ocpi.OcpiConfig;
import io.evstack.ocpi.OcpiPaths;
import io.evstack.ocpi.cdrs.CdrService;
import io.evstack.ocpi.credentials.Representation;
import io.evstack.ocpi.tariffs.TariffService;
import io.evstack.ocpi.transport.Http;
import io.evstack.ocpi.transport.Page;
import io.javalin.Javalin;
import java.time.Clock;

/**
 * The Sender lists of sessions (9.2.1), CDRs (10.2.1) and tariffs (11.2.1), paginated. Sessions and CDRs
 * show only those of the caller's tokens (section 4.1.4.1: "available to this client"), for a hub also
 * those of the parties behind it ({@link Representation}).
 */
public final class SessionsRoutes {
    private final SessionService sessions;
    private final CdrService cdrs;
    private final TariffService tariffs;
    private final OcpiConfig config;
    private final Clock clock;
    private final Representation representation;

    public SessionsRoutes(SessionService sessions, CdrService cdrs, TariffService tariffs, OcpiConfig config, Clock clock,
            Representation representation) {
        this.sessions = sessions;
        this.cdrs = cdrs;
        this.tariffs = tariffs;
        this.config = config;
        this.clock = clock;
        this.representation = representation;
    }

    public void register(Javalin app) {
        app.get(OcpiPaths.BASE + "/sessions", ctx -> {
            var party = Http.caller(ctx).party();
            Http.ok(ctx, clock, Page.of(ctx, config.maxPageSize()).answer(ctx, config.publicUrl(),
                    sessions.visibleTo(representation.actingFor(party)), SessionService.Stored::lastUpdated, SessionService.Stored::session));
        });
        app.get(OcpiPaths.BASE + "/cdrs", ctx -> {
            var party = Http.caller(ctx).party();
            Http.ok(ctx, clock, Page.of(ctx, config.maxPageSize()).answer(ctx, config.publicUrl(),
                    cdrs.visibleTo(representation.actingFor(party)), CdrService.Stored::lastUpdated, CdrService.Stored::body));
        });
        app.get(OcpiPaths.BASE + "/tariffs", ctx -> Http.ok(ctx, clock, Page.of(ctx, config.maxPageSize())
                .answer(ctx, config.publicUrl(), tariffs.all(), TariffService.StoredTariff::lastUpdated,
                        TariffService.StoredTariff::body)));
    }
}
