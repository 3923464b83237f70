package io.evstack.ocpi.tokens;

import io.evstack.ocpi.OcpiPaths;
import io.evstack.ocpi.credentials.Caller;
import io.evstack.ocpi.transport.Http;
import io.evstack.ocpi.transport.OcpiException;
import io.evstack.ocpi.transport.OcpiStatus;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * Tokens Receiver interface (section 12.2.2): GET, PUT, PATCH of
 * {@code /tokens/{country_code}/{party_id}/{token_uid}[?type=RFID]}. A party may only touch its own
 * tokens: another country/party in the URL is 404 (section 4.1.5.1).
 */
public final class TokensRoutes {
    private final TokenService tokens;
    private final Clock clock;

    public TokensRoutes(TokenService tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    public void register(Javalin app) {
        String path = OcpiPaths.BASE + "/tokens/{country_code}/{party_id}/{token_uid}";
        app.get(path, ctx -> {
            own(ctx);
            Http.ok(ctx, clock, tokens.find(cc(ctx), pid(ctx), ctx.pathParam("token_uid"), type(ctx))
                    .orElseThrow(() -> OcpiException.notFound(OcpiStatus.UNKNOWN_TOKEN, "Unknown token")).body());
        });
        app.put(path, ctx -> {
            own(ctx);
            boolean created = tokens.put(cc(ctx), pid(ctx), ctx.pathParam("token_uid"), type(ctx), Http.object(ctx));
            Http.status(ctx, clock, created ? 201 : 200, null);
        });
        app.patch(path, ctx -> {
            own(ctx);
            tokens.patch(cc(ctx), pid(ctx), ctx.pathParam("token_uid"), type(ctx), Http.object(ctx));
            Http.ok(ctx, clock, null);
        });
    }

    private static void own(Context ctx) {
        Caller caller = Http.caller(ctx);
        // A hub forwards the tokens of the eMSPs behind it (section 4.1.4): it may push any party's tokens.
        if (!caller.party().owns(cc(ctx), pid(ctx)) && !caller.party().hasRole("HUB")) {
            throw OcpiException.notFound(OcpiStatus.CLIENT_ERROR, "Not a party of these credentials");
        }
    }

    private static String cc(Context ctx) {
        return ctx.pathParam("country_code").toUpperCase();
    }

    private static String pid(Context ctx) {
        return ctx.pathParam("party_id").toUpperCase();
    }

    /** Section 12.2.2.1: type defaults to RFID. */
    private static String type(Context ctx) {
        String t = ctx.queryParam("type");
        return t == null || t.isBlank() ? "RFID" : t;
    }
}
