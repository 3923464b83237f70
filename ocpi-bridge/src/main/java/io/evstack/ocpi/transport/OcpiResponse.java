package io.evstack.ocpi.transport;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** The response format of every OCPI answer (section 4.1.7). {@code data} is left out when null. */
public record OcpiResponse<T>(T data, int statusCode, String statusMessage, Instant timestamp) {
    public static <T> OcpiResponse<T> success(T data, Instant now) {
        return new OcpiResponse<>(data, OcpiStatus.SUCCESS, "Success", now);
    }

    public static OcpiResponse<Void> error(int statusCode, String message, Instant now) {
        return new OcpiResponse<>(null, statusCode, message, now);
    }

    /** An answer as received from another platform, data left as a tree. */
    public record Received(JsonNode data, Integer statusCode, String statusMessage) {
        public boolean success() {
            return statusCode != null && statusCode >= 1000 && statusCode < 2000;
        }
    }
}
