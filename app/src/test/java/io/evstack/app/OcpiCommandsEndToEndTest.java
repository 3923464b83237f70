package io.evstack.app;

import static io.evstack.app.OcpiBridgeEndToEndTest.admin;
import static io.evstack.app.OcpiBridgeEndToEndTest.call;
import static io.evstack.app.OcpiBridgeEndToEndTest.token;
import static io.evstack.app.TestCharger.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.app.OcpiBridgeEndToEndTest.Res;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OCPI commands (section 13) from a test eMSP over real HTTP, to chargers on real WebSockets speaking
 * OCPP 1.6 and 2.0.1: the synchronous CommandResponse, then the CommandResult POSTed to the eMSP's
 * response_url with what the charger answered: accepted, refused, or nothing at all (TIMEOUT).
 */
class OcpiCommandsEndToEndTest {
    static final String BASE = "/ocpi/cpo/2.2.1";

    /** A stack whose OCPI commands time out after 2 s (before the 3 s OCPP call timeout). */
    static Stack start(Database db) {
        return new Stack(TestStacks.config(UnknownChargerPolicy.ACCEPT, Map.of("STACK_OCPI_COMMAND_TIMEOUT", "2")),
                Clock.systemUTC(), db).start();
    }

    /** The eMSP registers with token A (section 7.1.1) and pushes its token; its token C comes back. */
    static String register(Stack stack, TestEmsp emsp, String uid) throws Exception {
        String tokenA = call(stack, "POST", "/ocpi/admin/parties", admin(), Map.of("name", "Test eMSP")).json()
                .path("data").path("token_a").asText();
        Res registered = call(stack, "POST", BASE + "/credentials", token(tokenA), Map.of("token", "emsp-token-B",
                "url", emsp.versionsUrl(), "roles", List.of(Map.of("role", "EMSP", "party_id", emsp.partyId,
                        "country_code", emsp.countryCode, "business_details", Map.of("name", "Test eMSP")))));
        String tokenC = registered.json().path("data").path("token").asText();
        assertThat(call(stack, "PUT", BASE + "/tokens/NL/TST/" + uid, token(tokenC), tok(uid)).status()).isEqualTo(201);
        return tokenC;
    }

    static Map<String, Object> tok(String uid) {
        return Map.of("country_code", "NL", "party_id", "TST", "uid", uid, "type", "RFID", "contract_id",
                "NL-TST-" + uid, "issuer", "Test", "valid", true, "whitelist", "ALLOWED", "last_updated",
                Instant.now().toString());
    }

    /** Sends a command and returns its synchronous CommandResponse. */
    static JsonNode command(Stack stack, String tokenC, String command, Map<String, Object> body) throws Exception {
        Res res = call(stack, "POST", BASE + "/commands/" + command, token(tokenC), body);
        assertThat(res.code()).isEqualTo(1000);
        return res.json().path("data");
    }

    /** Waits for the CommandResult the CPO POSTs to the response_url, and returns its result. */
    static String result(TestEmsp emsp, String responsePath) {
        await().atMost(Duration.ofSeconds(15)).until(() -> !emsp.received("POST", responsePath).isEmpty());
        var posts = emsp.received("POST", responsePath);
        assertThat(posts).as("one CommandResult per command").hasSize(1);
        return posts.get(0).body().path("result").asText();
    }

