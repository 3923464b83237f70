package io.evstack.emsp.token;

import static io.evstack.db.generated.Tables.EMSP_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.evstack.db.Database;
import io.evstack.emsp.TestEmspServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A driver's card reaches the CPOs we roam with as a whole OCPI Token, and blocking it tells them
 * valid=false; a CPO that cannot be reached loses nothing (the change is stored for its pull).
 */
class TokenPushTest {

    /** A CPO's tokens Receiver (OCPI 2.2.1 section 12.2.2.2) on loopback that keeps what it is sent. */
    static final class CpoTokensReceiver implements AutoCloseable {
        final List<String> paths = new CopyOnWriteArrayList<>();
        final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
        final HttpServer server;

        CpoTokensReceiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/ocpi/cpo/2.2.1/tokens", exchange -> {
                paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                bodies.add(TestEmspServer.JSON.readTree(exchange.getRequestBody()));
                byte[] ok = "{\"status_code\":1000,\"timestamp\":\"2026-11-24T09:00:00Z\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/ocpi/cpo/2.2.1/tokens";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void blockingACardPushesValidFalse(Database db) throws IOException {
        try (var emsp = new TestEmspServer(db); var cpo = new CpoTokensReceiver()) {
            emsp.registeredCpo("Some CPO", "DE", "ABC", "token-b-abc", cpo.url());
            // A second CPO whose server is gone: its failure must not undo anything.
            emsp.registeredCpo("Gone CPO", "BE", "GON", "token-b-gone", "http://127.0.0.1:1/ocpi/cpo/2.2.1/tokens");
            String driver = emsp.driver("dora@example.com");

            var card = emsp.call("POST", "/api/v1/driver/tokens", driver, Map.of("uid", "04a1b2c3d4", "visualNumber", "EVS 0001"));
            assertThat(card.status()).isEqualTo(201);
            assertThat(card.text("uid")).isEqualTo("04A1B2C3D4");
            assertThat(card.text("contractId")).matches("NL-EVS-C[0-9A-Z]{8}-[0-9A-Z]");
            assertThat(ContractIds.valid(card.text("contractId"))).isTrue();
            assertThat(cpo.bodies).hasSize(1);
            JsonNode pushed = cpo.bodies.get(0);
            assertThat(cpo.paths.get(0)).isEqualTo("PUT /ocpi/cpo/2.2.1/tokens/NL/EVS/04A1B2C3D4?type=RFID");
            assertThat(pushed.path("valid").asBoolean()).isTrue();
            assertThat(pushed.path("type").asText()).isEqualTo("RFID");
            assertThat(pushed.path("whitelist").asText()).isEqualTo("ALLOWED");
            assertThat(pushed.path("contract_id").asText()).isEqualTo(card.text("contractId"));
            assertThat(pushed.path("visual_number").asText()).isEqualTo("EVS 0001");
            assertThat(pushed.path("country_code").asText()).isEqualTo("NL");
            assertThat(pushed.path("party_id").asText()).isEqualTo("EVS");
            assertThat(pushed.path("issuer").asText()).isEqualTo("evstack");
            assertThat(pushed.path("last_updated").asText()).isEqualTo("2026-11-24T09:00:00Z");

            emsp.clock.advance(java.time.Duration.ofMinutes(5));
            var blocked = emsp.call("POST", "/api/v1/driver/tokens/04a1b2c3d4/block", driver, null);
            assertThat(blocked.status()).as("the unreachable CPO does not fail the request").isEqualTo(200);
            assertThat(blocked.text("status")).isEqualTo("BLOCKED");
            assertThat(blocked.body().path("valid").asBoolean()).isFalse();
            assertThat(cpo.bodies).hasSize(2);
            assertThat(cpo.bodies.get(1).path("valid").asBoolean()).isFalse();
            assertThat(cpo.bodies.get(1).path("last_updated").asText()).isEqualTo("2026-11-24T09:05:00Z");
            assertThat(db.dsl().select(EMSP_TOKEN.STATUS).from(EMSP_TOKEN).fetchOne().value1())
                    .as("stored for the CPOs' pull").isEqualTo("BLOCKED");

            var unblocked = emsp.call("POST", "/api/v1/driver/tokens/04A1B2C3D4/unblock", driver, null);
            assertThat(unblocked.body().path("valid").asBoolean()).isTrue();
            assertThat(cpo.bodies.get(2).path("valid").asBoolean()).isTrue();

            var app = emsp.call("POST", "/api/v1/driver/tokens/app", driver, null);
            assertThat(app.status()).isEqualTo(201);
            assertThat(app.text("type")).isEqualTo("APP_USER");
            assertThat(cpo.paths.get(3)).endsWith("?type=APP_USER");
            assertThat(emsp.call("GET", "/api/v1/driver/tokens", driver, null).body()).hasSize(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aDriverTouchesOnlyTheirOwnCards(Database db) {
        try (var emsp = new TestEmspServer(db)) {
            String anna = emsp.driver("anna@example.com");
            String ben = emsp.driver("ben@example.com");
            assertThat(emsp.call("POST", "/api/v1/driver/tokens", anna, Map.of("uid", "AAAA1111")).status()).isEqualTo(201);
            assertThat(emsp.call("POST", "/api/v1/driver/tokens", ben, Map.of("uid", "AAAA1111")).status())
                    .as("a uid is registered once").isEqualTo(409);
            assertThat(emsp.call("POST", "/api/v1/driver/tokens/AAAA1111/block", ben, null).status()).isEqualTo(404);
            assertThat(emsp.call("GET", "/api/v1/driver/tokens", ben, null).body()).isEmpty();
            var bad = emsp.call("POST", "/api/v1/driver/tokens", anna, Map.of("uid", "no spaces allowed"));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.text("error")).contains("uid");
        }
    }
}
