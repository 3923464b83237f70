package io.evstack.csms.api;

import io.evstack.csms.security.SecurityProfileUpgrade;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;

/** Raising a charger's security profile (OCPP 2.0.1 A05, 1.6 Security Whitepaper section 2.4). */
final class SecurityProfileRoutes {
    static final String UPGRADE = ChargePointRoutes.CHARGE_POINT + "/security-profile-upgrade";
    private static final String TAG = "Charge points";

    private final SecurityProfileUpgrade upgrade;

    SecurityProfileRoutes(SecurityProfileUpgrade upgrade) {
        this.upgrade = upgrade;
    }

    void register(Javalin app) {
        app.post(UPGRADE, this::upgrade);
    }

    @OpenApi(path = UPGRADE, methods = HttpMethod.POST, operationId = "upgradeSecurityProfile", tags = TAG,
            summary = "Raise a connected charger's security profile and accept only that profile from then on",
            description = "Installs the root of the OCPP endpoint's TLS certificate on the charger, then OCPP 1.6: "
                    + "ChangeConfiguration SecurityProfile and Reset Hard; OCPP 2.0.1: SetNetworkProfile (csmsUrl, "
                    + "configurationSlot) with NetworkConfigurationPriority putting that slot first, and Reset OnIdle. "
                    + "The profile is recorded once the charger accepts it; the charger reconnects with it and a "
                    + "lower profile is refused from then on. Profile 3 needs client certificates on the endpoint "
                    + "and a charger certificate from our CA (TriggerMessage SignChargingStationCertificate first). "
                    + "The answer lists each message sent and the charger's status.",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            requestBody = @OpenApiRequestBody(required = true,
                    content = @OpenApiContent(from = SecurityProfileUpgrade.Request.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = SecurityProfileUpgrade.Result.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", description = "Not a higher profile, the endpoint lacks TLS or "
                        + "client certificates, or the charger refused a step (the message names it)",
                        content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "502", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "504", content = @OpenApiContent(from = ApiError.class))
            })
    void upgrade(Context ctx) {
        var request = ApiJson.read(ctx, SecurityProfileUpgrade.Request.class);
        ctx.json(upgrade.upgrade(ctx.pathParam("chargePointId"), request));
    }
}
