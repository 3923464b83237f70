package io.evstack.sim.ocpp;

import com.fasterxml.jackson.databind.JsonNode;

/** The OCPP-J wire envelope (OCPP-J 1.6 section 4): one of three arrays, each a record. */
public sealed interface RpcFrame permits RpcFrame.Call, RpcFrame.CallResult, RpcFrame.CallError {
    int CALL = 2;
    int CALL_RESULT = 3;
    int CALL_ERROR = 4;

    String messageId();

    /** {@code [2, messageId, action, payload]} */
    record Call(String messageId, String action, JsonNode payload) implements RpcFrame {}

    /** {@code [3, messageId, payload]} */
    record CallResult(String messageId, JsonNode payload) implements RpcFrame {}

    /** {@code [4, messageId, errorCode, errorDescription, errorDetails]} */
    record CallError(String messageId, String errorCode, String description, JsonNode details) implements RpcFrame {}
}
