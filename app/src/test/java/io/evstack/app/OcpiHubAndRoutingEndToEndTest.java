package io.evstack.app;

import static io.evstack.app.OcpiBridgeEndToEndTest.admin;
import static io.evstack.app.OcpiBridgeEndToEndTest.call;
import static io.evstack.app.OcpiBridgeEndToEndTest.token;
import static io.evstack.app.OcpiCommandsEndToEndTest.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.app.OcpiBridgeEndToEndTest.Res;
import io.evstack.db.Database;
import io.evstack.db.TestDatabases;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hub client info (section 17), the routing headers (4.1.3, 4.1.4), and a platform that registers again
 * under the same identity (our own eMSP at every start) renewing its registration rather than becoming a
 * second party.
 */
class OcpiHubAndRoutingEndToEndTest {

    static String registerAs(Stack stack, TestEmsp platform, String role, String countryCode, String partyId)
            throws Exception {
        String tokenA = call(stack, "POST", "/ocpi/admin/parties", admin(), Map.of("name", role + " " + partyId)).json()
                .path("data").path("token_a").asText();
        Res registered = call(stack, "POST", BASE + "/credentials", token(tokenA), Map.of("token", "token-B-" + partyId,
                "url", platform.versionsUrl(), "roles", List.of(Map.of("role", role, "party_id", partyId,
                        "country_code", countryCode, "business_details", Map.of("name", partyId)))));
        assertThat(registered.code()).isEqualTo(1000);
        return registered.json().path("data").path("token").asText();
    }

