package io.evstack.ocpp.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import io.evstack.ocpp.OcppJson;
import io.evstack.ocpp.OcppVersion;
import io.evstack.ocpp.rpc.MessageTypes.ActionType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Validates payloads against the OCA JSON schemas in {@code ocpp/schemas}, and is the one place that maps a
 * validation failure to a CALLERROR code (OCPP-J 1.6 section 4.2.3, OCPP 2.0.1 part 4 section 4.3):
 * <ul>
 *   <li>required → OccurenceConstraintViolation (1.6) / OccurrenceConstraintViolation (2.0.1), as are minItems and maxItems;
 *   <li>type and format (a date-time that is not one) → TypeConstraintViolation;
 *   <li>enum, maxLength and the other value constraints → PropertyConstraintViolation;
 *   <li>additionalProperties and anything else about the structure → FormationViolation / FormatViolation.
 * </ul>
 * Schemas are loaded on first use and kept. Thread-safe.
 */
public final class OcppSchemas {
    /** Why a payload is invalid: the CALLERROR code to answer with and a readable description. */
    public record Violation(ErrorCode code, String description) {}

    /** Keywords of OCA's schemas that say nothing about validity. */
    private static final List<String> ANNOTATIONS = List.of("javaType", "$comment");

    /** Codes by how badly a payload misses its schema: the worst one answers. */
    private static final List<ErrorCode> SEVERITY = List.of(
            ErrorCode.FORMAT_VIOLATION,
            ErrorCode.TYPE_CONSTRAINT_VIOLATION,
            ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION,
            ErrorCode.PROPERTY_CONSTRAINT_VIOLATION);

    private static final OcppSchemas SHARED = new OcppSchemas();

    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OcppSchemas() {
        registry = SchemaRegistry.withDialects(
                List.of(withAnnotations(Dialects.getDraft6()), withAnnotations(Dialects.getDraft7())),
                builder -> builder.defaultDialectId(SpecificationVersion.DRAFT_7.getDialectId()));
    }

    /** The shared instance (schemas are loaded once per JVM). */
    public static OcppSchemas shared() {
        return SHARED;
    }

    public Optional<Violation> validateRequest(OcppVersion version, ActionType type, JsonNode payload) {
        return validate(type.requestSchema(version), payload);
    }

    public Optional<Violation> validateResponse(OcppVersion version, ActionType type, JsonNode payload) {
        return validate(type.responseSchema(version), payload);
    }

    /** Validates against a schema resource such as {@code ocpp/schemas/v16/Authorize.json}. */
    public Optional<Violation> validate(String schemaResource, JsonNode payload) {
        List<Error> errors = schemas.computeIfAbsent(schemaResource, this::load).validate(payload);
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        ErrorCode code = errors.stream()
                .map(e -> codeOf(e.getKeyword()))
                .min(Comparator.comparingInt(SEVERITY::indexOf))
                .orElseThrow();
        String description = errors.stream().map(Error::getMessage).distinct().limit(5).collect(Collectors.joining("; "));
        return Optional.of(new Violation(code, description));
    }

    /** Loads every schema of a version now rather than on first use (to fail at start-up, not later). */
    public void preload(OcppVersion version) {
        for (ActionType type : MessageTypes.all(version)) {
            schemas.computeIfAbsent(type.requestSchema(version), this::load);
            schemas.computeIfAbsent(type.responseSchema(version), this::load);
        }
    }

    static ErrorCode codeOf(String keyword) {
        return switch (keyword == null ? "" : keyword) {
            case "required", "minItems", "maxItems" -> ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION;
            case "type", "format" -> ErrorCode.TYPE_CONSTRAINT_VIOLATION;
            case "enum", "const", "maxLength", "minLength", "pattern", "minimum", "maximum", "exclusiveMinimum",
                    "exclusiveMaximum", "multipleOf", "uniqueItems" -> ErrorCode.PROPERTY_CONSTRAINT_VIOLATION;
            default -> ErrorCode.FORMAT_VIOLATION; // additionalProperties and the rest of the structure
        };
    }

    private Schema load(String resource) {
        try (InputStream in = OcppSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing schema resource " + resource);
            }
            return registry.getSchema(OcppJson.mapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read schema " + resource, e);
        }
    }

    private static Dialect withAnnotations(Dialect dialect) {
        Dialect.Builder builder = Dialect.builder(dialect);
        ANNOTATIONS.forEach(keyword -> builder.keyword(new NonValidationKeyword(keyword)));
        return builder.build();
    }
}
