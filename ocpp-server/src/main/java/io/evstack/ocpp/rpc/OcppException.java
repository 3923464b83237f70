package io.evstack.ocpp.rpc;

/**
 * Thrown by a handler to answer a CALL with a CALLERROR; the server turns it into the frame.
 * Also the failure of an outgoing call that the charger answered with a CALLERROR.
 */
public class OcppException extends Exception {
    private final ErrorCode errorCode;

    public OcppException(ErrorCode errorCode, String description) {
        super(description);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }
}
