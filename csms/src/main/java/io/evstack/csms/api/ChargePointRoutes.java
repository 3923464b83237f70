package io.evstack.csms.api;

import static io.evstack.csms.api.OperatorApi.V1;

import io.evstack.csms.CsmsException;
import io.evstack.csms.chargepoint.BootInfo;
import io.evstack.csms.chargepoint.ChargePoint;
import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.chargepoint.Connector;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.csms.configuration.ConfigurationKey;
import io.evstack.csms.firmware.StatusReport;
import io.evstack.csms.messagelog.LoggedFrame;
import io.evstack.csms.security.SecurityEvent;
import io.evstack.csms.smartcharging.ProfileAssignment;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiDescription;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiRequired;
import io.javalin.openapi.OpenApiResponse;
import java.time.Instant;
import java.util.List;

/** Registering chargers and reading what the CSMS knows about each. */
final class ChargePointRoutes {
    static final String CHARGE_POINTS = V1 + "/charge-points";
    static final String CHARGE_POINT = CHARGE_POINTS + "/{chargePointId}";
    private static final String TAG = "Charge points";
    private static final int MAX_TEXT = 255;

    @OpenApiDescription("A charger to register. Security profile 0 takes no password; 1 and 2 use HTTP Basic with the "
            + "given password or a generated one, returned once in the response.")
    public record ChargePointCreate(
            @OpenApiRequired @OpenApiDescription("The charger's OCPP identity, the last segment of its WebSocket URL")
            String chargePointId,
            String description,
            @OpenApiDescription("What BootNotification answers; default Accepted") RegistrationStatus registrationStatus,
            @OpenApiDescription("0 (none), 1 (Basic), 2 (TLS + Basic) or 3 (TLS client certificate); "
                    + "default 1 when a password is given, else 0") Integer securityProfile,
            @OpenApiDescription("16 to 64 characters; generated when left out and the profile needs one") String password) {}

    @OpenApiDescription("Fields left out stay as they are. A new password, or a profile above 0 for a charger without "
            + "one, returns the (new) password once.")
    public record ChargePointUpdate(
            String description,
            RegistrationStatus registrationStatus,
            Integer securityProfile,
            String password) {}

    public record ChargePointView(
            String chargePointId,
            String description,
            RegistrationStatus registrationStatus,
            int securityProfile,
            boolean hasPassword,
            @OpenApiDescription("Whether the charger holds a WebSocket on some node now") boolean connected,
            String connectedNode,
            Instant connectedAt,
            Instant lastSeenAt,
            String ocppVersion,
            BootInfo bootInfo,
            Integer heartbeatInterval,
            Instant lastBootAt,
            String firmwareStatus,
            Instant firmwareStatusAt,
            String diagnosticsStatus,
            Instant diagnosticsStatusAt,
            Integer localListVersion,
            Instant createdAt,
            Instant updatedAt,
            @OpenApiDescription("Only when one charger is read") List<Connector> connectors,
            @OpenApiDescription("Only in the answer that set or generated it: it is stored hashed and never shown again")
            String password) {}

    private final ApiServices services;
    private final ChargePointService chargePoints;

    ChargePointRoutes(ApiServices services) {
        this.services = services;
        this.chargePoints = services.chargePoints();
    }

    void register(Javalin app) {
        app.post(CHARGE_POINTS, this::create);
        app.get(CHARGE_POINTS, this::list);
        app.get(CHARGE_POINT, this::get);
        app.patch(CHARGE_POINT, this::patch);
        app.put(CHARGE_POINT, this::put);
        app.delete(CHARGE_POINT, this::delete);
        app.get(CHARGE_POINT + "/connectors", this::connectors);
        app.get(CHARGE_POINT + "/configuration", this::configuration);
        app.get(CHARGE_POINT + "/messages", this::messages);
        app.get(CHARGE_POINT + "/status-history", this::statusHistory);
        app.get(CHARGE_POINT + "/security-events", this::securityEvents);
        app.get(CHARGE_POINT + "/charging-profiles", this::chargingProfiles);
    }

