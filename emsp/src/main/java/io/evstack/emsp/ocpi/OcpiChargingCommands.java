package io.evstack.emsp.ocpi;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What the driver API asks of a CPO's chargers, as OCPI commands (section 13.3): start and stop a session,
 * reserve, cancel a reservation, unlock a connector. Each call returns a command id at once, after the
 * CPO's synchronous CommandResponse; {@link #result} and {@link #awaitResult} tell how it ended. Bad
 * targets (an unknown or unusable token, CPO or session) are {@link IllegalArgumentException}s.
 */
public final class OcpiChargingCommands {
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
     * START_SESSION (13.3.5) at the CPO {@code cpoCountry}/{@code cpoParty}. The token is found by uid, or
     * by contract id when the uid is null; {@code evseUid} and {@code connectorId} may be null.
     */
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

    /** STOP_SESSION (13.3.6) of a session a CPO told us about, sent to that CPO. */
    public String stopSession(String sessionId) {
        long cpoPk = repo.cpoOf("sessions", require(sessionId, "sessionId"))
                .orElseThrow(() -> new IllegalArgumentException("No CPO told us of session " + sessionId));
        EmspRepository.Cpo cpo = repo.registeredCpo(cpoPk)
                .orElseThrow(() -> new IllegalArgumentException("The CPO of session " + sessionId + " is no longer registered"));
        return sender.send(cpo, "STOP_SESSION", Map.of("session_id", sessionId));
    }

    /** RESERVE_NOW (13.3.4): our reservationId identifies it for CANCEL_RESERVATION. */
    public String reserveNow(String tokenUid, String cpoCountry, String cpoParty, String locationId, String evseUid,
            Instant expiry, String reservationId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", usableToken(tokenUid, null));
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

    /** Where the command stands now. */
    public CommandStatus result(String commandId) {
        return sender.status(commandId).orElseThrow(() -> new IllegalArgumentException("Unknown command " + commandId));
    }

    /** Completes with the final status (TIMEOUT at the latest when the CPO's timeout and grace have passed). */
    public CompletableFuture<CommandStatus> awaitResult(String commandId) {
        return sender.await(commandId);
    }

    private Map<String, Object> usableToken(String uid, String contractId) {
        Optional<OurToken> token = uid != null ? tokens.byUid(uid)
                : contractId != null ? tokens.byContractId(contractId) : Optional.empty();
        OurToken t = token.orElseThrow(() -> new IllegalArgumentException("Unknown token " + (uid != null ? uid : contractId)));
        if (contractId != null && !contractId.equals(t.contractId())) {
            throw new IllegalArgumentException("Token " + uid + " does not belong to contract " + contractId);
        }
        Instant now = clock.instant();
        if (!t.valid(now)) {
            throw new IllegalArgumentException("Token " + t.uid() + " is " + (t.expired(now) ? "expired" : "not active"));
        }
        return t.toOcpi(countryCode, partyId, issuer, now);
    }

    private EmspRepository.Cpo cpo(String country, String party) {
        return repo.registeredCpo(require(country, "cpoCountry"), require(party, "cpoParty"))
                .orElseThrow(() -> new IllegalArgumentException("No registered CPO " + country + "*" + party));
    }

    private static <T> T require(T value, String name) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
