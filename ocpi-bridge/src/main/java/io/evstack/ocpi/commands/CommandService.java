package io.evstack.ocpi.commands;

import static io.evstack.db.generated.Tables.OCPI_COMMAND;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.csms.ocpp16.Ocpp16Operations;
import io.evstack.ocpi.credentials.Party;
import io.evstack.ocpi.locations.LocationMapping;
import io.evstack.ocpi.locations.LocationService;
import io.evstack.ocpi.locations.OcpiLocation;
import io.evstack.ocpi.sessions.SessionService;
import io.evstack.ocpi.transport.Http;
import io.evstack.ocpi.transport.OcpiClient;
import io.evstack.ocpi.transport.OcpiException;
import io.evstack.ocpi.transport.OcpiStatus;
import io.evstack.ocpp.v16.CancelReservation;
import io.evstack.ocpp.v16.RemoteStartTransaction;
import io.evstack.ocpp.v16.RemoteStopTransaction;
import io.evstack.ocpp.v16.ReserveNow;
import io.evstack.ocpp.v16.UnlockConnector;
import io.evstack.ocpi.transport.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands (section 13, Receiver). The synchronous CommandResponse (13.3.1) says whether we understood
 * the command and passed it to the charger; the CommandResult (13.3.2) is POSTed to the eMSP's
 * response_url once the charger answered the OCPP 1.6 call (or did not, in time: TIMEOUT). START_SESSION
 * is RemoteStartTransaction with the token's uid as idTag; STOP_SESSION RemoteStopTransaction of the
 * session's transaction; RESERVE_NOW / CANCEL_RESERVATION ReserveNow / CancelReservation (the eMSP's
 * reservation_id is kept beside the CSMS reservation id); UNLOCK_CONNECTOR UnlockConnector.
 */
public final class CommandService {
    private static final Logger log = LoggerFactory.getLogger(CommandService.class);

    /** CommandResponse (section 13.3.1). */
    public record CommandResponse(String result, int timeout, Object message) {}

    /** CommandResult (section 13.3.2). */
    public record CommandResult(String result, Object message) {}

    private final DSLContext dsl;
    private final Clock clock;
    private final Ocpp16Operations operations;
    private final LocationService locations;
    private final SessionService sessions;
    private final OcpiClient client;
    private final Duration timeout;

    public CommandService(DSLContext dsl, Clock clock, Ocpp16Operations operations, LocationService locations,
            SessionService sessions, OcpiClient client, Duration timeout) {
        this.dsl = dsl;
        this.clock = clock;
        this.operations = operations;
        this.locations = locations;
        this.sessions = sessions;
        this.client = client;
        this.timeout = timeout;
    }

    public CommandResponse handle(Party party, String command, ObjectNode body) {
        String responseUrl = Http.text(body, "response_url");
        return switch (command) {
            case "START_SESSION" -> start(party, responseUrl, body);
            case "STOP_SESSION" -> stop(party, responseUrl, body);
            case "UNLOCK_CONNECTOR" -> unlock(party, responseUrl, body);
            case "RESERVE_NOW" -> reserve(party, responseUrl, body);
            case "CANCEL_RESERVATION" -> cancel(party, responseUrl, body);
            default -> throw OcpiException.notFound(OcpiStatus.CLIENT_ERROR, "Unknown command " + command);
        };
    }

    private CommandResponse start(Party party, String responseUrl, ObjectNode body) {
        JsonNode token = body.get("token");
        if (token == null || !token.isObject()) {
            throw OcpiException.invalid("Missing or invalid field: token");
        }
        String uid = Http.text(token, "uid");
        LocationMapping.EvseRef evse = evse(Http.text(body, "location_id"), Http.optionalText(body, "evse_uid"));
        if (uid.length() > 20) {
            return rejected("The token uid does not fit an OCPP 1.6 idTag (20 characters)");
        }
        long id = record(party, "START_SESSION", responseUrl, evse, uid, Http.optionalText(body, "authorization_reference"));
        var req = new RemoteStartTransaction().withIdTag(uid).withConnectorId(evse.connectorId());
        return dispatch(party, id, responseUrl, () -> operations.remoteStartTransaction(evse.chargePointId(), req),
                res -> "Accepted".equals(res.getStatus().value()) ? "ACCEPTED" : "REJECTED");
    }

