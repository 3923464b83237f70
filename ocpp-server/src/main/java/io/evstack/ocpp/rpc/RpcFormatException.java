package io.evstack.ocpp.rpc;

import java.util.Optional;

/**
 * A text frame that is not a well-formed OCPP-J message. Carries what could be recovered of it: the message
 * id and type, when readable, decide whether and how the frame can be answered ({@link ErrorFactory#malformed}).
 */
public class RpcFormatException extends Exception {
    /** What is wrong with the frame. */
    public enum Problem {
        /** Not parsable as JSON. */
        NOT_JSON,
        /** JSON, but not the RPC array: wrong element count, id or action not a string, ... */
        ENVELOPE,
        /** The envelope is fine but the payload is not a JSON object. */
        PAYLOAD,
        /** A message type number other than 2, 3 and 4. */
        UNKNOWN_MESSAGE_TYPE
    }

    private final Problem problem;
    private final String messageId;
    private final Integer messageTypeId;

    public RpcFormatException(Problem problem, String description, String messageId, Integer messageTypeId) {
        super(description);
        this.problem = problem;
        this.messageId = messageId;
        this.messageTypeId = messageTypeId;
    }

    public Problem problem() {
        return problem;
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
