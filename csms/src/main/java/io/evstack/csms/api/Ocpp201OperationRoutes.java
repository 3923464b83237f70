package io.evstack.csms.api;

import static io.evstack.csms.api.OperatorApi.V1;

import io.evstack.csms.CsmsException;
import io.evstack.csms.devicemodel.DeviceVariable;
import io.evstack.csms.ocpp201.Ocpp201Operations;
import io.evstack.csms.report.StationReport;
import io.evstack.csms.transaction.SignedMeterData;
import io.evstack.csms.transaction.TransactionEventRecord;
import io.evstack.ocpp.server.ChargerNotConnectedException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.util.List;
import java.util.Map;

/**
 * The OCPP 2.0.1 side of the operator API. Operations have their own endpoint,
 * {@code POST /api/v1/charge-points/{id}/operations201/{action}}, beside the 1.6 one: the two versions
 * name and shape their messages differently, so the action list and the payload a client must send
 * depend on the version, and a separate path makes that explicit. Also here: a station's device model,
 * its EVSE connectors, the reports it sent, and a transaction's 2.0.1 events.
 */
final class Ocpp201OperationRoutes {
    static final String OPERATIONS = V1 + "/operations201";
    static final String OPERATION = ChargePointRoutes.CHARGE_POINT + "/operations201/{action}";
    static final String DEVICE_MODEL = ChargePointRoutes.CHARGE_POINT + "/device-model";
    static final String EVSE_CONNECTORS = ChargePointRoutes.CHARGE_POINT + "/evse-connectors";
    static final String REPORTS = ChargePointRoutes.CHARGE_POINT + "/reports";
    static final String TRANSACTION_EVENTS = V1 + "/transactions/{transactionId}/events";
    private static final String TAG = "OCPP 2.0.1";
    private static final String JSON = "application/json";

    /** A transaction's 2.0.1 events, the seqNos not received between them, and its signed meter values. */
    public record TransactionEvents(String chargerTransactionId, List<TransactionEventRecord> events,
            List<Integer> missingSeqNos, List<SignedMeterData> signedMeterValues) {}

    private final ApiServices services;
    private final Ocpp201Operations operations;

    Ocpp201OperationRoutes(ApiServices services) {
        this.services = services;
        this.operations = services.operations201();
    }

    void register(Javalin app) {
        app.get(OPERATIONS, this::actions);
        app.post(OPERATION, this::operation);
        app.get(DEVICE_MODEL, this::deviceModel);
        app.get(EVSE_CONNECTORS, this::evseConnectors);
        app.get(REPORTS, this::reports);
        app.get(TRANSACTION_EVENTS, this::transactionEvents);
    }

    @OpenApi(path = OPERATIONS, methods = HttpMethod.GET, operationId = "listOperations201", tags = TAG,
            summary = "The OCPP 2.0.1 actions that can be sent to a charging station",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = String[].class)))
    void actions(Context ctx) {
        ctx.json(List.copyOf(operations.operations().keySet()));
    }

    @OpenApi(path = OPERATION, methods = HttpMethod.POST, operationId = "sendOperation201", tags = TAG,
            summary = "Send an OCPP 2.0.1 operation to a charging station and return its answer",
            description = "The body is the OCPP 2.0.1 request payload of the action (an empty body stands for {}); "
                    + "the answer is the station's response payload. ReserveNow, RequestStartTransaction and "
                    + "SetChargingProfile get their ids (reservation id, charging profile id) from the CSMS. "
                    + "GET /api/v1/operations201 lists the actions.",
            pathParams = {
                @OpenApiParam(name = "chargePointId", required = true),
                @OpenApiParam(name = "action", required = true)
            },
            requestBody = @OpenApiRequestBody(required = true, description = "The OCPP 2.0.1 request payload",
                    content = @OpenApiContent(mimeType = JSON, type = "object")),
            responses = {
                @OpenApiResponse(status = "200", description = "The station's response payload",
                        content = @OpenApiContent(mimeType = JSON, type = "object")),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "502", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "504", content = @OpenApiContent(from = ApiError.class))
            })
    void operation(Context ctx) {
        String id = ctx.pathParam("chargePointId");
        String action = ctx.pathParam("action");
        Ocpp201Operations.Operation<?> operation = find(action);
        if (operation == null) {
            ctx.status(404).json(new ApiError(404, "Unknown OCPP 2.0.1 operation '" + action + "'",
                    List.copyOf(operations.operations().keySet())));
            return;
        }
        var cp = services.chargePoints().get(id);
        if (cp.ocppVersion() != null && !"ocpp2.0.1".equals(cp.ocppVersion())) {
            throw CsmsException.badRequest("Charge point " + id + " speaks " + cp.ocppVersion()
                    + "; use /operations/{action} for it");
        }
        String body = ctx.body();
        Object request = ApiJson.read(body == null || body.isBlank() ? "{}" : body, operation.requestType());
        if (!services.gateway().isConnected(id)) {
            throw new CsmsException(CsmsException.Kind.CHARGER_UNAVAILABLE,
                    new ChargerNotConnectedException(id).getMessage());
        }
        ctx.json(OperationRoutes.await(() -> operation.invoke(id, request)));
    }

    @OpenApi(path = DEVICE_MODEL, methods = HttpMethod.GET, operationId = "deviceModel", tags = TAG,
            summary = "The station's device model as reported (NotifyReport) and read or set since",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = DeviceVariable[].class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void deviceModel(Context ctx) {
        ctx.json(operations.deviceModel(ctx.pathParam("chargePointId")));
    }

    @OpenApi(path = EVSE_CONNECTORS, methods = HttpMethod.GET, operationId = "evseConnectors", tags = TAG,
            summary = "The state of every connector of every EVSE of a 2.0.1 station",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = io.evstack.csms.chargepoint.EvseConnector[].class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void evseConnectors(Context ctx) {
        ctx.json(services.chargePoints().evseConnectors(ctx.pathParam("chargePointId")));
    }

    @OpenApi(path = REPORTS, methods = HttpMethod.GET, operationId = "stationReports", tags = TAG,
            summary = "What the station reported (charging limits, EV schedules, profile, monitoring and customer "
                    + "reports, events, display messages, installed certificates), newest first",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            queryParams = @OpenApiParam(name = "kind", description = "Only this kind (the OCPP action name)"),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = StationReport[].class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void reports(Context ctx) {
        ctx.json(operations.reports().list(ctx.pathParam("chargePointId"), ctx.queryParam("kind")));
    }

    @OpenApi(path = TRANSACTION_EVENTS, methods = HttpMethod.GET, operationId = "transactionEvents", tags = TAG,
            summary = "A 2.0.1 transaction's TransactionEvents, the seqNos missing between them, its signed meter values",
            pathParams = @OpenApiParam(name = "transactionId", required = true, type = Long.class),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = TransactionEvents.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void transactionEvents(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("transactionId"));
        } catch (NumberFormatException e) {
            throw CsmsException.badRequest("transactionId must be a number");
        }
        var tx = services.transactions();
        ctx.json(new TransactionEvents(tx.chargerTransactionId(id).orElse(null), tx.events(id), tx.missingSeqNos(id),
                tx.signedMeterValues(id)));
    }

    private Ocpp201Operations.Operation<?> find(String action) {
        Map<String, Ocpp201Operations.Operation<?>> all = operations.operations();
        var exact = all.get(action);
        return exact != null ? exact : all.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(action))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