    private CommandResponse stop(Party party, String responseUrl, ObjectNode body) {
        String sessionId = Http.text(body, "session_id");
        var session = sessions.find(sessionId);
        if (session.isEmpty() || !party.owns(session.get().session().cdrToken().countryCode(),
                session.get().session().cdrToken().partyId())) {
            return new CommandResponse("UNKNOWN_SESSION", (int) timeout.toSeconds(), null);
        }
        var ref = LocationMapping.parseEvseUid(session.get().session().evseUid()).orElseThrow();
        long id = record(party, "STOP_SESSION", responseUrl, ref, null, null);
        var req = new RemoteStopTransaction().withTransactionId(Math.toIntExact(Long.parseLong(sessionId)));
        return dispatch(party, id, responseUrl, () -> operations.remoteStopTransaction(ref.chargePointId(), req),
                res -> "Accepted".equals(res.getStatus().value()) ? "ACCEPTED" : "REJECTED");
    }

    private CommandResponse unlock(Party party, String responseUrl, ObjectNode body) {
        LocationMapping.EvseRef evse = evse(Http.text(body, "location_id"), Http.text(body, "evse_uid"));
        long id = record(party, "UNLOCK_CONNECTOR", responseUrl, evse, null, null);
        var req = new UnlockConnector().withConnectorId(evse.connectorId());
        return dispatch(party, id, responseUrl, () -> operations.unlockConnector(evse.chargePointId(), req),
                res -> switch (res.getStatus().value()) {
                    case "Unlocked" -> "ACCEPTED";
                    case "NotSupported" -> "NOT_SUPPORTED";
                    default -> "FAILED";
                });
    }

    private CommandResponse reserve(Party party, String responseUrl, ObjectNode body) {
        JsonNode token = body.get("token");
        if (token == null || !token.isObject()) {
            throw OcpiException.invalid("Missing or invalid field: token");
        }
        String uid = Http.text(token, "uid");
        String reservationRef = Http.text(body, "reservation_id");
        var expiry = Page.parseTime("expiry_date", Http.text(body, "expiry_date"));
        LocationMapping.EvseRef evse = evse(Http.text(body, "location_id"), Http.optionalText(body, "evse_uid"));
        long id = record(party, "RESERVE_NOW", responseUrl, evse, uid, Http.optionalText(body, "authorization_reference"));
        dsl.update(OCPI_COMMAND).set(OCPI_COMMAND.RESERVATION_REF, reservationRef).where(OCPI_COMMAND.ID.eq(id)).execute();
        var req = new ReserveNow().withConnectorId(evse.connectorId()).withIdTag(uid).withReservationId(0)
                .withExpiryDate(expiry.atOffset(ZoneOffset.UTC));
        return dispatch(party, id, responseUrl, () -> operations.reserveNow(evse.chargePointId(), req), res -> {
            dsl.update(OCPI_COMMAND).set(OCPI_COMMAND.CSMS_RESERVATION_ID, (long) req.getReservationId())
                    .where(OCPI_COMMAND.ID.eq(id)).execute();
            return switch (res.getStatus().value()) {
                case "Accepted" -> "ACCEPTED";
                case "Occupied" -> "EVSE_OCCUPIED";
                case "Faulted", "Unavailable" -> "EVSE_INOPERATIVE";
                default -> "REJECTED";
            };
        });
    }

    private CommandResponse cancel(Party party, String responseUrl, ObjectNode body) {
        String reservationRef = Http.text(body, "reservation_id");
        var row = dsl.selectFrom(OCPI_COMMAND).where(OCPI_COMMAND.PARTY_PK.eq(party.pk()))
                .and(OCPI_COMMAND.COMMAND.eq("RESERVE_NOW")).and(OCPI_COMMAND.RESERVATION_REF.eq(reservationRef))
                .and(OCPI_COMMAND.CSMS_RESERVATION_ID.isNotNull()).orderBy(OCPI_COMMAND.ID.desc()).limit(1).fetchOne();
        if (row == null) {
            return rejected("Unknown reservation " + reservationRef);
        }
        var ref = new LocationMapping.EvseRef(row.getChargePointId(), row.getConnectorId());
        long id = record(party, "CANCEL_RESERVATION", responseUrl, ref, null, null);
        var req = new CancelReservation().withReservationId(Math.toIntExact(row.getCsmsReservationId()));
        return dispatch(party, id, responseUrl, () -> operations.cancelReservation(ref.chargePointId(), req),
                res -> "Accepted".equals(res.getStatus().value()) ? "CANCELED_RESERVATION" : "UNKNOWN_RESERVATION");
    }

