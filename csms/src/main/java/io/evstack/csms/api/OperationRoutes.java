package io.evstack.csms.api;

import static io.evstack.csms.api.OperatorApi.V1;

import io.evstack.csms.CsmsException;
import io.evstack.csms.ocpp16.Ocpp16Operations;
import io.evstack.ocpp.server.CallTimeoutException;
import io.evstack.ocpp.server.ChargerNotConnectedException;
import io.evstack.ocpp.v16.SendLocalList;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiDescription;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiRequired;
import io.javalin.openapi.OpenApiResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * OCPP 1.6 operations sent to a charger: every action of {@link Ocpp16Operations#operations()} through
 * one endpoint that takes the OCPP request payload and answers the charger's response payload, plus
 * shorthands for the common ones. The request waits for the charger's answer (or its time-out).
 */
final class OperationRoutes {
    static final String OPERATIONS = V1 + "/operations";
    static final String OPERATION = ChargePointRoutes.CHARGE_POINT + "/operations/{action}";
    static final String LOCAL_LIST = ChargePointRoutes.CHARGE_POINT + "/local-list";
    static final String REMOTE_START = ChargePointRoutes.CHARGE_POINT + "/remote-start";
    static final String REMOTE_STOP = ChargePointRoutes.CHARGE_POINT + "/remote-stop";
    static final String RESET = ChargePointRoutes.CHARGE_POINT + "/reset";
    private static final String TAG = "Operations";
    private static final String JSON = "application/json";
    private static final String OCPP = OpenApiDocument.OCPP_MARK;
    static final Duration ANSWER_CEILING = Duration.ofMinutes(3);
    /** Kept in step with Ocpp16Operations by a test: the annotation needs a constant. */
    static final String ACTIONS = "CancelReservation, ChangeAvailability, ChangeConfiguration, ClearCache, "
            + "ClearChargingProfile, DataTransfer, GetCompositeSchedule, GetConfiguration, GetDiagnostics, "
            + "GetLocalListVersion, RemoteStartTransaction, RemoteStopTransaction, ReserveNow, Reset, SendLocalList, "
            + "SetChargingProfile, TriggerMessage, UnlockConnector, UpdateFirmware, CertificateSigned, "
            + "DeleteCertificate, ExtendedTriggerMessage, GetInstalledCertificateIds, GetLog, InstallCertificate, "
            + "SignedUpdateFirmware";

    /** SendLocalList's updateType under its wire names, so that the API document shows those. */
    public enum LocalListUpdate {
        Full(SendLocalList.UpdateType.FULL), Differential(SendLocalList.UpdateType.DIFFERENTIAL);

        final SendLocalList.UpdateType ocpp;

        LocalListUpdate(SendLocalList.UpdateType ocpp) {
            this.ocpp = ocpp;
        }
    }

    @OpenApiDescription("SendLocalList built from the CSMS's id tags; the list version is the last one sent plus one")
    public record LocalListRequest(
            @OpenApiRequired LocalListUpdate updateType,
            @OpenApiDescription("Full: these tags (all tags when left out); Differential: these tags, an unknown one "
                    + "being removed from the charger's list") List<String> idTags) {}

    private final ApiServices services;
    private final Ocpp16Operations operations;

    OperationRoutes(ApiServices services) {
        this.services = services;
        this.operations = services.operations();
    }

    void register(Javalin app) {
        app.get(OPERATIONS, this::actions);
        app.post(OPERATION, this::operation);
        app.post(LOCAL_LIST, this::localList);
        app.post(REMOTE_START, this::remoteStart);
        app.post(REMOTE_STOP, this::remoteStop);
        app.post(RESET, this::reset);
    }

    @OpenApi(path = OPERATIONS, methods = HttpMethod.GET, operationId = "listOperations", tags = TAG,
            summary = "The OCPP 1.6 actions that can be sent to a charger",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = String[].class)))
    void actions(Context ctx) {
        ctx.json(List.copyOf(operations.operations().keySet()));
    }

    @OpenApi(path = OPERATION, methods = HttpMethod.POST, operationId = "sendOperation", tags = TAG,
            summary = "Send an OCPP 1.6 operation to a charger and return its answer",
            description = "The body is the OCPP 1.6 request payload of the action (an empty body stands for {}); the "
                    + "answer is the charger's response payload. Actions: " + ACTIONS + ". ReserveNow, "
                    + "RemoteStartTransaction and SetChargingProfile get their ids (reservationId, chargingProfileId) "
                    + "from the CSMS, whatever the payload says.",
            pathParams = {
                @OpenApiParam(name = "chargePointId", required = true),
                @OpenApiParam(name = "action", required = true, description = "One of: " + ACTIONS)
            },
            requestBody = @OpenApiRequestBody(required = true, description = "The OCPP 1.6 request payload",
                    content = @OpenApiContent(mimeType = JSON, type = "object", format = OpenApiDocument.ANY_REQUEST)),
            responses = {
                @OpenApiResponse(status = "200", description = "The charger's response payload",
                        content = @OpenApiContent(mimeType = JSON, type = "object",
                                format = OpenApiDocument.ANY_RESPONSE)),
                @OpenApiResponse(status = "400", description = "The payload does not fit the action's request",
                        content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", description = "Unknown charger, or unknown action (allowed lists the "
                        + "actions)", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "502", description = "The charger answered with a CALLERROR",
                        content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "503", description = "The charger is not connected",
                        content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "504", description = "The charger did not answer in time",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void operation(Context ctx) {
        String action = ctx.pathParam("action");
        Ocpp16Operations.Operation<?> operation = find(action);
        if (operation == null) {
            List<String> actions = List.copyOf(operations.operations().keySet());
            ctx.status(404).json(new ApiError(404, "Unknown operation '" + action + "'", actions));
            return;
        }
        send(ctx, operation, ctx.body());
    }

    @OpenApi(path = LOCAL_LIST, methods = HttpMethod.POST, operationId = "sendLocalList", tags = TAG,
            summary = "Send the charger a local authorization list built from the id tags (SendLocalList)",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = LocalListRequest.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(mimeType = JSON, type = "object",
                        format = OCPP + "SendLocalListResponse")),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "502", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "504", content = @OpenApiContent(from = ApiError.class))
            })
    void localList(Context ctx) {
        String id = ctx.pathParam("chargePointId");
        LocalListRequest body = ApiJson.read(ctx, LocalListRequest.class);
        if (body.updateType() == null) {
            throw CsmsException.badRequest("'updateType' is required: Full or Differential");
        }
        if (body.idTags() != null && body.idTags().stream().anyMatch(t -> t == null || t.isBlank() || t.length() > 20)) {
            throw CsmsException.badRequest("Every entry of 'idTags' must be 1 to 20 characters");
        }
        services.chargePoints().get(id);
        ctx.json(await(() -> operations.sendLocalList(id, body.updateType().ocpp, body.idTags())));
    }

    @OpenApi(path = REMOTE_START, methods = HttpMethod.POST, operationId = "remoteStart", tags = TAG,
            summary = "Start a transaction remotely (RemoteStartTransaction)",
            description = "A chargingProfile must be a TxProfile; it is stored and sent under the CSMS's id.",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            requestBody = @OpenApiRequestBody(required = true,
                    content = @OpenApiContent(mimeType = JSON, type = "object",
                            format = OCPP + "RemoteStartTransaction")),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(mimeType = JSON, type = "object",
                        format = OCPP + "RemoteStartTransactionResponse")),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", description = "The connector is reserved for another id tag",
                        content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "502", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "504", content = @OpenApiContent(from = ApiError.class))
            })
    void remoteStart(Context ctx) {
        send(ctx, find("RemoteStartTransaction"), ctx.body());
    }

    @OpenApi(path = REMOTE_STOP, methods = HttpMethod.POST, operationId = "remoteStop", tags = TAG,
            summary = "Stop a transaction remotely (RemoteStopTransaction)",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            requestBody = @OpenApiRequestBody(required = true,
                    content = @OpenApiContent(mimeType = JSON, type = "object",
                            format = OCPP + "RemoteStopTransaction")),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(mimeType = JSON, type = "object",
                        format = OCPP + "RemoteStopTransactionResponse")),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "502", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "504", content = @OpenApiContent(from = ApiError.class))
            })
    void remoteStop(Context ctx) {
        send(ctx, find("RemoteStopTransaction"), ctx.body());
    }

    @OpenApi(path = RESET, methods = HttpMethod.POST, operationId = "reset", tags = TAG,
            summary = "Reset a charger (Reset: Hard or Soft)",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(mimeType = JSON, type = "object",
                    format = OCPP + "Reset")),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(mimeType = JSON, type = "object",
                        format = OCPP + "ResetResponse")),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "502", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "504", content = @OpenApiContent(from = ApiError.class))
            })
    void reset(Context ctx) {
        send(ctx, find("Reset"), ctx.body());
    }

    private void send(Context ctx, Ocpp16Operations.Operation<?> operation, String body) {
        String id = ctx.pathParam("chargePointId");
        services.chargePoints().get(id);
        Object request = OcppRequests.validate(ApiJson.read(body == null || body.isBlank() ? "{}" : body,
                operation.requestType()));
        if (!services.gateway().isConnected(id)) {
            // Fail before the operation runs: RemoteStartTransaction stores its charging profile before it
            // sends, which would leave a profile behind for every attempt on a charger that is away.
            throw new CsmsException(CsmsException.Kind.CHARGER_UNAVAILABLE,
                    new ChargerNotConnectedException(id).getMessage());
        }
        ctx.json(await(() -> operation.invoke(id, request)));
    }

    /** The operation by its action name; the case of the letters does not matter. */
    private Ocpp16Operations.Operation<?> find(String action) {
        Map<String, Ocpp16Operations.Operation<?>> all = operations.operations();
        Ocpp16Operations.Operation<?> exact = all.get(action);
        if (exact != null) {
            return exact;
        }
        return all.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(action)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /**
     * Sends and waits for the answer, mapping failures to statuses (503 not connected, 504 no answer,
     * 502 CALLERROR) through {@link Ocpp16Operations#await}; a gateway that throws instead of failing its
     * future is treated the same.
     */
    static <R> R await(Supplier<? extends CompletableFuture<R>> send) {
        return await(send, ANSWER_CEILING);
    }

    static <R> R await(Supplier<? extends CompletableFuture<R>> send, Duration ceiling) {
        CompletableFuture<R> future;
        try {
            future = send.get();
        } catch (ChargerNotConnectedException | CallTimeoutException e) {
            future = CompletableFuture.failedFuture(e);
        }
        return Ocpp16Operations.await(bounded(future, ceiling));
    }

    /**
     * The gateway times calls out itself; this ceiling only keeps a request (and its thread) from waiting
     * forever should an answer be lost on its way, as it could be between cluster nodes.
     */
    private static <R> CompletableFuture<R> bounded(CompletableFuture<R> future, Duration ceiling) {
        // On a copy: the timeout must not complete the gateway's own future.
        return future.copy().orTimeout(ceiling.toMillis(), TimeUnit.MILLISECONDS).handle((result, failure) -> {
            if (failure == null) {
                return result;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                throw new CsmsException(CsmsException.Kind.TIMEOUT,
                        "No answer from the charger within " + ceiling.toSeconds() + " s");
            }
            throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
        });
    }
}
