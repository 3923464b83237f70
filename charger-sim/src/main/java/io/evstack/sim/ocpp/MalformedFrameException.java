package io.evstack.sim.ocpp;

/**
 * A text frame that is not a well-formed OCPP-J message. Carries the message id only when the frame was a
 * CALL, the one kind the spec lets us answer (with a CALLERROR); anything else is logged and dropped.
 */
final class MalformedFrameException extends Exception {
    private final String messageId;

    MalformedFrameException(String messageId, String reason) {
        super(reason);
        this.messageId = messageId;
    }

    String messageId() {
        return messageId;
    }
}
