package io.evstack.emsp.driver;

import java.time.Instant;
import java.util.Optional;

/**
 * Starting and stopping a session at a CPO's charger for one of our drivers: the OCPI 2.2.1 commands
 * module (section 13), sender side. The answer comes in two steps: the CPO's synchronous
 * CommandResponse, then the asynchronous CommandResult from the charger; {@link #result} reads where a
 * command stands. Implemented over OCPI in {@code io.evstack.emsp.ocpi}; {@link #UNAVAILABLE} until wired.
 */
public interface ChargingCommands {

    /**
     * START_SESSION (section 13.3.5) at the CPO {@code cpoCountryCode}/{@code cpoPartyId}.
     *
     * @param connectorId optional (OCPI connector_id); {@code null} lets the CPO choose
     * @return our id of the command, for {@link #result}
     */
    String startSession(String tokenUid, String contractId, String cpoCountryCode, String cpoPartyId, String locationId,
            String evseUid, String connectorId);

    /**
     * STOP_SESSION (section 13.3.6) of a session of that CPO. The CPO is named because OCPI session ids
     * are unique per party only.
     */
    String stopSession(String cpoCountryCode, String cpoPartyId, String sessionId);

    /** Where a command stands; empty for an unknown id. */
    Optional<CommandStatus> result(String commandId);

    /**
     * @param response the CPO's CommandResponse result (ACCEPTED, REJECTED, NOT_SUPPORTED, UNKNOWN_SESSION),
     *                 {@code null} before it answered
     * @param result   the CommandResult (ACCEPTED, EVSE_OCCUPIED, FAILED, TIMEOUT, …), {@code null} while pending
     * @param sessionId the CPO's session id once known (a START_SESSION's session), else {@code null}
     */
    record CommandStatus(String commandId, String type, String response, String result, String message, String sessionId,
            Instant updatedAt) {}

    /** Before the OCPI commands sender is wired: every call is refused with a clear message (HTTP 503). */
    ChargingCommands UNAVAILABLE = new ChargingCommands() {
        @Override
        public String startSession(String tokenUid, String contractId, String cpoCountryCode, String cpoPartyId,
                String locationId, String evseUid, String connectorId) {
            throw io.evstack.emsp.EmspException.unavailable("Starting sessions is not available on this server yet");
        }

        @Override
        public String stopSession(String cpoCountryCode, String cpoPartyId, String sessionId) {
            throw io.evstack.emsp.EmspException.unavailable("Stopping sessions is not available on this server yet");
        }

        @Override
        public Optional<CommandStatus> result(String commandId) {
            return Optional.empty();
        }
    };
}
