package io.evstack.emsp.contract;

import static io.evstack.emsp.web.ApiPaths.DRIVER;
import static io.evstack.emsp.web.ApiPaths.OPENAPI_VERSION;

import io.evstack.emsp.account.BearerAuth;
import io.evstack.emsp.web.ApiError;
import io.evstack.emsp.web.Json;
import io.evstack.emsp.web.Params;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiDescription;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;

/**
 * The driver's ISO 15118 contract certificates under {@value io.evstack.emsp.web.ApiPaths#DRIVER}: issue one
 * for the EV's key (with its Plug &amp; Charge token), list them, revoke one. Only the caller's own.
 */
public final class ContractCertificateRoutes {
    static final String CERTIFICATES = DRIVER + "/contract-certificates";
    static final String CERTIFICATE = CERTIFICATES + "/{serial}";
    private static final String TAG = "Contract certificates";

    @OpenApiDescription("A certificate signing request for the EV's contract key")
    public record CsrRequest(@OpenApiDescription("PEM PKCS#10 (-----BEGIN CERTIFICATE REQUEST-----) of an EC P-256 key; "
            + "its subject is ignored: the certificate names the eMAID we assign") String csr) {}

    private final ContractCertificates certificates;

    public ContractCertificateRoutes(ContractCertificates certificates) {
        this.certificates = certificates;
    }

    public void register(Javalin app) {
        app.post(CERTIFICATES, this::issue);
        app.get(CERTIFICATES, this::list);
        app.delete(CERTIFICATE, this::revoke);
    }

    @OpenApi(path = CERTIFICATES, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "issueContractCertificate",
            tags = TAG, summary = "Get a contract certificate for Plug & Charge (ISO 15118)",
            description = "Makes a Plug & Charge token (OCPI type OTHER, uid = the new eMAID without hyphens; pushed to "
                    + "every CPO) and signs a contract certificate for it with our MO sub-CA: CN = that eMAID, valid two "
                    + "years, with our OCSP responder in its AIA. Install chainPem in the EV and rootPem as the MO root.",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = CsrRequest.class)),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = IssuedContractCertificate.class)),
                @OpenApiResponse(status = "400", description = "Not a PEM CSR, its signature does not verify, or its key "
                        + "is not EC P-256", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class))
            })
    void issue(Context ctx) {
        var body = Json.body(ctx, CsrRequest.class);
        ctx.status(HttpStatus.CREATED).json(certificates.issue(BearerAuth.caller(ctx).accountPk(), body.csr()));
    }

    @OpenApi(path = CERTIFICATES, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "myContractCertificates",
            tags = TAG, summary = "My contract certificates, revoked ones included",
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ContractCertificate[].class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class))
            })
    void list(Context ctx) {
        ctx.json(certificates.ofAccount(BearerAuth.caller(ctx).accountPk()));
    }

    @OpenApi(path = CERTIFICATE, methods = HttpMethod.DELETE, versions = OPENAPI_VERSION, operationId = "revokeContractCertificate",
            tags = TAG, summary = "Revoke my contract certificate",
            description = "Our OCSP responder reports it revoked from now on, and its Plug & Charge token expires "
                    + "(the CPOs are told at once). Revoking it again changes nothing.",
            pathParams = @OpenApiParam(name = "serial", required = true, description = "The certificate's serial, hex"),
            queryParams = @OpenApiParam(name = "reason", description = "RFC 5280 reason: unspecified, keyCompromise, "
                    + "affiliationChanged, superseded or cessationOfOperation (default)"),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ContractCertificate.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", description = "Not one of my certificates",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void revoke(Context ctx) {
        long account = BearerAuth.caller(ctx).accountPk();
        ctx.json(certificates.revoke(account, ctx.pathParam("serial"), RevocationReason.named(Params.query(ctx, "reason"))));
    }
}