    static Map<String, Object> with(Map<String, Object> body, String responseUrl) {
        var m = new HashMap<>(body);
        m.put("response_url", responseUrl);
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void commandsToAnOcpp16ChargerGetTheChargersAnswerAsTheirResult(Database db) throws Exception {
        try (Stack stack = start(db); TestEmsp emsp = new TestEmsp("NL", "TST");
                TestCharger cp = TestCharger.connect(stack.ocppPort(), "CMD-16", null)) {
            String tokenC = register(stack, emsp, "TOK16");
            String url = emsp.base + "/2.2.1/commands/";
            cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
            for (int n = 1; n <= 2; n++) {
                cp.call("StatusNotification", Map.of("connectorId", n, "status", "Available", "errorCode", "NoError"));
            }
            Instant t0 = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            int txId = cp.call("StartTransaction", Map.of("connectorId", 1, "idTag", "TOK16", "meterStart", 0,
                    "timestamp", t0.toString())).path("transactionId").asInt();
            await().atMost(Duration.ofSeconds(15)).until(() -> call(stack, "GET", BASE + "/sessions", token(tokenC), null)
                    .json().path("data").size() == 1);

            // STOP_SESSION: the charger refuses, then accepts RemoteStopTransaction of the session's transaction
            var stop = Map.<String, Object>of("session_id", Integer.toString(txId));
            cp.answer("RemoteStopTransaction", req -> obj().put("status", "Rejected"));
            JsonNode response = command(stack, tokenC, "STOP_SESSION", with(stop, url + "STOP_SESSION/1"));
            assertThat(response.path("result").asText()).isEqualTo("ACCEPTED");
            assertThat(response.path("timeout").asInt()).as("the configured command timeout").isEqualTo(2);
            assertThat(result(emsp, "/STOP_SESSION/1")).isEqualTo("REJECTED");
            cp.answer("RemoteStopTransaction", req -> obj().put("status", "Accepted"));
            command(stack, tokenC, "STOP_SESSION", with(stop, url + "STOP_SESSION/2"));
            assertThat(result(emsp, "/STOP_SESSION/2")).isEqualTo("ACCEPTED");
            assertThat(cp.receivedCalls.stream().filter(f -> f.get(2).asText().equals("RemoteStopTransaction"))
                    .map(f -> f.get(3).path("transactionId").asInt())).containsOnly(txId);
            assertThat(command(stack, tokenC, "STOP_SESSION", with(Map.of("session_id", "999999"), url + "STOP_SESSION/3"))
                    .path("result").asText()).isEqualTo("UNKNOWN_SESSION");

            // UNLOCK_CONNECTOR: Unlocked is ACCEPTED, UnlockFailed FAILED (section 13.4.2)
            var unlock = Map.<String, Object>of("location_id", "CMD-16", "evse_uid", "CMD-16-2", "connector_id", "1");
            cp.answer("UnlockConnector", req -> obj().put("status", "Unlocked"));
            command(stack, tokenC, "UNLOCK_CONNECTOR", with(unlock, url + "UNLOCK_CONNECTOR/1"));
            assertThat(result(emsp, "/UNLOCK_CONNECTOR/1")).isEqualTo("ACCEPTED");
            cp.answer("UnlockConnector", req -> obj().put("status", "UnlockFailed"));
            command(stack, tokenC, "UNLOCK_CONNECTOR", with(unlock, url + "UNLOCK_CONNECTOR/2"));
            assertThat(result(emsp, "/UNLOCK_CONNECTOR/2")).isEqualTo("FAILED");
            assertThat(cp.receivedCalls.stream().filter(f -> f.get(2).asText().equals("UnlockConnector"))
                    .map(f -> f.get(3).path("connectorId").asInt())).containsOnly(2);

            // RESERVE_NOW and CANCEL_RESERVATION: accepted, refused, and the eMSP's reservation id kept
            var reserve = Map.<String, Object>of("token", tok("TOK16"), "expiry_date",
                    Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString(),
                    "reservation_id", "R-1", "location_id", "CMD-16", "evse_uid", "CMD-16-2");
            cp.answer("ReserveNow", req -> obj().put("status", "Occupied"));
            command(stack, tokenC, "RESERVE_NOW", with(reserve, url + "RESERVE_NOW/1"));
            assertThat(result(emsp, "/RESERVE_NOW/1")).isEqualTo("EVSE_OCCUPIED");
            cp.answer("ReserveNow", req -> obj().put("status", "Rejected"));
            command(stack, tokenC, "RESERVE_NOW", with(reserve, url + "RESERVE_NOW/2"));
            assertThat(result(emsp, "/RESERVE_NOW/2")).isEqualTo("REJECTED");
            cp.answer("ReserveNow", req -> obj().put("status", "Accepted"));
            command(stack, tokenC, "RESERVE_NOW", with(reserve, url + "RESERVE_NOW/3"));
            assertThat(result(emsp, "/RESERVE_NOW/3")).isEqualTo("ACCEPTED");
            int reservationId = cp.receivedCalls.stream().filter(f -> f.get(2).asText().equals("ReserveNow"))
                    .reduce((a, b) -> b).orElseThrow().get(3).path("reservationId").asInt();
            var cancel = Map.<String, Object>of("reservation_id", "R-1");
            cp.answer("CancelReservation", req -> obj().put("status", "Rejected"));
            command(stack, tokenC, "CANCEL_RESERVATION", with(cancel, url + "CANCEL_RESERVATION/1"));
            assertThat(result(emsp, "/CANCEL_RESERVATION/1")).isEqualTo("UNKNOWN_RESERVATION");
            cp.answer("CancelReservation", req -> obj().put("status", "Accepted"));
            command(stack, tokenC, "CANCEL_RESERVATION", with(cancel, url + "CANCEL_RESERVATION/2"));
            assertThat(result(emsp, "/CANCEL_RESERVATION/2")).isEqualTo("CANCELED_RESERVATION");
            assertThat(cp.receivedCalls.stream().filter(f -> f.get(2).asText().equals("CancelReservation"))
                    .map(f -> f.get(3).path("reservationId").asInt())).containsOnly(reservationId);
            assertThat(command(stack, tokenC, "CANCEL_RESERVATION", with(Map.of("reservation_id", "NOPE"),
                    url + "CANCEL_RESERVATION/3")).path("result").asText()).isEqualTo("REJECTED");

            // a charger that never answers: TIMEOUT once the command timeout has passed
            cp.silence("UnlockConnector");
            command(stack, tokenC, "UNLOCK_CONNECTOR", with(unlock, url + "UNLOCK_CONNECTOR/3"));
            assertThat(result(emsp, "/UNLOCK_CONNECTOR/3")).isEqualTo("TIMEOUT");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void commandsToAnOcpp201StationBecomeTheOcpp201Operations(Database db) throws Exception {
        try (Stack stack = start(db); TestEmsp emsp = new TestEmsp("NL", "TST");
                TestCharger cs = Ocpp201ProvisioningTest.connect201(stack, "CMD-201")) {
            String tokenC = register(stack, emsp, "TOK201");
            String url = emsp.base + "/2.2.1/commands/";
            assertThat(cs.call("BootNotification", Ocpp201ProvisioningTest.boot()).path("status").asText()).isEqualTo("Accepted");
            for (int evse = 1; evse <= 2; evse++) {
                cs.call("StatusNotification", obj().put("timestamp", Instant.now().toString())
                        .put("connectorStatus", "Available").put("evseId", evse).put("connectorId", 1));
            }

            // START_SESSION: RequestStartTransaction with the token as an ISO14443 idToken on the EVSE
            cs.answer("RequestStartTransaction", req -> obj().put("status", "Accepted"));
            command(stack, tokenC, "START_SESSION", Map.of("response_url", url + "START_SESSION/1", "token", tok("TOK201"),
                    "location_id", "CMD-201", "evse_uid", "CMD-201-1"));
            assertThat(result(emsp, "/START_SESSION/1")).isEqualTo("ACCEPTED");
            JsonNode start = cs.receivedCalls.stream().filter(f -> f.get(2).asText().equals("RequestStartTransaction"))
                    .findFirst().orElseThrow().get(3);
            assertThat(start.path("evseId").asInt()).isEqualTo(1);
            assertThat(start.at("/idToken/idToken").asText()).isEqualTo("TOK201");
            assertThat(start.at("/idToken/type").asText()).isEqualTo("ISO14443");
            cs.answer("RequestStartTransaction", req -> obj().put("status", "Rejected"));
            command(stack, tokenC, "START_SESSION", Map.of("response_url", url + "START_SESSION/2", "token", tok("TOK201"),
                    "location_id", "CMD-201", "evse_uid", "CMD-201-2"));
            assertThat(result(emsp, "/START_SESSION/2")).isEqualTo("REJECTED");

            // the station starts: STOP_SESSION names the station's own transactionId
            var started = Ocpp201TransactionTest.event("Started", 0, "RemoteStart", Instant.now().minusSeconds(60), "TX-201");
            started.putObject("evse").put("id", 1).put("connectorId", 1);
            started.set("idToken", obj().put("idToken", "TOK201").put("type", "ISO14443"));
            cs.call("TransactionEvent", started);
            await().atMost(Duration.ofSeconds(15)).until(() -> call(stack, "GET", BASE + "/sessions", token(tokenC), null)
                    .json().path("data").size() == 1);
            String sessionId = call(stack, "GET", BASE + "/sessions", token(tokenC), null).json().at("/data/0/id").asText();
            cs.answer("RequestStopTransaction", req -> obj().put("status", "Rejected"));
            command(stack, tokenC, "STOP_SESSION", Map.of("response_url", url + "STOP_SESSION/1", "session_id", sessionId));
            assertThat(result(emsp, "/STOP_SESSION/1")).isEqualTo("REJECTED");
            cs.answer("RequestStopTransaction", req -> obj().put("status", "Accepted"));
            command(stack, tokenC, "STOP_SESSION", Map.of("response_url", url + "STOP_SESSION/2", "session_id", sessionId));
            assertThat(result(emsp, "/STOP_SESSION/2")).isEqualTo("ACCEPTED");
            assertThat(cs.receivedCalls.stream().filter(f -> f.get(2).asText().equals("RequestStopTransaction"))
                    .map(f -> f.get(3).path("transactionId").asText())).containsOnly("TX-201");

            // UNLOCK_CONNECTOR: EVSE and connector; an authorized transaction on it is a refusal
            var unlock = Map.<String, Object>of("location_id", "CMD-201", "evse_uid", "CMD-201-2", "connector_id", "1");
            cs.answer("UnlockConnector", req -> obj().put("status", "Unlocked"));
            command(stack, tokenC, "UNLOCK_CONNECTOR", with(unlock, url + "UNLOCK_CONNECTOR/1"));
            assertThat(result(emsp, "/UNLOCK_CONNECTOR/1")).isEqualTo("ACCEPTED");
            cs.answer("UnlockConnector", req -> obj().put("status", "OngoingAuthorizedTransaction"));
            command(stack, tokenC, "UNLOCK_CONNECTOR", with(unlock, url + "UNLOCK_CONNECTOR/2"));
            assertThat(result(emsp, "/UNLOCK_CONNECTOR/2")).isEqualTo("REJECTED");
            JsonNode unlocked = cs.receivedCalls.stream().filter(f -> f.get(2).asText().equals("UnlockConnector"))
                    .findFirst().orElseThrow().get(3);
            assertThat(unlocked.path("evseId").asInt()).isEqualTo(2);
            assertThat(unlocked.path("connectorId").asInt()).isEqualTo(1);

            // RESERVE_NOW / CANCEL_RESERVATION with the CSMS's reservation id
            var reserve = Map.<String, Object>of("token", tok("TOK201"), "expiry_date",
                    Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString(),
                    "reservation_id", "R-201", "location_id", "CMD-201", "evse_uid", "CMD-201-2");
            cs.answer("ReserveNow", req -> obj().put("status", "Faulted"));
            command(stack, tokenC, "RESERVE_NOW", with(reserve, url + "RESERVE_NOW/1"));
            assertThat(result(emsp, "/RESERVE_NOW/1")).isEqualTo("EVSE_INOPERATIVE");
            cs.answer("ReserveNow", req -> obj().put("status", "Accepted"));
            command(stack, tokenC, "RESERVE_NOW", with(reserve, url + "RESERVE_NOW/2"));
            assertThat(result(emsp, "/RESERVE_NOW/2")).isEqualTo("ACCEPTED");
            JsonNode reserved = cs.receivedCalls.stream().filter(f -> f.get(2).asText().equals("ReserveNow"))
                    .reduce((a, b) -> b).orElseThrow().get(3);
            assertThat(reserved.path("evseId").asInt()).isEqualTo(2);
            cs.answer("CancelReservation", req -> obj().put("status", "Accepted"));
            command(stack, tokenC, "CANCEL_RESERVATION", with(Map.of("reservation_id", "R-201"), url + "CANCEL_RESERVATION/1"));
            assertThat(result(emsp, "/CANCEL_RESERVATION/1")).isEqualTo("CANCELED_RESERVATION");
            assertThat(cs.receivedCalls.stream().filter(f -> f.get(2).asText().equals("CancelReservation"))
                    .map(f -> f.get(3).path("reservationId").asInt())).containsOnly(reserved.path("id").asInt());

            // a station that never answers: TIMEOUT
            cs.silence("RequestStopTransaction");
            command(stack, tokenC, "STOP_SESSION", Map.of("response_url", url + "STOP_SESSION/3", "session_id", sessionId));
            assertThat(result(emsp, "/STOP_SESSION/3")).isEqualTo("TIMEOUT");
        }
    }
}
