package io.evstack.ocpi.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.ocpi.credentials.Caller;
import io.javalin.http.Context;
import java.time.Clock;

/** Reading requests and writing OCPI answers in a Javalin handler. */
public final class Http {
    public static final String CALLER = "ocpi.caller";

    private Http() {}

    public static Caller caller(Context ctx) {
        Caller c = ctx.attribute(CALLER);
        if (c == null) {
            throw OcpiException.unauthorized("No credentials token");
        }
        return c;
    }

    /** The body as a JSON object; not JSON at all is HTTP 400 (section 5), anything else 2001. */
    public static ObjectNode object(Context ctx) {
        JsonNode node;
        try {
            node = OcpiJson.MAPPER.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw OcpiException.badJson("The body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw OcpiException.invalid("The body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    public static <T> T body(Context ctx, Class<T> type) {
        ObjectNode node = object(ctx);
        try {
            return OcpiJson.MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw OcpiException.invalid("Invalid " + type.getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    public static void ok(Context ctx, Clock clock, Object data) {
        ctx.status(200).contentType("application/json").result(OcpiJson.write(OcpiResponse.success(data, clock.instant())));
    }

    public static void status(Context ctx, Clock clock, int httpStatus, Object data) {
        ctx.status(httpStatus).contentType("application/json")
                .result(OcpiJson.write(OcpiResponse.success(data, clock.instant())));
    }

    public static void error(Context ctx, Clock clock, int httpStatus, int statusCode, String message) {
        ctx.status(httpStatus).contentType("application/json")
                .result(OcpiJson.write(OcpiResponse.error(statusCode, message, clock.instant())));
    }

    /** A required text field of a JSON body, else 2001. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw OcpiException.invalid("Missing or invalid field: " + field);
        }
        return v.asText();
    }

    public static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
