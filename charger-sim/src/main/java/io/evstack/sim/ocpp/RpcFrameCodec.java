package io.evstack.sim.ocpp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** Text frame to {@link RpcFrame} and back. Stateless and thread-safe. */
final class RpcFrameCodec {
    private final ObjectMapper mapper;

    RpcFrameCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    RpcFrame decode(String text) throws MalformedFrameException {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedFrameException(null, "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray() || root.size() < 3) {
            throw new MalformedFrameException(null, "not an OCPP-J array");
        }
        JsonNode idNode = root.get(1);
        String id = idNode.isTextual() ? idNode.asText() : null;
        if (id == null) {
            throw new MalformedFrameException(null, "message id is not a string");
        }
        if (!root.get(0).isInt()) {
            throw new MalformedFrameException(null, "message type is not a number");
        }
        return switch (root.get(0).asInt()) {
            case RpcFrame.CALL -> {
                if (root.size() != 4 || !root.get(2).isTextual() || !root.get(3).isObject()) {
                    throw new MalformedFrameException(id, "a CALL is [2, id, action, {payload}]");
                }
                yield new RpcFrame.Call(id, root.get(2).asText(), root.get(3));
            }
            case RpcFrame.CALL_RESULT -> {
                if (root.size() != 3 || !root.get(2).isObject()) {
                    throw new MalformedFrameException(null, "a CALLRESULT is [3, id, {payload}]");
                }
                yield new RpcFrame.CallResult(id, root.get(2));
            }
            case RpcFrame.CALL_ERROR -> {
                if (root.size() < 4 || !root.get(2).isTextual()) {
                    throw new MalformedFrameException(null, "a CALLERROR is [4, id, code, description, {details}]");
                }
                yield new RpcFrame.CallError(id, root.get(2).asText(), root.get(3).asText(""),
                        root.size() > 4 ? root.get(4) : mapper.createObjectNode());
            }
            default -> throw new MalformedFrameException(null, "unknown message type " + root.get(0));
        };
    }

    String encode(RpcFrame frame) {
        ArrayNode array = mapper.createArrayNode();
        switch (frame) {
            case RpcFrame.Call c -> array.add(RpcFrame.CALL).add(c.messageId()).add(c.action()).add(c.payload());
            case RpcFrame.CallResult r -> array.add(RpcFrame.CALL_RESULT).add(r.messageId()).add(r.payload());
            case RpcFrame.CallError e -> array.add(RpcFrame.CALL_ERROR).add(e.messageId()).add(e.errorCode())
                    .add(e.description() == null ? "" : e.description())
                    .add(e.details() == null ? mapper.createObjectNode() : e.details());
        }
        try {
            return mapper.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    JsonNode toTree(Object payload) {
        return mapper.valueToTree(payload);
    }

    <T> T fromTree(JsonNode payload, Class<T> type) throws JsonProcessingException {
        return mapper.treeToValue(payload, type);
    }
}
