package io.evstack.csms.api;

import static io.evstack.csms.api.OperatorApi.V1;

import io.evstack.csms.CsmsException;
import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.pki.IssuedCertificates;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;

/**
 * The certificates our local CA signed for chargers (SignCertificate, OCPP 2.0.1 A02/A03 and V2G), and
 * their revocation, which our OCSP answers (GetCertificateStatus, M06) report from then on.
 */
final class CertificateRoutes {
    static final String ISSUED = ChargePointRoutes.CHARGE_POINT + "/issued-certificates";
    static final String REVOKE = V1 + "/issued-certificates/{serialNumber}/revoke";
    private static final String TAG = "Certificates";

    /** Why a certificate is revoked (RFC 5280 CRLReason); unspecified when omitted. */
    public record RevokeRequest(String reason) {}

    private final ChargePointService chargePoints;
    private final IssuedCertificates issued;

    CertificateRoutes(ChargePointService chargePoints, IssuedCertificates issued) {
        this.chargePoints = chargePoints;
        this.issued = issued;
    }

    void register(Javalin app) {
        app.get(ISSUED, this::list);
        app.post(REVOKE, this::revoke);
    }

    @OpenApi(path = ISSUED, methods = HttpMethod.GET, operationId = "listIssuedCertificates", tags = TAG,
            summary = "The certificates our CA signed for this charger, newest first, with their revocation",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            responses = {
                @OpenApiResponse(status = "200",
                        content = @OpenApiContent(from = IssuedCertificates.IssuedCertificate[].class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void list(Context ctx) {
        ctx.json(issued.list(chargePoints.requirePk(ctx.pathParam("chargePointId"))));
    }

    @OpenApi(path = REVOKE, methods = HttpMethod.POST, operationId = "revokeIssuedCertificate", tags = TAG,
            summary = "Revoke a certificate our CA signed; OCSP answers report it revoked from then on",
            description = "serialNumber in hexadecimal. reason: an RFC 5280 CRLReason name (unspecified, "
                    + "keyCompromise, cACompromise, affiliationChanged, superseded, cessationOfOperation, "
                    + "certificateHold, privilegeWithdrawn). Revoking twice keeps the first revocation.",
            pathParams = @OpenApiParam(name = "serialNumber", required = true),
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(from = RevokeRequest.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = IssuedCertificates.IssuedCertificate.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void revoke(Context ctx) {
        String reason = ctx.body().isBlank() ? null : ApiJson.read(ctx, RevokeRequest.class).reason();
        IssuedCertificates.RevocationReason r;
        try {
            r = reason == null ? IssuedCertificates.RevocationReason.unspecified
                    : IssuedCertificates.RevocationReason.valueOf(reason);
        } catch (IllegalArgumentException e) {
            throw CsmsException.badRequest("Unknown revocation reason " + reason);
        }
        ctx.json(issued.revoke(ctx.pathParam("serialNumber"), r));
    }
}
