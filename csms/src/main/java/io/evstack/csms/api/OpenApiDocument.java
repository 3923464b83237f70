package io.evstack.csms.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.openapi.plugin.DefinitionProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes the OpenAPI document the annotation processor generated, at its first request:
 * <ul>
 *   <li>every operation under {@value OperatorApi#V1} requires HTTP Basic (the processor writes an
 *       empty {@code security} on each operation, which would override the global requirement);</li>
 *   <li>OCPP 1.6 payloads are described by the OCA JSON schemas themselves (wire enum values such as
 *       {@code "Hard"}, required fields, CiString lengths), not by what the processor reads from the
 *       generated classes. An annotation asks for one with {@code format = "ocpp16:Reset"}, or
 *       {@code "ocpp16:*"} / {@code "ocpp16:*Response"} for any request / response.</li>
 * </ul>
 */
final class OpenApiDocument implements DefinitionProcessor {
    static final String OCPP_MARK = "ocpp16:";
    static final String ANY_REQUEST = OCPP_MARK + "*";
    static final String ANY_RESPONSE = OCPP_MARK + "*Response";
    static final String SECURITY_SCHEME = "BasicAuth";
    private static final String SCHEMA_PREFIX = "Ocpp16.";
    private static final String RESOURCES = "/ocpp/schemas/v16/";
    private static final Logger log = LoggerFactory.getLogger(OpenApiDocument.class);

    private final List<String> actions;

    OpenApiDocument(Collection<String> actions) {
        this.actions = List.copyOf(actions);
    }

    @Override
    public String process(ObjectNode document) {
        requireBasicAuth(document);
        ObjectNode schemas = document.withObject("/components").withObject("/schemas");
        replaceMarks(document, schemas);
        return document.toPrettyString();
    }

    private static void requireBasicAuth(ObjectNode document) {
        JsonNode paths = document.path("paths");
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            if (!path.getKey().startsWith(OperatorApi.V1 + "/")) {
                continue;
            }
            for (JsonNode operation : path.getValue()) {
                if (operation instanceof ObjectNode op) {
                    ArrayNode security = op.putArray("security");
                    security.addObject().putArray(SECURITY_SCHEME);
                }
            }
        }
    }

    private void replaceMarks(JsonNode node, ObjectNode schemas) {
        if (node instanceof ObjectNode object) {
            JsonNode format = object.get("format");
            if (format != null && format.isTextual() && format.asText().startsWith(OCPP_MARK)) {
                String wanted = format.asText();
                JsonNode replacement = switch (wanted) {
                    case ANY_REQUEST -> oneOf(actions, schemas);
                    case ANY_RESPONSE -> oneOf(actions.stream().map(a -> a + "Response").toList(), schemas);
                    default -> ref(wanted.substring(OCPP_MARK.length()), schemas);
                };
                object.removeAll();
                object.setAll((ObjectNode) replacement);
                return;
            }
            List<JsonNode> children = new ArrayList<>();
            object.elements().forEachRemaining(children::add);
            children.forEach(child -> replaceMarks(child, schemas));
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> replaceMarks(child, schemas));
        }
    }

    private static ObjectNode oneOf(List<String> messages, ObjectNode schemas) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ArrayNode options = node.putArray("oneOf");
        for (String message : messages) {
            options.add(ref(message, schemas));
        }
        return node;
    }

    /** A $ref to the message's schema, added to the components on first use; a plain object if it is missing. */
    private static ObjectNode ref(String message, ObjectNode schemas) {
        String name = SCHEMA_PREFIX + message;
        if (!schemas.has(name)) {
            ObjectNode schema = load(message);
            if (schema == null) {
                ObjectNode object = JsonNodeFactory.instance.objectNode().put("type", "object");
                object.put("description", "OCPP 1.6 " + message);
                return object;
            }
            JsonNode definitions = schema.remove("definitions");
            if (definitions != null) {
                for (Map.Entry<String, JsonNode> def : definitions.properties()) {
                    schemas.set(name + "." + def.getKey(), clean(def.getValue(), name));
                }
            }
            ObjectNode cleaned = (ObjectNode) clean(schema, name);
            cleaned.put("description", "OCPP 1.6 " + message + (message.endsWith("Response") ? "" : " request")
                    + " payload (OCA JSON schema)");
            schemas.set(name, cleaned);
        }
        return JsonNodeFactory.instance.objectNode().put("$ref", "#/components/schemas/" + name);
    }

    /** Drops what OpenAPI 3.0 does not know ($id, $schema, javaType, $comment) and points refs at components. */
    private static JsonNode clean(JsonNode node, String owner) {
        if (node instanceof ObjectNode object) {
            object.remove(List.of("$id", "$schema", "javaType", "$comment"));
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#/definitions/")) {
                object.put("$ref", "#/components/schemas/" + owner + "." + ref.asText().substring("#/definitions/".length()));
            }
            object.elements().forEachRemaining(child -> clean(child, owner));
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> clean(child, owner));
        }
        return node;
    }

    private static ObjectNode load(String message) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCES + message + ".json")) {
            if (in == null) {
                log.warn("No OCPP 1.6 schema for {} on the class path; the API document shows a plain object", message);
                return null;
            }
            return (ObjectNode) ApiJson.MAPPER.readTree(in);
        } catch (IOException | ClassCastException e) {
            log.warn("Cannot read the OCPP 1.6 schema of {}", message, e);
            return null;
        }
    }
}
