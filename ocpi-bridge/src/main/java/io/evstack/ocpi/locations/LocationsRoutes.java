package io.evstack.ocpi.locations;

import io.evstack.ocpi.OcpiConfig;
import io.evstack.ocpi.OcpiPaths;
import io.evstack.ocpi.transport.Http;
import io.evstack.ocpi.transport.OcpiException;
import io.evstack.ocpi.transport.OcpiStatus;
import io.evstack.ocpi.transport.Page;
import io.javalin.Javalin;
import java.time.Clock;

/** Locations Sender interface (section 8.2.1): the list, paginated, and one location, EVSE or connector. */
public final class LocationsRoutes {
    private final LocationService locations;
    private final OcpiConfig config;
    private final Clock clock;

    public LocationsRoutes(LocationService locations, OcpiConfig config, Clock clock) {
        this.locations = locations;
        this.config = config;
        this.clock = clock;
    }

    public void register(Javalin app) {
        String base = OcpiPaths.BASE + "/locations";
        app.get(base, ctx -> Http.ok(ctx, clock, Page.of(ctx, config.maxPageSize())
                .answer(ctx, config.publicUrl(), locations.all(), OcpiLocation::lastUpdated, l -> l)));
        app.get(base + "/{location_id}", ctx -> Http.ok(ctx, clock, location(ctx.pathParam("location_id"))));
        app.get(base + "/{location_id}/{evse_uid}", ctx -> Http.ok(ctx, clock,
                evse(location(ctx.pathParam("location_id")), ctx.pathParam("evse_uid"))));
        app.get(base + "/{location_id}/{evse_uid}/{connector_id}", ctx -> {
            var evse = evse(location(ctx.pathParam("location_id")), ctx.pathParam("evse_uid"));
            Http.ok(ctx, clock, evse.connectors().stream().filter(c -> c.id().equals(ctx.pathParam("connector_id")))
                    .findFirst().orElseThrow(() -> OcpiException.notFound(OcpiStatus.UNKNOWN_LOCATION,
                            "Unknown connector " + ctx.pathParam("connector_id"))));
        });
    }

    private OcpiLocation location(String id) {
        return locations.find(id).orElseThrow(() -> OcpiException.notFound(OcpiStatus.UNKNOWN_LOCATION, "Unknown location " + id));
    }

    private static OcpiLocation.Evse evse(OcpiLocation location, String uid) {
        var evse = location.evse(uid);
        if (evse == null) {
            throw OcpiException.notFound(OcpiStatus.UNKNOWN_LOCATION, "Unknown EVSE " + uid);
        }
        return evse;
    }
}
