package io.evstack.emsp.ocpi;

import static io.evstack.emsp.web.ApiPaths.OPENAPI_VERSION;
import static io.evstack.emsp.web.ApiPaths.V1;

import io.evstack.emsp.EmspException;
import io.evstack.emsp.account.BearerAuth;
import io.evstack.emsp.account.Role;
import io.evstack.emsp.web.ApiError;
import io.evstack.emsp.web.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiDescription;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.net.URI;

/**
 * The CPOs our drivers roam onto, for SUPPORT: register with an external CPO given its OCPI versions URL
 * and the token A it issued us (OCPI 2.2.1 section 7.1.1, the same handshake the stack does with its own
 * CPO at start-up), and list the registrations.
 */
public final class CpoRoutes {
    static final String CPOS = V1 + "/roaming/cpos";
    private static final String TAG = "Roaming";

    @OpenApiDescription("An external CPO to roam with: its OCPI versions URL and the token A it gave us")
    public record RegisterRequest(String name, String versionsUrl, String tokenA) {}

    private final EmspOcpi ocpi;

    public CpoRoutes(EmspOcpi ocpi) {
        this.ocpi = ocpi;
    }

    public void register(Javalin app) {
        app.post(CPOS, this::registerCpo);
        app.get(CPOS, this::list);
    }

    @OpenApi(path = CPOS, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "registerCpo", tags = TAG,
            summary = "Register with an external CPO over OCPI 2.2.1 (SUPPORT)",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = RegisterRequest.class)),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = EmspOcpi.CpoView.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "502", description = "The CPO could not be reached or refused the credentials",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void registerCpo(Context ctx) {
        BearerAuth.require(ctx, Role.SUPPORT);
        var body = Json.body(ctx, RegisterRequest.class);
        if (body.name() == null || body.name().isBlank() || body.name().length() > 100) {
            throw EmspException.badRequest("name is required (at most 100 characters)");
        }
        if (body.tokenA() == null || body.tokenA().isBlank()) {
            throw EmspException.badRequest("tokenA is required");
        }
        if (!httpUrl(body.versionsUrl())) {
            throw EmspException.badRequest("versionsUrl must be an http(s) URL");
        }
        long pk;
        try {
            pk = ocpi.registerWith(body.name(), body.versionsUrl(), body.tokenA());
        } catch (IllegalStateException e) {
            // the CPO's side failed: a gateway error, with its reason (never the token)
            ctx.status(HttpStatus.BAD_GATEWAY).json(new ApiError(502, e.getMessage()));
            return;
        }
        ctx.status(HttpStatus.CREATED).json(ocpi.cpos().stream().filter(c -> c.id() == pk).findFirst().orElseThrow());
    }

    @OpenApi(path = CPOS, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "cpos", tags = TAG,
            summary = "The CPOs we are registered with (SUPPORT)",
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = EmspOcpi.CpoView[].class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class))
            })
    void list(Context ctx) {
        BearerAuth.require(ctx, Role.SUPPORT);
        ctx.json(ocpi.cpos());
    }

    private static boolean httpUrl(String url) {
        if (url == null || url.isBlank()) {
            return false;
        }
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
