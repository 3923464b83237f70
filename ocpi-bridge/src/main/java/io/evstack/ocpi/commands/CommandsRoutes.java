package io.evstack.ocpi.commands;

import io.evstack.ocpi.OcpiPaths;
import io.evstack.ocpi.transport.Http;
import io.javalin.Javalin;
import java.time.Clock;

/** Commands Receiver interface (section 13.2.2): {@code POST /commands/{command}}. */
public final class CommandsRoutes {
    private final CommandService commands;
    private final Clock clock;

    public CommandsRoutes(CommandService commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.post(OcpiPaths.BASE + "/commands/{command}", ctx -> Http.ok(ctx, clock,
                commands.handle(Http.caller(ctx).party(), ctx.pathParam("command"), Http.object(ctx))));
    }
}
