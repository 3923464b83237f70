package io.evstack.sim.ocpp;

/**
 * A CALLERROR: thrown by a {@link CallHandler} to refuse a CSMS call, and the failure of an outgoing call
 * the CSMS answered with one.
 */
public final class CallErrorException extends Exception {
    private final CallErrorCode code;

    public CallErrorException(CallErrorCode code, String description) {
        super(description);
        this.code = code;
    }

    public CallErrorCode code() {
        return code;
    }
}
