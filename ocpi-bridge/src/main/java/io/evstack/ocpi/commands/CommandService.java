package io.evstack.ocpi.commands;

import static io.evstack.db.generated.Tables.OCPI_COMMAND;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.ocpp16.Ocpp16Operations;
import io.evstack.csms.ocpp201.Ocpp201Operations;
import io.evstack.csms.transaction.TransactionService;
import io.evstack.ocpi.credentials.Party;
import io.evstack.ocpi.credentials.Representation;
import io.evstack.ocpi.locations.LocationMapping;
import io.evstack.ocpi.locations.LocationService;
import io.evstack.ocpi.locations.OcpiLocation;
import io.evstack.ocpi.sessions.SessionService;
import io.evstack.ocpi.transport.AsyncResults;
import io.evstack.ocpi.transport.Http;
import io.evstack.ocpi.transport.OcpiException;
import io.evstack.ocpi.transport.OcpiStatus;
import io.evstack.ocpi.transport.Page;
import io.evstack.ocpp.server.ChargerNotConnectedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jooq.DSLContext;

/**
 * Commands (section 13, Receiver). The synchronous CommandResponse (13.3.1) says whether we understood
 * the command and passed it to the charger; the CommandResult (13.3.2) is POSTed to the eMSP's
 * response_url once the charger answered (or did not, within the command timeout: TIMEOUT). Each
 * command becomes the operation of the charger's own OCPP version ({@link Ocpp16Commands},
 * {@link Ocpp201Commands}); the eMSP's reservation_id is kept beside the CSMS reservation id.
 */
public final class CommandService {
    /** CommandResponse (section 13.3.1). */
    public record CommandResponse(String result, int timeout, Object message) {}

    /** CommandResult (section 13.3.2). */
    public record CommandResult(String result, Object message) {}

    private final DSLContext dsl;
    private final Clock clock;
    private final ChargePointService chargePoints;
    private final ChargerCommands ocpp16;
    private final ChargerCommands ocpp201;
    private final LocationService locations;
    private final SessionService sessions;
    private final AsyncResults results;
    private final Representation representation;

    public CommandService(DSLContext dsl, Clock clock, ChargePointService chargePoints, Ocpp16Operations operations16,
            Ocpp201Operations operations201, TransactionService transactions, LocationService locations,
            SessionService sessions, AsyncResults results, Representation representation) {
        this.dsl = dsl;
        this.clock = clock;
        this.chargePoints = chargePoints;
        this.ocpp16 = new Ocpp16Commands(operations16);
        this.ocpp201 = operations201 == null ? null : new Ocpp201Commands(operations201, transactions);
        this.locations = locations;
        this.sessions = sessions;
        this.results = results;
        this.representation = representation;
    }

    public CommandResponse handle(Party party, String command, ObjectNode body) {
        String responseUrl = Http.text(body, "response_url");
        if (responseUrl.length() > 255) {
            throw OcpiException.invalid("response_url is a URL of at most 255 characters (the URL type, section 16)");
        }
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
        JsonNode token = token(body);
        String uid = Http.text(token, "uid");
        LocationMapping.EvseRef evse = evse(Http.text(body, "location_id"), Http.optionalText(body, "evse_uid"));
        if (uid.length() > 20 && !is201(evse.chargePointId())) {
            return rejected("The token uid does not fit an OCPP 1.6 idTag (20 characters)");
        }
        long id = record(party, "START_SESSION", responseUrl, evse, uid, Http.optionalText(body, "authorization_reference"));
        return dispatch(party, id, responseUrl, () -> version(evse.chargePointId()).start(evse.chargePointId(),
                evse.connectorId(), uid, token.path("type").asText("RFID"), Math.toIntExact(id % Integer.MAX_VALUE)));
    }

    private CommandResponse stop(Party party, String responseUrl, ObjectNode body) {
        String sessionId = Http.text(body, "session_id");
        var session = sessions.find(sessionId);
        // a hub may stop the sessions of the parties behind it (section 4.1.4)
        if (session.isEmpty() || !representation.actsFor(party, session.get().session().cdrToken().countryCode(),
                session.get().session().cdrToken().partyId())) {
            return new CommandResponse("UNKNOWN_SESSION", results.timeoutSeconds(), null);
        }
        var ref = LocationMapping.parseEvseUid(session.get().session().evseUid()).orElseThrow();
        long id = record(party, "STOP_SESSION", responseUrl, ref, null, null);
        long transactionId = Long.parseLong(sessionId);
        return dispatch(party, id, responseUrl, () -> version(ref.chargePointId()).stop(ref.chargePointId(), transactionId));
    }

