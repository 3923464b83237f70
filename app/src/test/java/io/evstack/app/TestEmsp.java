package io.evstack.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An eMSP on loopback for OCPI tests: versions and endpoints, a credentials endpoint, and Receiver
 * endpoints that record every push. {@code down} makes it answer 503 (a platform that is away).
 */
final class TestEmsp implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A request as received; {@code toParty} is "CC/PID" from the OCPI-to routing headers, or null. */
    record Received(String method, String path, String authorization, JsonNode body, String toParty) {}

    final List<Received> received = new CopyOnWriteArrayList<>();
    final HttpServer server;
    final String base;
    volatile boolean down;
    /** When set, pushes (not the registration, not authorize) are refused with this HTTP status and OCPI code. */
    volatile int[] refuse;
    /** How many real-time authorizations it answered; each gets its own reference, auth-ref-N. */
    final java.util.concurrent.atomic.AtomicInteger authorizations = new java.util.concurrent.atomic.AtomicInteger();
    /** The token C it hands out when we register with it (its credentials POST). */
    volatile String tokenC = "emsp-token-C";
    final String countryCode;
    final String partyId;

    TestEmsp(String countryCode, String partyId) throws IOException {
        this.countryCode = countryCode;
        this.partyId = partyId;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/emsp";
        server.createContext("/emsp", this::handle);
        server.start();
    }

    String versionsUrl() {
        return base + "/versions";
    }

    List<Received> received(String method, String pathPart) {
        return received.stream().filter(r -> r.method().equals(method) && r.path().contains(pathPart)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().toString();
        String method = ex.getRequestMethod();
        byte[] in = ex.getRequestBody().readAllBytes();
        JsonNode body = in.length == 0 ? null : JSON.readTree(in);
        if (down) {
            reply(ex, 503, Map.of("status_code", 3000, "timestamp", Instant.now().toString()));
            return;
        }
        String toCc = ex.getRequestHeaders().getFirst("OCPI-to-country-code");
        String toPid = ex.getRequestHeaders().getFirst("OCPI-to-party-id");
        received.add(new Received(method, path, ex.getRequestHeaders().getFirst("Authorization"), body,
                toCc == null ? null : toCc + "/" + toPid));
        int[] refusal = refuse;
        if (refusal != null && !path.endsWith("/versions") && !path.endsWith("/2.2.1") && !path.endsWith("/credentials")
                && !path.contains("/authorize")) {
            reply(ex, refusal[0], Map.of("status_code", refusal[1], "status_message", "refused",
                    "timestamp", Instant.now().toString()));
            return;
        }
        Object data = null;
        if (path.endsWith("/versions")) {
            data = List.of(Map.of("version", "2.2.1", "url", base + "/2.2.1"));
        } else if (path.endsWith("/2.2.1")) {
            data = Map.of("version", "2.2.1", "endpoints", List.of(
                    endpoint("credentials", "RECEIVER"), endpoint("locations", "RECEIVER"),
                    endpoint("sessions", "RECEIVER"), endpoint("cdrs", "RECEIVER"), endpoint("tariffs", "RECEIVER"),
                    endpoint("tokens", "SENDER"), endpoint("commands", "SENDER")));
        } else if (path.endsWith("/credentials") && method.equals("POST")) {
            data = Map.of("token", tokenC, "url", versionsUrl(), "roles", List.of(Map.of("role", "EMSP",
                    "party_id", partyId, "country_code", countryCode, "business_details", Map.of("name", "Test eMSP"))));
        } else if (path.contains("/authorize")) {
            String uid = path.replaceAll(".*/tokens/([^/]+)/authorize.*", "$1");
            data = Map.of("allowed", "ALLOWED", "authorization_reference", "auth-ref-" + authorizations.incrementAndGet(),
                    "token", Map.of("country_code", countryCode, "party_id", partyId, "uid", uid, "type", "RFID",
                            "contract_id", countryCode + "-" + partyId + "-" + uid));
        }
        reply(ex, 200, data == null ? Map.of("status_code", 1000, "timestamp", Instant.now().toString())
                : Map.of("data", data, "status_code", 1000, "timestamp", Instant.now().toString()));
    }

    private Map<String, String> endpoint(String module, String role) {
        return Map.of("identifier", module, "role", role, "url", base + "/2.2.1/" + module);
    }

    private static void reply(HttpExchange ex, int status, Object body) throws IOException {
        byte[] out = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
