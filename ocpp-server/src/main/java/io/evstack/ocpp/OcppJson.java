package io.evstack.ocpp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The JSON mapping of the generated OCPP message classes, shared by the server, the charger simulator and
 * tests: ISO-8601 timestamps in UTC with milliseconds ({@code 2024-05-01T12:00:00.000Z}, the form chargers
 * parse most reliably), absent fields left out rather than written as null, and unknown properties
 * ignored (the schema validation before binding has already refused them where the schema forbids them).
 */
public final class OcppJson {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final ObjectMapper SHARED = newMapper();

    private OcppJson() {}

    /** The shared, configured mapper. Thread-safe; do not reconfigure it (take {@link #newMapper()} for that). */
    public static ObjectMapper mapper() {
        return SHARED;
    }

    /** A new mapper configured like {@link #mapper()}. */
    public static ObjectMapper newMapper() {
        SimpleModule utcTimestamps = new SimpleModule("OcppUtcTimestamps");
        utcTimestamps.addSerializer(OffsetDateTime.class, new UtcTimestampSerializer());
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(utcTimestamps)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** Formats a timestamp as OCPP writes it: UTC, milliseconds, 'Z'. */
    public static String formatTimestamp(OffsetDateTime timestamp) {
        return TIMESTAMP.format(timestamp.withOffsetSameInstant(ZoneOffset.UTC));
    }

    private static final class UtcTimestampSerializer extends StdSerializer<OffsetDateTime> {
        UtcTimestampSerializer() {
            super(OffsetDateTime.class);
        }

        @Override
        public void serialize(OffsetDateTime value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(formatTimestamp(value));
        }
    }
}