    private CommandResponse unlock(Party party, String responseUrl, ObjectNode body) {
        LocationMapping.EvseRef evse = evse(Http.text(body, "location_id"), Http.text(body, "evse_uid"));
        long id = record(party, "UNLOCK_CONNECTOR", responseUrl, evse, null, null);
        return dispatch(party, id, responseUrl, () -> version(evse.chargePointId()).unlock(evse.chargePointId(),
                evse.connectorId()));
    }

    private CommandResponse reserve(Party party, String responseUrl, ObjectNode body) {
        JsonNode token = token(body);
        String uid = Http.text(token, "uid");
        String reservationRef = Http.text(body, "reservation_id");
        var expiry = Page.parseTime("expiry_date", Http.text(body, "expiry_date"));
        LocationMapping.EvseRef evse = evse(Http.text(body, "location_id"), Http.optionalText(body, "evse_uid"));
        long id = record(party, "RESERVE_NOW", responseUrl, evse, uid, Http.optionalText(body, "authorization_reference"));
        dsl.update(OCPI_COMMAND).set(OCPI_COMMAND.RESERVATION_REF, reservationRef).where(OCPI_COMMAND.ID.eq(id)).execute();
        return dispatch(party, id, responseUrl, () -> version(evse.chargePointId()).reserve(evse.chargePointId(),
                evse.connectorId(), uid, token.path("type").asText("RFID"), expiry,
                csmsId -> dsl.update(OCPI_COMMAND).set(OCPI_COMMAND.CSMS_RESERVATION_ID, (long) csmsId)
                        .where(OCPI_COMMAND.ID.eq(id)).execute()));
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
        int reservationId = Math.toIntExact(row.getCsmsReservationId());
        return dispatch(party, id, responseUrl, () -> version(ref.chargePointId()).cancel(ref.chargePointId(), reservationId));
    }

    private static JsonNode token(ObjectNode body) {
        JsonNode token = body.get("token");
        if (token == null || !token.isObject()) {
            throw OcpiException.invalid("Missing or invalid field: token");
        }
        return token;
    }

    private boolean is201(String chargePointId) {
        return chargePoints.find(chargePointId).map(cp -> "ocpp2.0.1".equals(cp.ocppVersion())).orElse(false);
    }

    private ChargerCommands version(String chargePointId) {
        if (is201(chargePointId)) {
            if (ocpp201 == null) {
                throw new IllegalStateException("OCPP 2.0.1 operations are not available");
            }
            return ocpp201;
        }
        return ocpp16;
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

    /**
     * Hands the command to the charger and answers at once; the result follows when the charger answers,
     * or TIMEOUT once the command timeout (the one the CommandResponse announced) has passed.
     */
    private CommandResponse dispatch(Party party, long id, String responseUrl, Supplier<CompletableFuture<String>> call) {
        CompletableFuture<String> future;
        try {
            future = call.get();
        } catch (RuntimeException e) {
            // refused before the charger was asked (a reservation for another token, no station transaction id)
            settle(id, "REJECTED");
            return rejected(e.getMessage());
        }
        if (future.isCompletedExceptionally() && future.exceptionNow() instanceof ChargerNotConnectedException) {
            settle(id, "REJECTED");
            return rejected("The charger is not connected");
        }
        // one CommandResult per command: the first result settles it, and only that one is queued
        results.whenAnswered(future, result -> new CommandResult(result, null),
                timedOut -> new CommandResult(timedOut ? "TIMEOUT" : "FAILED", null),
                (tx, result) -> settle(tx, id, ((CommandResult) result).result()), party, responseUrl);
        return new CommandResponse("ACCEPTED", results.timeoutSeconds(), null);
    }

    private void settle(long id, String result) {
        settle(dsl, id, result);
    }

    /** Sets the command's result unless it has one; whether it was set. */
    private static boolean settle(DSLContext tx, long id, String result) {
        return tx.update(OCPI_COMMAND).set(OCPI_COMMAND.RESULT, result).where(OCPI_COMMAND.ID.eq(id))
                .and(OCPI_COMMAND.RESULT.isNull()).execute() == 1;
    }

    private CommandResponse rejected(String message) {
        return new CommandResponse("REJECTED", results.timeoutSeconds(),
                Map.of("language", "en", "text", message == null ? "rejected" : message));
    }
}
