package io.evstack.ocpi.chargingprofiles;

import io.evstack.ocpi.OcpiPaths;
import io.evstack.ocpi.transport.Http;
import io.evstack.ocpi.transport.OcpiException;
import io.javalin.Javalin;
import java.time.Clock;

/**
 * Charging profiles Receiver interface (section 14.2.2): {@code GET ?duration&response_url} for the
 * active profile, {@code PUT} a SetChargingProfile, {@code DELETE ?response_url} to clear it, each on
 * {@code /chargingprofiles/{session_id}}.
 */
public final class ChargingProfilesRoutes {
    private final ChargingProfileService profiles;
    private final Clock clock;

    public ChargingProfilesRoutes(ChargingProfileService profiles, Clock clock) {
        this.profiles = profiles;
        this.clock = clock;
    }

    public void register(Javalin app) {
        String path = OcpiPaths.BASE + "/chargingprofiles/{session_id}";
        app.put(path, ctx -> Http.ok(ctx, clock, profiles.set(Http.caller(ctx).party(), ctx.pathParam("session_id"),
                Http.body(ctx, ChargingProfileService.SetChargingProfile.class))));
        app.get(path, ctx -> {
            int duration;
            try {
                duration = Integer.parseInt(String.valueOf(ctx.queryParam("duration")));
            } catch (NumberFormatException e) {
                throw OcpiException.invalid("duration must be a whole number of seconds");
            }
            Http.ok(ctx, clock, profiles.active(Http.caller(ctx).party(), ctx.pathParam("session_id"), duration,
                    ctx.queryParam("response_url")));
        });
        app.delete(path, ctx -> Http.ok(ctx, clock, profiles.clear(Http.caller(ctx).party(), ctx.pathParam("session_id"),
                ctx.queryParam("response_url"))));
    }
}
