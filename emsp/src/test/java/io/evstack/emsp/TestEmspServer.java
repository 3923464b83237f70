package io.evstack.emsp;

import static io.evstack.db.generated.Tables.EMSP_CPO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evstack.db.Database;
import io.evstack.db.TestClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An eMSP server on a free loopback port over a real database, with a clock the test moves, and the
 * calls a driver, a fleet manager or a CPO would make over HTTP.
 */
public final class TestEmspServer implements AutoCloseable {
    public static final String SUPPORT_EMAIL = "support@evstack.test";
    public static final String SUPPORT_PASSWORD = "support-password-1";
    public static final ObjectMapper JSON = new ObjectMapper();

    public record Reply(int status, JsonNode body) {
        public String text(String field) {
            return body.path(field).asText(null);
        }
    }

    public final Database db;
    public final TestClock clock = new TestClock("2026-11-24T09:00:00Z");
    public final EmspServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    public TestEmspServer(Database db) {
        this.db = db;
        this.server = new EmspServer(db.dsl(), clock, new EmspServer.Settings("http://localhost", "NL", "EVS",
                Duration.ofHours(12), SUPPORT_EMAIL, SUPPORT_PASSWORD)).start(0);
    }

    public String base() {
        return "http://127.0.0.1:" + server.port();
    }

    public Reply call(String method, String path, String bearer, Object body) {
        return send(method, path, bearer == null ? null : "Bearer " + bearer, body);
    }

    /** As a CPO would call our OCPI receiver, with its token B. */
    public Reply ocpi(String method, String path, String tokenB, Object body) {
        return send(method, path, "Token " + tokenB, body);
    }

    private Reply send(String method, String path, String authorization, Object body) {
        try {
            var req = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20));
            if (authorization != null) {
                req.header("Authorization", authorization);
            }
            String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            if (text != null) {
                req.header("Content-Type", "application/json");
            }
            req.method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
            HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = res.body() == null || res.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(res.body());
            return new Reply(res.statusCode(), json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Signs up and logs in a driver; the bearer token. */
    public String driver(String email) {
        Reply signUp = call("POST", "/api/v1/driver/signup", null, Map.of("email", email, "name", "Anna Driver",
                "password", "correct horse battery"));
        if (signUp.status() != 201) {
            throw new IllegalStateException("sign-up failed: " + signUp);
        }
        return login(email, "correct horse battery");
    }

    public String login(String email, String password) {
        Reply login = call("POST", "/api/v1/driver/login", null, Map.of("email", email, "password", password));
        if (login.status() != 200) {
            throw new IllegalStateException("login failed: " + login);
        }
        return login.text("token");
    }

    public String support() {
        return login(SUPPORT_EMAIL, SUPPORT_PASSWORD);
    }

    /**
     * A CPO we are registered with, as the credentials handshake would leave it (OCPI 2.2.1 section 7.1.1):
     * it calls us with {@code tokenB}, and its tokens module is at {@code tokensUrl}.
     */
    public void registeredCpo(String name, String countryCode, String partyId, String tokenB, String tokensUrl) {
        String endpoints;
        try {
            endpoints = JSON.writeValueAsString(List.of(Map.of("identifier", "tokens", "role", "RECEIVER", "url", tokensUrl)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        db.dsl().insertInto(EMSP_CPO).set(EMSP_CPO.NAME, name).set(EMSP_CPO.VERSIONS_URL, "http://127.0.0.1:1/versions")
                .set(EMSP_CPO.TOKEN_B_HASH, sha256(tokenB)).set(EMSP_CPO.TOKEN_C, "token-c-of-" + name)
                .set(EMSP_CPO.COUNTRY_CODE, countryCode).set(EMSP_CPO.PARTY_ID, partyId).set(EMSP_CPO.ENDPOINTS, endpoints)
                .set(EMSP_CPO.STATUS, "REGISTERED").set(EMSP_CPO.UPDATED_AT, clock.instant()).execute();
    }

    /** A JSON object from key, value, key, value, … in that order (Map.of stops at ten pairs). */
    public static Map<String, Object> obj(Object... keysAndValues) {
        var map = new java.util.LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