    @OpenApi(path = CHARGE_POINTS, methods = HttpMethod.POST, operationId = "createChargePoint", tags = TAG,
            summary = "Register a charger",
            description = "The response carries the charger's password once, when one was given or generated.",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = ChargePointCreate.class)),
            responses = {
                @OpenApiResponse(status = "201", description = "Registered",
                        content = @OpenApiContent(from = ChargePointView.class)),
                @OpenApiResponse(status = "400", description = "Invalid identity, profile or password",
                        content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", description = "A charger with this identity exists",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void create(Context ctx) {
        ChargePointCreate body = ApiJson.read(ctx, ChargePointCreate.class);
        checkText("description", body.description());
        int profile = body.securityProfile() != null ? body.securityProfile() : body.password() != null ? 1 : 0;
        if (profile == 0 && body.password() != null) {
            // The service would silently drop it; the operator surely meant something else.
            throw CsmsException.badRequest("A password needs securityProfile 1, 2 or 3; profile 0 takes none");
        }
        var registration = chargePoints.register(body.chargePointId(), body.description(), body.registrationStatus(),
                profile, body.password());
        ctx.header("Location", CHARGE_POINTS + "/" + registration.chargePoint().chargePointId());
        ctx.header("Cache-Control", "no-store");
        ctx.status(HttpStatus.CREATED).json(view(registration.chargePoint(), null, registration.password()));
    }

    @OpenApi(path = CHARGE_POINTS, methods = HttpMethod.GET, operationId = "listChargePoints", tags = TAG,
            summary = "List chargers with their connection state",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = ChargePointView[].class)))
    void list(Context ctx) {
        ctx.json(chargePoints.list().stream().map(cp -> view(cp, null, null)).toList());
    }

    @OpenApi(path = CHARGE_POINT, methods = HttpMethod.GET, operationId = "getChargePoint", tags = TAG,
            summary = "Read a charger with its connectors",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ChargePointView.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void get(Context ctx) {
        String id = ctx.pathParam("chargePointId");
        ChargePoint cp = chargePoints.get(id);
        ctx.json(view(cp, chargePoints.connectors(id), null));
    }

    @OpenApi(path = CHARGE_POINT, methods = HttpMethod.PATCH, operationId = "updateChargePoint", tags = TAG,
            summary = "Change a charger's description, registration status, security profile or password",
            description = "Fields left out stay as they are.",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = ChargePointUpdate.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ChargePointView.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void patch(Context ctx) {
        update(ctx);
    }

    @OpenApi(path = CHARGE_POINT, methods = HttpMethod.PUT, operationId = "putChargePoint", tags = TAG,
            summary = "Same as PATCH: change the fields given, leave the others",
            description = "The service keeps a field it is not given, so PUT cannot clear the description.",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = ChargePointUpdate.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ChargePointView.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void put(Context ctx) {
        update(ctx);
    }

    private void update(Context ctx) {
        String id = ctx.pathParam("chargePointId");
        ChargePointUpdate body = ApiJson.read(ctx, ChargePointUpdate.class);
        checkText("description", body.description());
        if (body.password() != null && body.securityProfile() != null && body.securityProfile() == 0) {
            throw CsmsException.badRequest("A password needs securityProfile 1, 2 or 3; profile 0 takes none");
        }
        var registration = chargePoints.update(id, body.description(), body.registrationStatus(),
                body.securityProfile(), body.password());
        if (registration.password() != null) {
            ctx.header("Cache-Control", "no-store");
        }
        ctx.json(view(registration.chargePoint(), chargePoints.connectors(id), registration.password()));
    }

    @OpenApi(path = CHARGE_POINT, methods = HttpMethod.DELETE, operationId = "deleteChargePoint", tags = TAG,
            summary = "Remove a charger that never had a transaction",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            responses = {
                @OpenApiResponse(status = "204", description = "Deleted"),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", description = "It has transactions or meter values, which are kept",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void delete(Context ctx) {
        chargePoints.delete(ctx.pathParam("chargePointId"));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    @OpenApi(path = CHARGE_POINT + "/connectors", methods = HttpMethod.GET, operationId = "listConnectors", tags = TAG,
            summary = "The last reported state of each connector (0 is the charger as a whole)",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Connector[].class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void connectors(Context ctx) {
        ctx.json(chargePoints.connectors(ctx.pathParam("chargePointId")));
    }

    @OpenApi(path = CHARGE_POINT + "/configuration", methods = HttpMethod.GET, operationId = "getStoredConfiguration",
            tags = TAG, summary = "The configuration keys last reported by GetConfiguration or set by ChangeConfiguration",
            description = "Stored values; run the GetConfiguration operation to refresh them. AuthorizationKey is masked.",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ConfigurationKey[].class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void configuration(Context ctx) {
        ctx.json(services.operations().configuration(ctx.pathParam("chargePointId")));
    }

    @OpenApi(path = CHARGE_POINT + "/messages", methods = HttpMethod.GET, operationId = "listMessages", tags = TAG,
            summary = "The OCPP frames exchanged with a charger, newest first",
            description = "Page back by passing the loggedAt of the oldest frame received as 'before'. Works for "
                    + "identities that are not registered too, to see what an unknown charger sent.",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            queryParams = {
                @OpenApiParam(name = "before", description = "Only frames logged before this ISO-8601 instant"),
                @OpenApiParam(name = "limit", type = Integer.class, description = "1 to 1000, default 100")
            },
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = LoggedFrame[].class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class))
            })
    void messages(Context ctx) {
        Instant before = Params.queryInstant(ctx, "before");
        int limit = Params.queryInt(ctx, "limit", 100, 1, 1000);
        ctx.json(services.messageLog().recent(ctx.pathParam("chargePointId"), before, limit));
    }

    @OpenApi(path = CHARGE_POINT + "/status-history", methods = HttpMethod.GET, operationId = "listStatusHistory",
            tags = TAG, summary = "Firmware, signed firmware, diagnostics and log upload status reports, newest first",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = StatusReport[].class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void statusHistory(Context ctx) {
        ctx.json(services.firmware().history(ctx.pathParam("chargePointId")));
    }

    @OpenApi(path = CHARGE_POINT + "/security-events", methods = HttpMethod.GET, operationId = "listSecurityEvents",
            tags = TAG, summary = "Security events the charger reported, newest first",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = SecurityEvent[].class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void securityEvents(Context ctx) {
        ctx.json(services.securityEvents().list(ctx.pathParam("chargePointId")));
    }

    @OpenApi(path = CHARGE_POINT + "/charging-profiles", methods = HttpMethod.GET,
            operationId = "listChargingProfileAssignments", tags = TAG,
            summary = "Charging profiles sent to the charger and what it answered, newest first",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            queryParams = @OpenApiParam(name = "active", type = Boolean.class,
                    description = "true: only accepted profiles not cleared since; default false (all)"),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ProfileAssignment[].class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void chargingProfiles(Context ctx) {
        String id = ctx.pathParam("chargePointId");
        boolean active = Boolean.TRUE.equals(Params.queryBoolean(ctx, "active"));
        chargePoints.get(id);
        ctx.json(services.chargingProfiles().assignments(id, active));
    }

    private ChargePointView view(ChargePoint cp, List<Connector> connectors, String password) {
        boolean connected = cp.isConnected() || services.gateway().isConnected(cp.chargePointId());
        return new ChargePointView(cp.chargePointId(), cp.description(), cp.registrationStatus(), cp.securityProfile(),
                cp.hasPassword(), connected, cp.connectedNode(), cp.connectedAt(), cp.lastSeenAt(), cp.ocppVersion(),
                cp.bootInfo(), cp.heartbeatInterval(), cp.lastBootAt(), cp.firmwareStatus(), cp.firmwareStatusAt(),
                cp.diagnosticsStatus(), cp.diagnosticsStatusAt(), cp.localListVersion(), cp.createdAt(),
                cp.updatedAt(), connectors, password);
    }

    static void checkText(String field, String value) {
        if (value != null && value.length() > MAX_TEXT) {
            throw CsmsException.badRequest("'" + field + "' must be at most " + MAX_TEXT + " characters");
        }
    }
}
