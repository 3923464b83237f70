package io.evstack.ocpp.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.evstack.ocpp.rpc.RpcFormatException.Problem;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text frame ⇄ {@link RpcMessage}. Decoding reads the message type and id first, so that every later
 * failure can name them ({@link RpcFormatException}); even an unparsable frame gets its id recovered
 * when it starts like an OCPP-J array.
 */
public final class RpcCodec {
    /** The start of an OCPP-J message: {@code [<type>, "<id>"}. */
    private static final Pattern HEAD = Pattern.compile("^\\s*\\[\\s*(\\d{1,3})\\s*,\\s*\"((?:[^\"\\\\]|\\\\.){1,128})\"");

    private final ObjectMapper mapper;

    public RpcCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public RpcMessage decode(String text) throws RpcFormatException {
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw recovered(text);
        }
        if (tree == null || !tree.isArray()) {
            throw new RpcFormatException(Problem.ENVELOPE, "Frame is not a JSON array", null, null);
        }
        ArrayNode array = (ArrayNode) tree;
        JsonNode type = array.get(0);
        JsonNode id = array.get(1);
        if (type == null || !type.canConvertToExactIntegral()) {
            throw new RpcFormatException(Problem.ENVELOPE, "Message type is not a number", null, null);
        }
        int typeId = type.asInt();
        if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().isEmpty()) {
            throw new RpcFormatException(Problem.ENVELOPE, "Message id is missing or not a string", null, typeId);
        }
        String messageId = id.asText();
        if (!id.isTextual()) {
            throw new RpcFormatException(Problem.ENVELOPE, "Message id is not a string", messageId, typeId);
        }
        return switch (typeId) {
            case RpcMessage.CALL -> {
                expect(array, 4, messageId, typeId);
                JsonNode action = array.get(2);
                if (!action.isTextual() || action.asText().isBlank()) {
                    throw new RpcFormatException(Problem.ENVELOPE, "Action is not a string", messageId, typeId);
                }
                yield new RpcMessage.Call(messageId, action.asText(), object(array.get(3), messageId, typeId));
            }
            case RpcMessage.CALL_RESULT -> {
                expect(array, 3, messageId, typeId);
                yield new RpcMessage.CallResult(messageId, object(array.get(2), messageId, typeId));
            }
            case RpcMessage.CALL_ERROR -> {
                expect(array, 5, messageId, typeId);
                JsonNode code = array.get(2);
                JsonNode description = array.get(3);
                if (!code.isTextual() || !description.isTextual()) {
                    throw new RpcFormatException(
                            Problem.ENVELOPE, "Error code or description is not a string", messageId, typeId);
                }
                yield new RpcMessage.CallError(
                        messageId, code.asText(), description.asText(), object(array.get(4), messageId, typeId));
            }
            default -> throw new RpcFormatException(
                    Problem.UNKNOWN_MESSAGE_TYPE, "Unknown message type " + typeId, messageId, typeId);
        };
    }

    public String encode(RpcMessage message) {
        ArrayNode array = mapper.createArrayNode();
        switch (message) {
            case RpcMessage.Call call -> array.add(RpcMessage.CALL)
                    .add(call.messageId())
                    .add(call.action())
                    .add(call.payload());
            case RpcMessage.CallResult result -> array.add(RpcMessage.CALL_RESULT)
                    .add(result.messageId())
                    .add(result.payload());
            case RpcMessage.CallError error -> array.add(RpcMessage.CALL_ERROR)
                    .add(error.messageId())
                    .add(error.errorCode())
                    .add(error.errorDescription())
                    .add(error.errorDetails());
        }
        try {
            return mapper.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize a JSON tree", e);
        }
    }

    private RpcFormatException recovered(String text) {
        Matcher head = HEAD.matcher(text);
        if (head.find()) {
            try {
                String id = mapper.readValue('"' + head.group(2) + '"', String.class); // undo JSON escapes
                return new RpcFormatException(
                        Problem.NOT_JSON, "Frame is not valid JSON", id, Integer.valueOf(head.group(1)));
            } catch (JsonProcessingException badEscape) {
                // fall through: no usable id
            }
        }
        return new RpcFormatException(Problem.NOT_JSON, "Frame is not valid JSON", null, null);
    }

    private static void expect(ArrayNode array, int size, String messageId, int typeId) throws RpcFormatException {
        if (array.size() != size) {
            throw new RpcFormatException(Problem.ENVELOPE,
                    "Message of type " + typeId + " has " + array.size() + " elements, not " + size, messageId, typeId);
        }
    }

    private static JsonNode object(JsonNode node, String messageId, int typeId) throws RpcFormatException {
        if (!node.isObject()) {
            throw new RpcFormatException(Problem.PAYLOAD, "Payload is not a JSON object", messageId, typeId);
        }
        return node;
    }
}
