package io.evstack.ocpp.rpc;

import java.util.Optional;

/**
 * A text frame that is not a well-formed OCPP-J message. Carries what could be recovered of it: the message
 * id and type, when readable, decide whether and how the frame can be answered.
 */
public class RpcFormatException extends Exception {
    private final String messageId;
    private final Integer messageTypeId;

    public RpcFormatException(String description, String messageId, Integer messageTypeId) {
        super(description);
        this.messageId = messageId;
        this.messageTypeId = messageTypeId;
    }

    /** The message id, when it could be read. */
    public Optional<String> messageId() {
        return Optional.ofNullable(messageId);
    }

    /** The message type (2, 3, 4, or another number), when it could be read. */
    public Optional<Integer> messageTypeId() {
        return Optional.ofNullable(messageTypeId);
    }
}
