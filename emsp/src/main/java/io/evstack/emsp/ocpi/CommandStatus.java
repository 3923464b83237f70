package io.evstack.emsp.ocpi;

/**
 * Where a command we sent to a CPO stands: {@link #PENDING} until the CPO's CommandResult arrives; then
 * its CommandResultType (OCPI 2.2.1 section 13.4); or the CommandResponseType (13.4) when the CPO
 * refused it at once (REJECTED, UNKNOWN_SESSION, NOT_SUPPORTED); {@link #TIMEOUT} when no result came
 * within the timeout the CPO gave plus a grace period; {@link #UNREACHABLE} when the CPO gave no OCPI
 * answer at all.
 */
public enum CommandStatus {
    PENDING,
    ACCEPTED,
    REJECTED,
    UNKNOWN_SESSION,
    NOT_SUPPORTED,
    CANCELED_RESERVATION,
    EVSE_OCCUPIED,
    EVSE_INOPERATIVE,
    FAILED,
    UNKNOWN_RESERVATION,
    TIMEOUT,
    UNREACHABLE;

    public boolean finished() {
        return this != PENDING;
    }

    static CommandStatus parse(String value) {
        try {
            return valueOf(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            return FAILED;
        }
    }
}