    /** The START_SESSION command that led to this transaction, if any (for auth method and reference). */
    public Optional<SessionService.Origin> originOf(String chargePointId, int connectorId, String idTag) {
        var row = dsl.selectFrom(OCPI_COMMAND).where(OCPI_COMMAND.COMMAND.eq("START_SESSION"))
                .and(OCPI_COMMAND.CHARGE_POINT_ID.eq(chargePointId)).and(OCPI_COMMAND.CONNECTOR_ID.eq(connectorId))
                .and(OCPI_COMMAND.TOKEN_UID.eq(idTag)).and(OCPI_COMMAND.RESULT.isNull().or(OCPI_COMMAND.RESULT.eq("ACCEPTED")))
                .and(OCPI_COMMAND.CREATED_AT.gt(clock.instant().minus(Duration.ofMinutes(10))))
                .orderBy(OCPI_COMMAND.ID.desc()).limit(1).fetchOne();
        return row == null ? Optional.empty()
                : Optional.of(new SessionService.Origin("COMMAND", row.getAuthorizationReference()));
    }

    private LocationMapping.EvseRef evse(String locationId, String evseUid) {
        Optional<OcpiLocation> location = locations.find(locationId);
        if (location.isEmpty()) {
            throw new OcpiException(200, OcpiStatus.UNKNOWN_LOCATION, "Unknown location " + locationId);
        }
        OcpiLocation.Evse evse = evseUid == null ? location.get().evses().stream().findFirst().orElse(null)
                : location.get().evse(evseUid);
        if (evse == null) {
            throw new OcpiException(200, OcpiStatus.UNKNOWN_LOCATION, "Unknown EVSE " + evseUid + " at " + locationId);
        }
        return LocationMapping.parseEvseUid(evse.uid()).orElseThrow();
    }

    private long record(Party party, String command, String responseUrl, LocationMapping.EvseRef evse, String uid,
            String authorizationReference) {
        return dsl.insertInto(OCPI_COMMAND).set(OCPI_COMMAND.PARTY_PK, party.pk()).set(OCPI_COMMAND.COMMAND, command)
                .set(OCPI_COMMAND.RESPONSE_URL, responseUrl).set(OCPI_COMMAND.CHARGE_POINT_ID, evse.chargePointId())
                .set(OCPI_COMMAND.CONNECTOR_ID, evse.connectorId()).set(OCPI_COMMAND.TOKEN_UID, uid)
                .set(OCPI_COMMAND.AUTHORIZATION_REFERENCE, authorizationReference)
                .set(OCPI_COMMAND.CREATED_AT, clock.instant()).returningResult(OCPI_COMMAND.ID).fetchOne().value1();
    }

    private <R> CommandResponse dispatch(Party party, long id, String responseUrl,
            java.util.function.Supplier<CompletableFuture<R>> call, java.util.function.Function<R, String> result) {
        CompletableFuture<R> future;
        try {
            future = call.get();
        } catch (RuntimeException e) {
            return rejected(e.getMessage());
        }
        if (future.isCompletedExceptionally() && future.exceptionNow() instanceof io.evstack.ocpp.server.ChargerNotConnectedException) {
            return rejected("The charger is not connected");
        }
        future.orTimeout(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).handleAsync((res, failure) -> {
            String outcome;
            if (failure == null) {
                outcome = result.apply(res);
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                outcome = cause instanceof java.util.concurrent.TimeoutException
                        || cause instanceof io.evstack.ocpp.server.CallTimeoutException ? "TIMEOUT" : "FAILED";
            }
            dsl.update(OCPI_COMMAND).set(OCPI_COMMAND.RESULT, outcome).where(OCPI_COMMAND.ID.eq(id)).execute();
            try {
                var answer = client.send("POST", responseUrl, party.outgoingToken(), party.tokenBase64(),
                        new CommandResult(outcome, null), null);
                if (!answer.ok()) {
                    log.info("CommandResult to {} answered {}", responseUrl, answer.describe());
                }
            } catch (Exception e) {
                log.info("Cannot POST CommandResult to {}: {}", responseUrl, e.getMessage());
            }
            return null;
        });
        return new CommandResponse("ACCEPTED", (int) timeout.toSeconds(), null);
    }

    private CommandResponse rejected(String message) {
        return new CommandResponse("REJECTED", (int) timeout.toSeconds(),
                Map.of("language", "en", "text", message == null ? "rejected" : message));
    }
}
