package io.evstack.ocpp.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The OCPP-J RPC envelope (OCPP-J 1.6 section 4.2, OCPP 2.0.1 part 4 section 4.2): a closed family, so
 * switches over it are exhaustive. Payloads stay JSON trees here; binding to the generated classes
 * happens after schema validation.
 */
public sealed interface RpcMessage {
    int CALL = 2;
    int CALL_RESULT = 3;
    int CALL_ERROR = 4;

    String messageId();

    /** {@code [2, "<messageId>", "<action>", {<payload>}]} */
    record Call(String messageId, String action, JsonNode payload) implements RpcMessage {
        public Call {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** {@code [3, "<messageId>", {<payload>}]} */
    record CallResult(String messageId, JsonNode payload) implements RpcMessage {
        public CallResult {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /**
     * {@code [4, "<messageId>", "<errorCode>", "<errorDescription>", {<errorDetails>}]}; the code is kept as
     * written on the wire (its spelling depends on the version), {@link #code()} reads it.
     */
    record CallError(String messageId, String errorCode, String errorDescription, JsonNode errorDetails)
            implements RpcMessage {
        public CallError {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(errorCode, "errorCode");
            errorDescription = errorDescription == null ? "" : errorDescription;
            errorDetails = errorDetails == null ? emptyDetails() : errorDetails;
        }

        public ErrorCode code() {
            return ErrorCode.fromWire(errorCode);
        }

        static ObjectNode emptyDetails() {
            return JsonNodeFactory.instance.objectNode();
        }
    }
}
