package io.evstack.csms.api;

import static io.evstack.csms.api.OperatorApi.V1;

import io.evstack.csms.CsmsException;
import io.evstack.csms.reservation.Reservation;
import io.evstack.csms.reservation.ReservationService;
import io.evstack.ocpp.v16.CancelReservation;
import io.evstack.ocpp.v16.CancelReservationResponse;
import io.evstack.ocpp.v16.ReserveNow;
import io.evstack.ocpp.v16.ReserveNowResponse;
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
import java.time.ZoneOffset;

/** Reservations: reading what the CSMS tracks, and ReserveNow / CancelReservation to make and end them. */
final class ReservationRoutes {
    static final String RESERVATIONS = V1 + "/reservations";
    static final String RESERVATION = RESERVATIONS + "/{reservationId}";
    static final String RESERVE = ChargePointRoutes.CHARGE_POINT + "/reservations";
    private static final String TAG = "Reservations";

    @OpenApiDescription("A reservation to send with ReserveNow (OCPP 1.6 section 5.13)")
    public record ReservationRequest(
            @OpenApiRequired @OpenApiDescription("The connector, or 0 for any connector of the charger")
            Integer connectorId,
            @OpenApiRequired @OpenApiDescription("1 to 20 characters") String idTag,
            @OpenApiRequired @OpenApiDescription("ISO-8601; must be in the future") Instant expiryDate,
            @OpenApiDescription("Admit every tag of this parent too; default: the id tag's own parent") String parentIdTag) {}

    public record ReservationResult(
            @OpenApiDescription("The charger's answer: Accepted, Faulted, Occupied, Rejected or Unavailable "
                    + "(ReserveNow); Accepted or Rejected (CancelReservation)") String status,
            Reservation reservation) {}

    private final ApiServices services;
    private final ReservationService reservations;

    ReservationRoutes(ApiServices services) {
        this.services = services;
        this.reservations = services.reservations();
    }

    void register(Javalin app) {
        app.get(RESERVATIONS, this::list);
        app.get(RESERVATION, this::get);
        app.post(RESERVE, this::reserve);
        app.delete(RESERVATION, this::cancel);
    }

    @OpenApi(path = RESERVATIONS, methods = HttpMethod.GET, operationId = "listReservations", tags = TAG,
            summary = "List reservations, newest first",
            queryParams = {
                @OpenApiParam(name = "chargePointId"),
                @OpenApiParam(name = "active", type = Boolean.class,
                        description = "true: only accepted reservations that have not expired; default false (all)")
            },
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Reservation[].class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class))
            })
    void list(Context ctx) {
        boolean active = Boolean.TRUE.equals(Params.queryBoolean(ctx, "active"));
        ctx.json(reservations.list(Params.query(ctx, "chargePointId"), active));
    }

    @OpenApi(path = RESERVATION, methods = HttpMethod.GET, operationId = "getReservation", tags = TAG,
            summary = "Read a reservation",
            pathParams = @OpenApiParam(name = "reservationId", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Reservation.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void get(Context ctx) {
        ctx.json(reservations.get(Params.pathLong(ctx, "reservationId")));
    }

    @OpenApi(path = RESERVE, methods = HttpMethod.POST, operationId = "reserveNow", tags = TAG,
            summary = "Reserve a connector (ReserveNow)",
            description = "The reservation is stored first; its id is the reservationId the charger gets. The "
                    + "charger's answer becomes the reservation's status.",
            pathParams = @OpenApiParam(name = "chargePointId", required = true),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = ReservationRequest.class)),
            responses = {
                @OpenApiResponse(status = "201", description = "Stored, with the charger's answer",
                        content = @OpenApiContent(from = ReservationResult.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "502", description = "The charger answered with a CALLERROR",
                        content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "503", description = "The charger is not connected",
                        content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "504", description = "The charger did not answer in time",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void reserve(Context ctx) {
        String id = ctx.pathParam("chargePointId");
        ReservationRequest body = ApiJson.read(ctx, ReservationRequest.class);
        services.chargePoints().get(id);
        // reservationId is required by the schema but assigned by the CSMS: ReserveNow replaces it with the
        // stored reservation's id, which is how we learn that id.
        ReserveNow request = OcppRequests.validate(new ReserveNow()
                .withConnectorId(body.connectorId())
                .withIdTag(body.idTag())
                .withExpiryDate(body.expiryDate() == null ? null : body.expiryDate().atOffset(ZoneOffset.UTC))
                .withParentIdTag(body.parentIdTag())
                .withReservationId(0));
        if (request.getConnectorId() < 0) {
            throw CsmsException.badRequest("'connectorId' must be 0 or more");
        }
        ReserveNowResponse response = OperationRoutes.await(() -> services.operations().reserveNow(id, request));
        Reservation stored = reservations.get(request.getReservationId());
        ctx.header("Location", RESERVATIONS + "/" + stored.id());
        ctx.status(HttpStatus.CREATED).json(new ReservationResult(ApiJson.wireName(response.getStatus()), stored));
    }

    @OpenApi(path = RESERVATION, methods = HttpMethod.DELETE, operationId = "cancelReservation", tags = TAG,
            summary = "Cancel a reservation (CancelReservation)",
            description = "Asks the charger; the reservation becomes Cancelled when it accepts.",
            pathParams = @OpenApiParam(name = "reservationId", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "200", description = "The charger's answer and the reservation now",
                        content = @OpenApiContent(from = ReservationResult.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", description = "The reservation has already ended",
                        content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "502", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "504", content = @OpenApiContent(from = ApiError.class))
            })
    void cancel(Context ctx) {
        Reservation reservation = reservations.get(Params.pathLong(ctx, "reservationId"));
        if (reservation.status() != Reservation.Status.Accepted && reservation.status() != Reservation.Status.Requested) {
            throw CsmsException.conflict("Reservation " + reservation.id() + " is " + reservation.status()
                    + "; there is nothing to cancel");
        }
        CancelReservation request = new CancelReservation().withReservationId(Math.toIntExact(reservation.id()));
        CancelReservationResponse response = OperationRoutes.await(
                () -> services.operations().cancelReservation(reservation.chargePointId(), request));
        ctx.json(new ReservationResult(ApiJson.wireName(response.getStatus()), reservations.get(reservation.id())));
    }
}
