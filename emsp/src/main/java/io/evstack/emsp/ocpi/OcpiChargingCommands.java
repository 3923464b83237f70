package io.evstack.emsp.ocpi;

import io.evstack.emsp.EmspException;
import io.evstack.emsp.driver.ChargingCommands;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * What the driver API asks of a CPO's chargers, as OCPI commands (section 13.3): start and stop a session,
 * reserve, cancel a reservation, unlock a connector. Each call returns a command id once the CPO gave
 * its synchronous CommandResponse; {@link #result} / {@link #state} / {@link #awaitResult} tell how it
 * ended. Bad targets are {@link EmspException}s with their HTTP status: an unknown token, CPO or session
 * 404, a blocked or expired token 409, a missing argument 400, a CPO without a commands endpoint 503.
 */
public final class OcpiChargingCommands implements ChargingCommands {
    private final CommandsSender sender;
    private final EmspRepository repo;
    private final TokenRepository tokens;
    private final Clock clock;
    private final String countryCode;
    private final String partyId;
    private final String issuer;

    OcpiChargingCommands(CommandsSender sender, EmspRepository repo, TokenRepository tokens, Clock clock, String countryCode,
            String partyId, String issuer) {
        this.sender = sender;
        this.repo = repo;
        this.tokens = tokens;
        this.clock = clock;
        this.countryCode = countryCode;
        this.partyId = partyId;
        this.issuer = issuer;
    }

    /**
     * START_SESSION (13.3.5) at the CPO {@code cpoCountry}/{@code cpoParty}, with a fresh
     * authorization_reference that the CPO copies into the session (how {@link #result} finds it). The
     * token is found by uid, or by contract id when the uid is null; {@code evseUid} and
     * {@code connectorId} may be null.
     */
    @Override
    public String startSession(String tokenUid, String contractId, String cpoCountry, String cpoParty, String locationId,
            String evseUid, String connectorId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", usableToken(tokenUid, contractId));
        body.put("location_id", require(locationId, "locationId"));
        if (evseUid != null) {
            body.put("evse_uid", evseUid);
            if (connectorId != null) {
                body.put("connector_id", connectorId);
            }
        }
        body.put("authorization_reference", UUID.randomUUID().toString());
        return sender.send(cpo(cpoCountry, cpoParty), "START_SESSION", body);
    }

    /** STOP_SESSION (13.3.6) of a session the CPO told us about (session ids are unique per CPO only). */
    @Override
    public String stopSession(String cpoCountry, String cpoParty, String sessionId) {
        EmspRepository.Cpo cpo = cpo(cpoCountry, cpoParty);
        if (repo.object("sessions", cpoCountry, cpoParty, require(sessionId, "sessionId")).isEmpty()) {
            throw EmspException.notFound("CPO " + cpoCountry + "*" + cpoParty + " told us of no session " + sessionId);
        }
        return sender.send(cpo, "STOP_SESSION", Map.of("session_id", sessionId));
    }

    /** RESERVE_NOW (13.3.4): our reservationId identifies it for CANCEL_RESERVATION. */
    public String reserveNow(String tokenUid, String cpoCountry, String cpoParty, String locationId, String evseUid,
            Instant expiry, String reservationId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", usableToken(require(tokenUid, "tokenUid"), null));
        body.put("expiry_date", require(expiry, "expiry").toString());
        body.put("reservation_id", require(reservationId, "reservationId"));
        body.put("location_id", require(locationId, "locationId"));
        if (evseUid != null) {
            body.put("evse_uid", evseUid);
        }
        body.put("authorization_reference", UUID.randomUUID().toString());
        return sender.send(cpo(cpoCountry, cpoParty), "RESERVE_NOW", body);
    }

    /** CANCEL_RESERVATION (13.3.1). */
    public String cancelReservation(String cpoCountry, String cpoParty, String reservationId) {
        return sender.send(cpo(cpoCountry, cpoParty), "CANCEL_RESERVATION",
                Map.of("reservation_id", require(reservationId, "reservationId")));
    }

    /** UNLOCK_CONNECTOR (13.3.7). */
    public String unlockConnector(String cpoCountry, String cpoParty, String locationId, String evseUid, String connectorId) {
        return sender.send(cpo(cpoCountry, cpoParty), "UNLOCK_CONNECTOR", Map.of("location_id", require(locationId, "locationId"),
                "evse_uid", require(evseUid, "evseUid"), "connector_id", require(connectorId, "connectorId")));
    }

    /**
     * The command as the driver API shows it: the CPO's CommandResponse, the CommandResult (TIMEOUT once the
     * CPO's timeout and our grace have passed without one), and for START_SESSION the CPO's session id once
     * its session, carrying our authorization_reference, has arrived.
     */
    @Override
    public Optional<CommandStatus> result(String commandId) {
        return sender.find(commandId).map(c -> {
            CommandState state = c.status(clock.instant(), sender.grace());
            String result = c.result() != null ? c.result() : state == CommandState.TIMEOUT ? "TIMEOUT" : null;
            String sessionId = switch (c.command()) {
                case "START_SESSION" -> {
                    String reference = EmspOcpi.read(c.request()).path("authorization_reference").asText(null);
                    yield reference == null ? null : repo.sessionWithReference(c.cpoPk(), reference).orElse(null);
                }
                case "STOP_SESSION" -> EmspOcpi.read(c.request()).path("session_id").asText(null);
                default -> null;
            };
            Instant updated = Stream.of(c.createdAt(), c.respondedAt(), c.resultAt()).filter(java.util.Objects::nonNull)
                    .max(Instant::compareTo).orElseThrow();
            String message = c.resultMessage() != null ? c.resultMessage() : c.responseMessage();
            return new CommandStatus(c.commandId(), c.command(), c.responseResult(), result, message, sessionId, updated);
        });
    }

    /** Where the command stands now, in one word. */
    public CommandState state(String commandId) {
        return sender.status(commandId).orElseThrow(() -> EmspException.notFound("No command " + commandId));
    }

    /** Completes with the final state (TIMEOUT at the latest when the CPO's timeout and grace have passed). */
    public CompletableFuture<CommandState> awaitResult(String commandId) {
        state(commandId);
        return sender.await(commandId);
    }

    private Map<String, Object> usableToken(String uid, String contractId) {
        Optional<OurToken> token = uid != null ? tokens.byUid(uid)
                : contractId != null ? tokens.byContractId(contractId) : Optional.empty();
        OurToken t = token.orElseThrow(() -> EmspException.notFound("Unknown token " + (uid != null ? uid : contractId)));
        if (contractId != null && !contractId.equals(t.contractId())) {
            throw EmspException.badRequest("Token " + uid + " does not belong to contract " + contractId);
        }
        Instant now = clock.instant();
        if (!t.valid(now)) {
            throw EmspException.conflict("Token " + t.uid() + " is " + (t.expired(now) ? "expired" : "not active"));
        }
        return t.toOcpi(countryCode, partyId, issuer, now);
    }

    private EmspRepository.Cpo cpo(String country, String party) {
        return repo.registeredCpo(require(country, "cpoCountry"), require(party, "cpoParty"))
                .orElseThrow(() -> EmspException.notFound("No registered CPO " + country + "*" + party));
    }

    private static <T> T require(T value, String name) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw EmspException.badRequest(name + " is required");
        }
        return value;
    }
}