    static HttpResponse<String> routed(Stack stack, String path, String tokenC, String fromCc, String fromPid,
            String toCc, String toPid) throws Exception {
        var req = HttpRequest.newBuilder(URI.create(stack.ocpi().config().publicUrl() + path)).GET()
                .header("Authorization", token(tokenC));
        String[][] headers = {{"OCPI-from-country-code", fromCc}, {"OCPI-from-party-id", fromPid},
                {"OCPI-to-country-code", toCc}, {"OCPI-to-party-id", toPid}};
        for (String[] h : headers) {
            if (h[1] != null) {
                req.header(h[0], h[1]);
            }
        }
        return OcpiBridgeEndToEndTest.HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    static int statusCode(HttpResponse<String> res) throws Exception {
        return OcpiBridgeEndToEndTest.JSON.readTree(res.body()).path("status_code").asInt();
    }

    static Map<String, Object> clientInfo(String status) {
        return Map.of("party_id", "ABC", "country_code", "BE", "role", "EMSP", "status", status,
                "last_updated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aHubReportsItsPartiesAndRoutingHeadersAreCheckedAndEchoed(Database db) throws Exception {
        try (Stack stack = OcpiCommandsEndToEndTest.start(db); TestEmsp hub = new TestEmsp("NL", "HUB");
                TestEmsp emsp = new TestEmsp("NL", "TST")) {
            String hubToken = registerAs(stack, hub, "HUB", "NL", "HUB");
            String emspToken = registerAs(stack, emsp, "EMSP", "NL", "TST");
            JsonNode endpoints = call(stack, "GET", BASE, token(hubToken), null).json().at("/data/endpoints");
            assertThat(endpoints.findValuesAsText("identifier")).contains("hubclientinfo", "chargingprofiles");

            // the operator's OCPI administration is described by OpenAPI, readable without credentials
            Res openapi = call(stack, "GET", "/ocpi/admin/openapi.json", null, null);
            assertThat(openapi.status()).isEqualTo(200);
            assertThat(openapi.json().path("paths").has("/ocpi/admin/tariffs/{tariff_id}")).isTrue();

            // Receiver: a hub reports a party behind it; its status changes; GET gives what we keep
            Res put = call(stack, "PUT", BASE + "/hubclientinfo/BE/ABC", token(hubToken), clientInfo("CONNECTED"));
            assertThat(put.code()).isEqualTo(1000);
            assertThat(call(stack, "GET", BASE + "/hubclientinfo/BE/ABC", token(hubToken), null).json()
                    .at("/data/status").asText()).isEqualTo("CONNECTED");
            call(stack, "PUT", BASE + "/hubclientinfo/BE/ABC", token(hubToken), clientInfo("OFFLINE"));
            assertThat(call(stack, "GET", BASE + "/hubclientinfo/BE/ABC", token(hubToken), null).json()
                    .at("/data/status").asText()).isEqualTo("OFFLINE");
            assertThat(call(stack, "PUT", BASE + "/hubclientinfo/BE/ABC", token(hubToken), clientInfo("SLEEPING")).code())
                    .isEqualTo(2001);
            assertThat(call(stack, "PUT", BASE + "/hubclientinfo/BE/ABC", token(emspToken), clientInfo("CONNECTED"))
                    .status()).as("only a hub reports").isEqualTo(403);
            assertThat(call(stack, "GET", BASE + "/hubclientinfo/FR/NOP", token(hubToken), null).status()).isEqualTo(404);

            // Sender: the parties connected to us, each role CONNECTED
            JsonNode list = call(stack, "GET", BASE + "/hubclientinfo", token(emspToken), null).json().path("data");
            List<String> connected = new ArrayList<>();
            list.forEach(c -> connected.add(c.path("country_code").asText() + "/" + c.path("party_id").asText() + "/"
                    + c.path("role").asText() + "/" + c.path("status").asText()));
            assertThat(connected).contains("NL/HUB/HUB/CONNECTED", "NL/TST/EMSP/CONNECTED");

            // routing headers: the caller's own identity is accepted and the answer is addressed back to it
            var ok = routed(stack, BASE + "/locations", emspToken, "NL", "TST", "DE", "EVS");
            assertThat(statusCode(ok)).isEqualTo(1000);
            assertThat(ok.headers().firstValue("OCPI-from-country-code")).contains("DE");
            assertThat(ok.headers().firstValue("OCPI-from-party-id")).contains("EVS");
            assertThat(ok.headers().firstValue("OCPI-to-country-code")).contains("NL");
            assertThat(ok.headers().firstValue("OCPI-to-party-id")).contains("TST");
            // another party's identity under these credentials is refused; a hub may speak for its parties
            var spoofed = routed(stack, BASE + "/locations", emspToken, "BE", "ABC", "DE", "EVS");
            assertThat(statusCode(spoofed)).isEqualTo(2001);
            assertThat(statusCode(routed(stack, BASE + "/locations", hubToken, "BE", "ABC", "DE", "EVS"))).isEqualTo(1000);
            // a receiver that is not us, or half a pair, is refused too
            assertThat(statusCode(routed(stack, BASE + "/locations", emspToken, "NL", "TST", "FR", "XYZ"))).isEqualTo(2001);
            assertThat(statusCode(routed(stack, BASE + "/locations", emspToken, null, null, "DE", null))).isEqualTo(2001);
            // without routing headers nothing changes
            var plain = routed(stack, BASE + "/locations", emspToken, null, null, null, null);
            assertThat(statusCode(plain)).isEqualTo(1000);
            assertThat(plain.headers().firstValue("OCPI-to-party-id")).isEmpty();

            // the same platform registering again with a new token A: one party, the old token void
            String again = registerAs(stack, emsp, "EMSP", "NL", "TST");
            assertThat(call(stack, "GET", BASE + "/locations", token(emspToken), null).status()).isEqualTo(401);
            assertThat(call(stack, "GET", BASE + "/locations", token(again), null).code()).isEqualTo(1000);
            assertThat(parties(stack, "NL", "TST")).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void ourOwnEmspKeepsOneRegistrationAcrossRestarts(Database db) throws Exception {
        TestDatabases.reset(db);
        try (Stack stack = OcpiCommandsEndToEndTest.start(db)) {
            assertThat(parties(stack, "NL", "EVS")).hasSize(1);
        }
        try (Stack stack = OcpiCommandsEndToEndTest.start(db)) {
            List<JsonNode> own = parties(stack, "NL", "EVS");
            assertThat(own).hasSize(1);
            assertThat(own.get(0).path("status").asText()).isEqualTo("REGISTERED");
            assertThat(own.get(0).path("versions_url").asText()).isEqualTo(stack.emsp().versionsUrl());
            JsonNode all = call(stack, "GET", "/ocpi/admin/parties", admin(), null).json().path("data");
            List<String> pending = new ArrayList<>();
            all.forEach(p -> {
                if (p.path("status").asText().equals("PENDING")) {
                    pending.add(p.path("name").asText());
                }
            });
            assertThat(pending).as("no token A left behind").isEmpty();
            assertThat(stack.emsp().registrations()).as("the eMSP keeps one registration with its CPO, not one per start")
                    .isEqualTo(1);
        }
    }

    /** The registered parties with a role of this country code and party id. */
    static List<JsonNode> parties(Stack stack, String countryCode, String partyId) throws Exception {
        JsonNode all = call(stack, "GET", "/ocpi/admin/parties", admin(), null).json().path("data");
        List<JsonNode> out = new ArrayList<>();
        all.forEach(p -> {
            boolean match = false;
            for (JsonNode r : p.path("roles")) {
                match |= r.path("country_code").asText().equals(countryCode) && r.path("party_id").asText().equals(partyId);
            }
            if (match && p.path("status").asText().equals("REGISTERED")) {
                out.add(p);
            }
        });
        return out;
    }

    /**
     * A driver of an eMSP behind a hub (BE/ABC) charges here: the hub forwards the eMSP's token, and the
     * Session and the CDR go to the hub addressed to BE/ABC with the routing headers (section 4.1.4), never
     * to a directly connected eMSP that does not own the token.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void sessionsAndCdrsOfAPartyBehindAHubGoThroughTheHub(Database db) throws Exception {
        TestDatabases.reset(db);
        try (Stack stack = OcpiCommandsEndToEndTest.start(db); TestEmsp hub = new TestEmsp("NL", "HUB");
                TestEmsp emsp = new TestEmsp("NL", "TST");
                TestCharger cp = TestCharger.connect(stack.ocppPort(), "HUB-CP", null)) {
            String hubToken = registerAs(stack, hub, "HUB", "NL", "HUB");
            String emspToken = registerAs(stack, emsp, "EMSP", "NL", "TST");
            assertThat(call(stack, "PUT", BASE + "/hubclientinfo/BE/ABC", token(hubToken), clientInfo("CONNECTED")).code())
                    .isEqualTo(1000);
            var hubTok = Map.of("country_code", "BE", "party_id", "ABC", "uid", "HUBTOK", "type", "RFID",
                    "contract_id", "BE-ABC-HUBTOK", "issuer", "ABC", "valid", true, "whitelist", "ALLOWED",
                    "last_updated", Instant.now().toString());
            assertThat(call(stack, "PUT", BASE + "/tokens/BE/ABC/HUBTOK", token(hubToken), hubTok).status())
                    .as("a hub forwards the tokens of the parties behind it").isIn(200, 201);

            cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
            cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
            Instant t0 = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            assertThat(cp.call("Authorize", Map.of("idTag", "HUBTOK")).path("idTagInfo").path("status").asText())
                    .isEqualTo("Accepted");
            int txId = cp.call("StartTransaction", Map.of("connectorId", 1, "idTag", "HUBTOK", "meterStart", 1000,
                    "timestamp", t0.toString())).path("transactionId").asInt();
            cp.call("StopTransaction", Map.of("transactionId", txId, "idTag", "HUBTOK", "meterStop", 5000,
                    "timestamp", t0.plusSeconds(600).toString()));

            await().atMost(Duration.ofSeconds(30)).until(() -> !hub.received("POST", "/cdrs").isEmpty());
            var cdrs = hub.received("POST", "/cdrs");
            assertThat(cdrs).hasSize(1);
            assertThat(cdrs.get(0).toParty()).isEqualTo("BE/ABC");
            assertThat(cdrs.get(0).body().path("total_energy").asDouble()).isEqualTo(4.0);
            assertThat(cdrs.get(0).body().path("cdr_token").path("uid").asText()).isEqualTo("HUBTOK");
            var sessions = hub.received("PUT", "/sessions/");
            assertThat(sessions).isNotEmpty().allSatisfy(r -> assertThat(r.toParty()).isEqualTo("BE/ABC"));
            assertThat(emsp.received("POST", "/cdrs")).as("not the directly connected eMSP's CDR").isEmpty();

            // A token that must be authorized in real time (whitelist NEVER) is asked of its eMSP through the hub.
            var never = new HashMap<String, Object>(hubTok);
            never.put("uid", "NEVERTOK");
            never.put("whitelist", "NEVER");
            assertThat(call(stack, "PUT", BASE + "/tokens/BE/ABC/NEVERTOK", token(hubToken), never).status()).isIn(200, 201);
            assertThat(cp.call("Authorize", Map.of("idTag", "NEVERTOK")).path("idTagInfo").path("status").asText())
                    .isEqualTo("Accepted");
            var asked = hub.received("POST", "/NEVERTOK/authorize");
            assertThat(asked).hasSize(1);
            assertThat(asked.get(0).toParty()).isEqualTo("BE/ABC");
            assertThat(emsp.received("PUT", "/sessions/")).isEmpty();

            // The hub acts for the party behind it (section 4.1.4): it lists its sessions and CDRs and may stop its
            // driver's session; the directly connected eMSP may not, and sees none of them.
            int running = cp.call("StartTransaction", Map.of("connectorId", 1, "idTag", "HUBTOK", "meterStart", 5000,
                    "timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())).path("transactionId").asInt();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    hub.received("PUT", "/sessions/").stream().anyMatch(r -> r.path().endsWith("/" + running)));
            assertThat(ids(call(stack, "GET", BASE + "/sessions", token(hubToken), null)))
                    .containsExactlyInAnyOrder(Integer.toString(txId), Integer.toString(running));
            assertThat(call(stack, "GET", BASE + "/cdrs", token(hubToken), null).json().path("data")).hasSize(1);
            assertThat(call(stack, "GET", BASE + "/sessions", token(emspToken), null).json().path("data")).isEmpty();
            assertThat(call(stack, "GET", BASE + "/cdrs", token(emspToken), null).json().path("data")).isEmpty();
            cp.answer("RemoteStopTransaction", req -> TestCharger.obj().put("status", "Accepted"));
            Map<String, Object> stopRunning = Map.of("session_id", Integer.toString(running));
            assertThat(OcpiCommandsEndToEndTest.command(stack, emspToken, "STOP_SESSION", OcpiCommandsEndToEndTest.with(
                    stopRunning, emsp.base + "/2.2.1/commands/STOP_SESSION/1")).path("result").asText())
                    .as("not a session of the eMSP's").isEqualTo("UNKNOWN_SESSION");
            assertThat(OcpiCommandsEndToEndTest.command(stack, hubToken, "STOP_SESSION", OcpiCommandsEndToEndTest.with(
                    stopRunning, hub.base + "/2.2.1/commands/STOP_SESSION/1")).path("result").asText()).isEqualTo("ACCEPTED");
            assertThat(OcpiCommandsEndToEndTest.result(hub, "/STOP_SESSION/1")).isEqualTo("ACCEPTED");
            assertThat(cp.receivedCalls.stream().filter(f -> f.get(2).asText().equals("RemoteStopTransaction"))
                    .map(f -> f.get(3).path("transactionId").asInt())).containsExactly(running);

            // A party registered with us directly speaks for itself: the hub neither stops nor lists its sessions.
            assertThat(call(stack, "PUT", BASE + "/tokens/NL/TST/TSTTOK", token(emspToken),
                    OcpiCommandsEndToEndTest.tok("TSTTOK")).status()).isEqualTo(201);
            cp.call("StatusNotification", Map.of("connectorId", 2, "status", "Available", "errorCode", "NoError"));
            int direct = cp.call("StartTransaction", Map.of("connectorId", 2, "idTag", "TSTTOK", "meterStart", 0,
                    "timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())).path("transactionId").asInt();
            await().atMost(Duration.ofSeconds(30)).until(() -> call(stack, "GET", BASE + "/sessions", token(emspToken), null)
                    .json().path("data").size() == 1);
            assertThat(OcpiCommandsEndToEndTest.command(stack, hubToken, "STOP_SESSION", OcpiCommandsEndToEndTest.with(
                    Map.of("session_id", Integer.toString(direct)), hub.base + "/2.2.1/commands/STOP_SESSION/2"))
                    .path("result").asText()).isEqualTo("UNKNOWN_SESSION");
            assertThat(ids(call(stack, "GET", BASE + "/sessions", token(hubToken), null)))
                    .doesNotContain(Integer.toString(direct));
        }
    }

    /** The ids of the objects of a list answer. */
    static List<String> ids(Res list) {
        List<String> ids = new ArrayList<>();
        list.json().path("data").forEach(o -> ids.add(o.path("id").asText()));
        return ids;
    }
}
