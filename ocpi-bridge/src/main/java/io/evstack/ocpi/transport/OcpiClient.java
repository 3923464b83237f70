package io.evstack.ocpi.transport;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/**
 * Requests to another platform: the Authorization header in the party's form (section 4.1.2), a fresh
 * X-Request-ID and X-Correlation-ID (section 4.2), the routing headers for functional modules (section
 * 4.1.8.2; never for versions and credentials), JSON in and out.
 */
public final class OcpiClient {
    /** The answer: HTTP status and the envelope, if the body was one. */
    public record Answer(int httpStatus, OcpiResponse.Received envelope, String body) {
        public boolean ok() {
            return httpStatus / 100 == 2 && envelope != null && envelope.success();
        }

        public JsonNode data() {
            return envelope == null ? null : envelope.data();
        }

        public String describe() {
            return "HTTP " + httpStatus + (envelope == null ? "" : " status_code " + envelope.statusCode() + " "
                    + envelope.statusMessage());
        }
    }

    /** From whom to whom a functional module's request goes (section 4.1.8.2). */
    public record Routing(String fromCountry, String fromParty, String toCountry, String toParty) {}

    private final HttpClient http;
    private final Duration timeout;

    public OcpiClient(Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
    }

    public Answer send(String method, String url, String token, boolean base64, Object body, Routing routing)
            throws IOException {
        String json = body == null ? null : body instanceof String s ? s : OcpiJson.write(body);
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("X-Request-ID", UUID.randomUUID().toString())
                .header("X-Correlation-ID", UUID.randomUUID().toString())
                .header("Accept", "application/json");
        if (token != null) {
            req.header("Authorization", TokenHeader.encode(token, base64));
        }
        if (routing != null) {
            req.header("OCPI-from-country-code", routing.fromCountry()).header("OCPI-from-party-id", routing.fromParty())
                    .header("OCPI-to-country-code", routing.toCountry()).header("OCPI-to-party-id", routing.toParty());
        }
        if (json != null) {
            req.header("Content-Type", "application/json");
            req.method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        OcpiResponse.Received envelope = null;
        try {
            if (res.body() != null && !res.body().isBlank()) {
                envelope = OcpiJson.MAPPER.readValue(res.body(), OcpiResponse.Received.class);
            }
        } catch (IOException notAnEnvelope) {
            // left null: the caller reports the HTTP status and body
        }
        return new Answer(res.statusCode(), envelope, res.body());
    }
}
