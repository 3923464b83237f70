package io.evstack.csms.api;

import static io.evstack.db.generated.Tables.CHARGE_POINT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.chargepoint.Connector;
import io.evstack.csms.firmware.StatusReport;
import io.evstack.ocpp.server.FrameListener;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChargePointApiTest {
    static TestApi api;

    @BeforeAll
    static void start() {
        api = new TestApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @BeforeEach
    void empty() {
        api.reset();
    }

    @Test
    void generatedPasswordIsShownOnceOnly() {
        var created = api.post("/api/v1/charge-points",
                "{\"chargePointId\":\"CP-1\",\"description\":\"Depot bay 1\",\"securityProfile\":1}");
        JsonNode cp = created.ok(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/charge-points/CP-1");
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(cp.path("chargePointId").asText()).isEqualTo("CP-1");
        assertThat(cp.path("description").asText()).isEqualTo("Depot bay 1");
        assertThat(cp.path("registrationStatus").asText()).isEqualTo("Accepted");
        assertThat(cp.path("securityProfile").asInt()).isEqualTo(1);
        assertThat(cp.path("hasPassword").asBoolean()).isTrue();
        assertThat(cp.path("connected").asBoolean()).isFalse();
        String password = cp.path("password").asText();
        assertThat(password).hasSizeGreaterThanOrEqualTo(16);
        assertThat(api.hasher.verify(password, storedHash("CP-1"))).isTrue();

        JsonNode read = api.get("/api/v1/charge-points/CP-1").ok(200);
        assertThat(read.has("password")).isFalse();
        assertThat(read.path("hasPassword").asBoolean()).isTrue();
        assertThat(read.path("connectors").isArray()).isTrue();
        assertThat(read.path("createdAt").asText()).endsWith("Z");
        JsonNode listed = api.get("/api/v1/charge-points").ok(200);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).has("password")).isFalse();
        assertThat(listed.get(0).path("connected").asBoolean()).isFalse();
    }

    @Test
    void givenPasswordMeansProfileOneAndIsEchoedOnce() {
        JsonNode cp = api.post("/api/v1/charge-points",
                "{\"chargePointId\":\"CP-2\",\"password\":\"0123456789abcdef\"}").ok(201);
        assertThat(cp.path("securityProfile").asInt()).isEqualTo(1);
        assertThat(cp.path("password").asText()).isEqualTo("0123456789abcdef");

        JsonNode open = api.post("/api/v1/charge-points", "{\"chargePointId\":\"CP-3\",\"registrationStatus\":\"Pending\"}")
                .ok(201);
        assertThat(open.has("password")).isFalse();
        assertThat(open.path("hasPassword").asBoolean()).isFalse();
        assertThat(open.path("registrationStatus").asText()).isEqualTo("Pending");
    }

    @Test
    void createRefusesWhatIsWrong() {
        api.post("/api/v1/charge-points", "{\"chargePointId\":\"CP-1\"}").ok(201);
        assertThat(api.post("/api/v1/charge-points", "{\"chargePointId\":\"CP-1\"}").error(409)).contains("CP-1");

        assertThat(api.post("/api/v1/charge-points", "{\"chargePointId\":\"bad id/with spaces\"}").error(400))
                .contains("chargePointId");
        api.post("/api/v1/charge-points", "{\"chargePointId\":\"" + "x".repeat(65) + "\"}").error(400);
        api.post("/api/v1/charge-points", "{\"description\":\"no id\"}").error(400);
        api.post("/api/v1/charge-points", "{\"chargePointId\":\"CP-9\",\"securityProfile\":7}").error(400);
        api.post("/api/v1/charge-points", "{\"chargePointId\":\"CP-9\",\"password\":\"short\"}").error(400);
        assertThat(api.post("/api/v1/charge-points",
                "{\"chargePointId\":\"CP-9\",\"securityProfile\":0,\"password\":\"0123456789abcdef\"}").error(400))
                .contains("securityProfile");
        api.post("/api/v1/charge-points", "{\"chargePointId\":\"CP-9\",\"description\":\"" + "d".repeat(256) + "\"}")
                .error(400);

        // Malformed and ill-typed bodies are 400s that say what is wrong.
        assertThat(api.post("/api/v1/charge-points", "{\"chargePointId\":").error(400)).startsWith("Malformed JSON");
        api.post("/api/v1/charge-points", "").error(400);
        api.post("/api/v1/charge-points", "null").error(400);
        api.post("/api/v1/charge-points", "[]").error(400);
        assertThat(api.post("/api/v1/charge-points", "{\"chargePointId\":\"CP-9\",\"securityProfile\":\"one\"}")
                .error(400)).contains("securityProfile");
        api.post("/api/v1/charge-points", "{\"chargePointId\":\"CP-9\",\"securityProfile\":1.5}").error(400);
        assertThat(api.post("/api/v1/charge-points", "{\"chargePointId\":\"CP-9\",\"registrationStatus\":\"Maybe\"}")
                .error(400)).contains("registrationStatus").contains("Accepted, Pending, Rejected");
        assertThat(api.post("/api/v1/charge-points", "{\"chargePointId\":\"CP-9\",\"colour\":\"red\"}").error(400))
                .contains("colour");
        assertThat(api.get("/api/v1/charge-points").ok(200)).hasSize(1);
    }

    @Test
    void updateChangesGivenFieldsAndShowsANewPasswordOnce() {
        api.post("/api/v1/charge-points", "{\"chargePointId\":\"CP-1\",\"description\":\"old\"}").ok(201);

        JsonNode patched = api.patch("/api/v1/charge-points/CP-1", "{\"registrationStatus\":\"Rejected\"}").ok(200);
        assertThat(patched.path("registrationStatus").asText()).isEqualTo("Rejected");
        assertThat(patched.path("description").asText()).isEqualTo("old");
        assertThat(patched.has("password")).isFalse();

        var secured = api.put("/api/v1/charge-points/CP-1", "{\"securityProfile\":1,\"description\":\"new\"}");
        JsonNode put = secured.ok(200);
        assertThat(put.path("description").asText()).isEqualTo("new");
        assertThat(put.path("securityProfile").asInt()).isEqualTo(1);
        String password = put.path("password").asText();
        assertThat(password).isNotEmpty();
        assertThat(secured.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(api.hasher.verify(password, storedHash("CP-1"))).isTrue();
        assertThat(api.get("/api/v1/charge-points/CP-1").ok(200).has("password")).isFalse();

        api.patch("/api/v1/charge-points/CP-1", "{\"securityProfile\":-1}").error(400);
        api.patch("/api/v1/charge-points/CP-1", "{\"chargePointId\":\"CP-2\"}").error(400);
        api.patch("/api/v1/charge-points/CP-1", "{\"password\":\"short\"}").error(400);
        api.patch("/api/v1/charge-points/NOPE", "{\"description\":\"x\"}").error(404);
    }

    @Test
    void deleteRemovesAChargerWithoutTransactionsOnly() {
        api.post("/api/v1/charge-points", "{\"chargePointId\":\"CP-1\"}").ok(201);
        api.post("/api/v1/charge-points", "{\"chargePointId\":\"CP-2\"}").ok(201);
        api.transactions.start("CP-2", 1, "TAG", 0, Instant.parse("2025-01-01T10:00:00Z"), null);

        assertThat(api.delete("/api/v1/charge-points/CP-1").status()).isEqualTo(204);
        api.get("/api/v1/charge-points/CP-1").error(404);
        api.delete("/api/v1/charge-points/CP-1").error(404);
        assertThat(api.delete("/api/v1/charge-points/CP-2").error(409)).contains("CP-2");
        api.get("/api/v1/charge-points/CP-2").ok(200);
    }

    @Test
    void identitiesWithUrlCharactersWork() {
        api.post("/api/v1/charge-points", "{\"chargePointId\":\"CP:1+a@b\"}").ok(201);
        assertThat(api.get("/api/v1/charge-points/CP%3A1%2Ba%40b").ok(200).path("chargePointId").asText())
                .isEqualTo("CP:1+a@b");
    }

    @Test
    void readsWhatTheChargerReported() {
        api.post("/api/v1/charge-points", "{\"chargePointId\":\"CP-1\"}").ok(201);
        Instant at = Instant.parse("2025-03-01T08:00:00.123Z");
        api.chargePoints.statusNotification("CP-1", new Connector("CP-1", 1, "Available", "NoError", null, null, null, at));
        api.firmware.report("CP-1", StatusReport.Kind.Firmware, "Downloading", null);
        api.securityEvents.record("CP-1", "FirmwareUpdated", at, "v2");
        api.messageLog.frame("CP-1", FrameListener.Direction.IN, "[2,\"1\",\"Heartbeat\",{}]");
        api.messageLog.frame("CP-1", FrameListener.Direction.OUT, "[3,\"1\",{\"currentTime\":\"x\"}]");
        api.messageLog.flush();

        JsonNode connectors = api.get("/api/v1/charge-points/CP-1/connectors").ok(200);
        assertThat(connectors).hasSize(1);
        assertThat(connectors.get(0).path("status").asText()).isEqualTo("Available");
        assertThat(connectors.get(0).path("statusAt").asText()).isEqualTo("2025-03-01T08:00:00.123Z");
        assertThat(api.get("/api/v1/charge-points/CP-1").ok(200).path("connectors")).hasSize(1);

        JsonNode history = api.get("/api/v1/charge-points/CP-1/status-history").ok(200);
        assertThat(history.get(0).path("kind").asText()).isEqualTo("Firmware");
        assertThat(history.get(0).path("status").asText()).isEqualTo("Downloading");
        assertThat(api.get("/api/v1/charge-points/CP-1").ok(200).path("firmwareStatus").asText()).isEqualTo("Downloading");

        JsonNode events = api.get("/api/v1/charge-points/CP-1/security-events").ok(200);
        assertThat(events.get(0).path("type").asText()).isEqualTo("FirmwareUpdated");

        JsonNode messages = api.get("/api/v1/charge-points/CP-1/messages?limit=10").ok(200);
        assertThat(messages).hasSize(2);
        // Newest first (the later frame has the later time, or the same time and the higher id).
        assertThat(messages.get(0).path("direction").asText()).isEqualTo("OUT");
        assertThat(messages.get(1).path("direction").asText()).isEqualTo("IN");
        assertThat(messages.get(1).path("frame").asText()).isEqualTo("[2,\"1\",\"Heartbeat\",{}]");
        assertThat(api.get("/api/v1/charge-points/CP-1/messages?limit=1").ok(200)).hasSize(1);
        assertThat(api.get("/api/v1/charge-points/CP-1/messages?before=2000-01-01T00:00:00Z").ok(200)).isEmpty();
        api.get("/api/v1/charge-points/CP-1/messages?limit=0").error(400);
        api.get("/api/v1/charge-points/CP-1/messages?limit=abc").error(400);
        api.get("/api/v1/charge-points/CP-1/messages?before=yesterday").error(400);

        assertThat(api.get("/api/v1/charge-points/CP-1/configuration").ok(200)).isEmpty();
        assertThat(api.get("/api/v1/charge-points/CP-1/charging-profiles").ok(200)).isEmpty();
        assertThat(api.get("/api/v1/charge-points/CP-1/charging-profiles?active=true").ok(200)).isEmpty();
        api.get("/api/v1/charge-points/CP-1/charging-profiles?active=maybe").error(400);
    }

    @Test
    void unknownChargersAre404s() {
        for (String path : List.of("", "/connectors", "/configuration", "/status-history", "/security-events",
                "/charging-profiles")) {
            assertThat(api.get("/api/v1/charge-points/NOPE" + path).error(404)).as(path).contains("NOPE");
        }
        api.delete("/api/v1/charge-points/NOPE").error(404);
    }

    private String storedHash(String chargePointId) {
        return api.db.dsl().select(CHARGE_POINT.PASSWORD_HASH).from(CHARGE_POINT)
                .where(CHARGE_POINT.CHARGE_POINT_ID.eq(chargePointId))
                .fetchOne(CHARGE_POINT.PASSWORD_HASH);
    }
}
