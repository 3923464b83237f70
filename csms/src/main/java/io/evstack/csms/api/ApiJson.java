package io.evstack.csms.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.evstack.csms.CsmsException;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Objects;
import java.util.TimeZone;
import java.util.stream.Collectors;

/**
 * The operator API's JSON: ISO-8601 timestamps in UTC, nulls left out, and strict reading (unknown
 * fields, floats for integers, strings for numbers and unknown enum values are refused) whose failures
 * become 400s with a message naming the field, never 500s.
 */
final class ApiJson {
    private ApiJson() {}

    static final ObjectMapper MAPPER = create();

    static ObjectMapper create() {
        SimpleModule utc = new SimpleModule("utc-offset-date-time");
        utc.addSerializer(OffsetDateTime.class, new UtcOffsetDateTimeSerializer());
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(utc)
                .defaultTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .build();
    }

    /** OffsetDateTime always in UTC ("…Z"), whatever offset a charger or a client used. */
    private static final class UtcOffsetDateTimeSerializer extends StdSerializer<OffsetDateTime> {
        UtcOffsetDateTimeSerializer() {
            super(OffsetDateTime.class);
        }

        @Override
        public void serialize(OffsetDateTime value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value.withOffsetSameInstant(ZoneOffset.UTC)));
        }
    }

    /** The request body as {@code type}; a missing, malformed or ill-typed body is a 400. */
    static <T> T read(Context ctx, Class<T> type) {
        return read(ctx.body(), type);
    }

    static <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw CsmsException.badRequest("A JSON request body is required");
        }
        T value;
        try {
            value = MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw CsmsException.badRequest(describe(e));
        }
        if (value == null) {
            throw CsmsException.badRequest("The request body must be a JSON object, not null");
        }
        return value;
    }

    /** The body as a tree, for PATCH: which fields were given matters, not only their values. */
    static JsonNode tree(String body) {
        if (body == null || body.isBlank()) {
            throw CsmsException.badRequest("A JSON request body is required");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw CsmsException.badRequest("The request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw CsmsException.badRequest(describe(e));
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** A message for the client: what is wrong and where, without Jackson's internals. */
    static String describe(JsonProcessingException e) {
        if (e instanceof JsonParseException p) {
            return "Malformed JSON: " + p.getOriginalMessage() + location(p);
        }
        if (e instanceof JsonMappingException m) {
            String field = path(m);
            String at = field.isEmpty() ? "" : " at '" + field + "'";
            return switch (m) {
                case UnrecognizedPropertyException u -> "Unknown field '" + u.getPropertyName() + "'"
                        + (field.contains(".") || field.contains("[") ? " at '" + field + "'" : "")
                        + (u.getKnownPropertyIds() == null || u.getKnownPropertyIds().isEmpty() ? ""
                                : "; known fields: " + u.getKnownPropertyIds().stream().map(Objects::toString).sorted()
                                        .collect(Collectors.joining(", ")));
                case InvalidFormatException f -> "Invalid value " + quote(f.getValue()) + at + expected(f.getTargetType());
                case ValueInstantiationException v -> "Invalid value" + at
                        + (v.getCause() != null && v.getCause().getMessage() != null
                                ? " (" + v.getCause().getMessage() + ")" : "")
                        + allowed(v.getType() == null ? null : v.getType().getRawClass());
                case MismatchedInputException i when i.getTargetType() != null && field.isEmpty()
                        && !i.getTargetType().isPrimitive() -> "The request body must be a JSON object";
                case MismatchedInputException i -> "Wrong type" + at
                        + (i.getTargetType() == null ? "" : ": expected " + typeName(i.getTargetType()));
                default -> "Invalid request body" + at + ": " + m.getOriginalMessage();
            };
        }
        return "Invalid request body: " + e.getOriginalMessage();
    }

    private static String path(JsonMappingException m) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : m.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String location(JsonParseException p) {
        var loc = p.getLocation();
        return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    private static String quote(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }

    private static String allowed(Class<?> type) {
        if (type == null || !type.isEnum()) {
            return "";
        }
        return "; allowed: " + Arrays.stream(type.getEnumConstants()).map(ApiJson::wireName)
                .collect(Collectors.joining(", "));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "";
        }
        if (type.isEnum()) {
            return allowed(type);
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "; expected an ISO-8601 timestamp such as 2025-01-31T12:00:00Z";
        }
        return "; expected " + typeName(type);
    }

    /** An enum constant as it is written in JSON (the generated OCPP enums carry @JsonValue). */
    static String wireName(Object constant) {
        String json = write(constant);
        return json.length() >= 2 && json.startsWith("\"") ? json.substring(1, json.length() - 1) : json;
    }

    private static String typeName(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + allowed(type).substring("; allowed: ".length());
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 timestamp";
        }
        return "an object";
    }
}
