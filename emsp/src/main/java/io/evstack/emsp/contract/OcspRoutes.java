package io.evstack.emsp.contract;

import static io.evstack.emsp.web.ApiPaths.OPENAPI_VERSION;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.time.Clock;
import java.util.Base64;
import java.util.Set;

/**
 * The OCSP responder of our contract-certificate CA over HTTP (RFC 6960 Appendix A.1), at the URL the
 * certificates' AIA names: POST with the DER request as body, or GET with it base64 and URL-encoded in the
 * path. OCSP is public: no login. Every answer is HTTP 200 with an OCSPResponse, errors included (its status
 * says malformedRequest, unauthorized, ...), as RFC 6960 has it.
 */
public final class OcspRoutes {
    public static final String PATH = "/emsp/ocsp";
    static final String GET_PATH = PATH + "/{request}";
    /** Paths that need no login. */
    public static final Set<String> OPEN = Set.of(PATH, GET_PATH);
    static final String REQUEST_TYPE = "application/ocsp-request";
    static final String RESPONSE_TYPE = "application/ocsp-response";
    private static final String TAG = "Contract certificates";

    private final OcspResponder responder;

    public OcspRoutes(ContractCertificates certificates, Clock clock) {
        this.responder = new OcspResponder(certificates, clock);
    }

    /** The responder's URL under the eMSP's public URL. */
    public static String url(String publicUrl) {
        String base = publicUrl.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + PATH;
    }

    public void register(Javalin app) {
        app.post(PATH, this::post);
        // <request>, not {request}: base64 may hold '/', which some clients leave unencoded
        app.get(PATH + "/<request>", this::get);
    }

    @OpenApi(path = PATH, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "ocspPost", tags = TAG,
            summary = "OCSP responder for our contract certificates and MO sub-CA (RFC 6960)",
            description = "Needs no login. The body is a DER OCSPRequest; the answer is a DER OCSPResponse signed by "
                    + "the CA that issued the certificate (the MO sub-CA for contract certificates, the MO root for the "
                    + "sub-CA), valid 24 hours. Errors are OCSPResponses too (malformedRequest; unauthorized for "
                    + "certificates of another issuer).",
            requestBody = @OpenApiRequestBody(required = true,
                    content = @OpenApiContent(mimeType = REQUEST_TYPE, type = "string", format = "binary")),
            responses = @OpenApiResponse(status = "200",
                    content = @OpenApiContent(mimeType = RESPONSE_TYPE, type = "string", format = "binary")))
    void post(Context ctx) {
        answer(ctx, responder.respond(ctx.bodyAsBytes()));
    }

    @OpenApi(path = GET_PATH, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "ocspGet", tags = TAG,
            summary = "OCSP responder, GET form (RFC 6960 A.1.1)",
            description = "Needs no login. As POST, with the DER OCSPRequest base64 and URL-encoded in the path.",
            pathParams = @OpenApiParam(name = "request", required = true, description = "base64 (URL-encoded) DER OCSPRequest"),
            responses = @OpenApiResponse(status = "200",
                    content = @OpenApiContent(mimeType = RESPONSE_TYPE, type = "string", format = "binary")))
    void get(Context ctx) {
        answer(ctx, responder.respond(decode(ctx.pathParam("request"))));
    }

    /** Base64, standard or URL-safe, padded or not; what does not decode is an empty (so malformed) request. */
    static byte[] decode(String base64) {
        String s = base64.strip().replace('-', '+').replace('_', '/').replace(" ", "+");
        try {
            return Base64.getMimeDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static void answer(Context ctx, byte[] response) {
        // Jetty would append the charset it inferred from the default type (JSON): DER has none.
        ctx.res().setCharacterEncoding(null);
        ctx.status(200).contentType(RESPONSE_TYPE).result(response);
    }
}
