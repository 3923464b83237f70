package io.evstack.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OCPI 2.2.1 CPO role over real HTTP on loopback, with a real stack, a charger on a real WebSocket
 * and a test eMSP receiving pushes: transport rules, the credentials handshake both ways, locations
 * with live status, tariffs, tokens, START_SESSION to the charger and its CommandResult, sessions, and
 * a CDR that survives the eMSP being down and arrives once.
 */
class OcpiBridgeEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    record Res(int status, JsonNode json, HttpResponse<String> raw) {
        int code() {
            return json.path("status_code").asInt();
        }
    }

    static Stack start(Database db) {
        return TestStacks.start(db, UnknownChargerPolicy.ACCEPT);
    }

    static Res call(Stack stack, String method, String path, String authorization, Object body) throws Exception {
        String url = path.startsWith("http") ? path : stack.ocpi().config().publicUrl() + path;
        var req = HttpRequest.newBuilder(URI.create(url)).header("X-Request-ID", "req-1").header("X-Correlation-ID", "corr-1");
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        req.method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        if (text != null) {
            req.header("Content-Type", "application/json");
        }
        var res = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = res.body() == null || res.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(res.body());
        return new Res(res.statusCode(), json, res);
    }

    static String token(String t) {
        return "Token " + Base64.getEncoder().encodeToString(t.getBytes(StandardCharsets.UTF_8));
    }

    static String admin() {
        return "Basic " + Base64.getEncoder().encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode obj() {
        return JSON.createObjectNode();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aPartyRegistersSeesChargersStartsASessionAndGetsItsCdrOnceAfterAnOutage(Database db) throws Exception {
        try (Stack stack = start(db); TestEmsp emsp = new TestEmsp("NL", "TST")) {
            String base = "/ocpi/cpo/2.2.1";

            // --- transport: no token, unknown token
            Res none = call(stack, "GET", "/ocpi/cpo/versions", null, null);
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.json().has("timestamp")).isTrue();
            assertThat(call(stack, "GET", "/ocpi/cpo/versions", token("nope"), null).status()).isEqualTo(401);

            // --- credentials: the operator issues token A; the eMSP registers with it (section 7.1.1)
            Res issued = call(stack, "POST", "/ocpi/admin/parties", admin(), Map.of("name", "Test eMSP"));
            String tokenA = issued.json().path("data").path("token_a").asText();
            assertThat(tokenA).isNotBlank();
            Res versions = call(stack, "GET", "/ocpi/cpo/versions", token(tokenA), null);
            assertThat(versions.code()).isEqualTo(1000);
            assertThat(versions.raw().headers().firstValue("X-Request-ID")).contains("req-1");
            assertThat(versions.raw().headers().firstValue("X-Correlation-ID")).contains("corr-1");
            assertThat(versions.json().path("data").get(0).path("version").asText()).isEqualTo("2.2.1");
            Res details = call(stack, "GET", base, token(tokenA), null);
            assertThat(details.json().path("data").path("endpoints").findValuesAsText("identifier"))
                    .contains("credentials", "locations", "sessions", "cdrs", "tariffs", "tokens", "commands");
            assertThat(call(stack, "GET", base + "/locations", token(tokenA), null).status())
                    .as("token A opens only versions and credentials").isEqualTo(401);

            Map<String, Object> creds = Map.of("token", "emsp-token-B", "url", emsp.versionsUrl(), "roles",
                    List.of(Map.of("role", "EMSP", "party_id", "TST", "country_code", "NL",
                            "business_details", Map.of("name", "Test eMSP"))));
            Res registered = call(stack, "POST", base + "/credentials", token(tokenA), creds);
            assertThat(registered.code()).isEqualTo(1000);
            String tokenC = registered.json().path("data").path("token").asText();
            assertThat(tokenC).isNotBlank().isNotEqualTo(tokenA);
            assertThat(registered.json().path("data").path("roles").get(0).path("role").asText()).isEqualTo("CPO");
            assertThat(emsp.received("GET", "/versions")).first().extracting(TestEmsp.Received::authorization)
                    .isEqualTo(token("emsp-token-B"));
            assertThat(call(stack, "GET", "/ocpi/cpo/versions", token(tokenA), null).status()).as("A is void").isEqualTo(401);
            assertThat(call(stack, "POST", base + "/credentials", token(tokenC), creds).status()).isEqualTo(405);
            // the unencoded legacy form of the header is accepted too
            assertThat(call(stack, "GET", base + "/credentials", "Token " + tokenC, null).code()).isEqualTo(1000);

            // --- chargers: two, so that locations have pages
            try (TestCharger cp1 = TestCharger.connect(stack.ocppPort(), "OCPI-CP1", null);
                    TestCharger cp2 = TestCharger.connect(stack.ocppPort(), "OCPI-CP2", null)) {
                for (TestCharger c : List.of(cp1, cp2)) {
                    c.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
                    for (int n = 1; n <= 2; n++) {
                        c.call("StatusNotification", Map.of("connectorId", n, "status", "Available", "errorCode", "NoError"));
                    }
                }
                // a charger's first boot announces its whole location (PUT) before any EVSE PATCH
                await().atMost(Duration.ofSeconds(15)).until(() -> !emsp.received("PUT", "/locations/DE/EVS/OCPI-CP2").isEmpty());
                assertThat(emsp.received("PUT", "/locations/DE/EVS/OCPI-CP2").get(0).body().path("evses")).isNotNull();
                // a token nobody registered with us is authorized in real time by the eMSP (OCPI 12.2.1.2)
                JsonNode roaming = cp1.call("Authorize", Map.of("idTag", "ROAM-42"));
                assertThat(roaming.at("/idTagInfo/status").asText()).isEqualTo("Accepted");
                assertThat(emsp.received("POST", "/tokens/ROAM-42/authorize")).hasSize(1);
                Res page1 = call(stack, "GET", base + "/locations?limit=1", token(tokenC), null);
                assertThat(page1.code()).isEqualTo(1000);
                assertThat(page1.json().path("data")).hasSize(1);
                assertThat(page1.raw().headers().firstValue("X-Total-Count")).contains("2");
                assertThat(page1.raw().headers().firstValue("X-Limit")).contains("1");
                String link = page1.raw().headers().firstValue("Link").orElseThrow();
                assertThat(link).contains("offset=1").contains("limit=1").endsWith("; rel=\"next\"");
                Res page2 = call(stack, "GET", link.substring(1, link.indexOf('>')), token(tokenC), null);
                assertThat(page2.json().path("data").get(0).path("id").asText()).isEqualTo("OCPI-CP2");
                assertThat(page2.raw().headers().firstValue("Link")).isEmpty();
                Res future = call(stack, "GET", base + "/locations?date_from=" + Instant.now().plusSeconds(3600), token(tokenC), null);
                assertThat(future.json().path("data")).isEmpty();

                JsonNode loc = call(stack, "GET", base + "/locations/OCPI-CP1", token(tokenC), null).json().path("data");
                assertThat(loc.path("country_code").asText()).isEqualTo("DE");
                assertThat(loc.path("evses")).hasSize(2);
                assertThat(loc.path("evses").get(0).path("status").asText()).isEqualTo("AVAILABLE");
                assertThat(loc.path("last_updated").asText()).endsWith("Z");
                JsonNode connector = call(stack, "GET", base + "/locations/OCPI-CP1/OCPI-CP1-1/1", token(tokenC), null)
                        .json().path("data");
                assertThat(connector.path("standard").asText()).isEqualTo("IEC_62196_T2");
                Res unknown = call(stack, "GET", base + "/locations/NOPE", token(tokenC), null);
                assertThat(unknown.status()).isEqualTo(404);
                assertThat(unknown.code()).isEqualTo(2003);

                // --- tariff defined by the operator and attached to connector 1: pushed
                var tariff = Map.of("currency", "EUR", "elements", List.of(Map.of("price_components", List.of(
                        Map.of("type", "ENERGY", "price", 0.30, "vat", 20.0, "step_size", 1000),
                        Map.of("type", "FLAT", "price", 1.00, "step_size", 1)))));
                assertThat(call(stack, "PUT", "/ocpi/admin/tariffs/T1", admin(), tariff).code()).isEqualTo(1000);
                assertThat(call(stack, "PUT", "/ocpi/admin/connectors/OCPI-CP1/1", admin(),
                        Map.of("tariff_id", "T1", "max_electric_power", 11000)).code()).isEqualTo(1000);
                await().atMost(Duration.ofSeconds(15)).until(() -> !emsp.received("PUT", "/tariffs/DE/EVS/T1").isEmpty()
                        && !emsp.received("PUT", "/locations/DE/EVS/OCPI-CP1").isEmpty());
                assertThat(call(stack, "GET", base + "/tariffs", token(tokenC), null).json().path("data").get(0)
                        .path("id").asText()).isEqualTo("T1");

                // --- tokens: bad JSON is 400, another party's URL 404, a new token 201
                assertThat(call(stack, "PUT", base + "/tokens/NL/TST/TOK1", token(tokenC), "{not json").status())
                        .isEqualTo(400);
                var tok = Map.of("country_code", "NL", "party_id", "TST", "uid", "TOK1", "type", "RFID",
                        "contract_id", "NL-TST-C00001", "issuer", "Test", "valid", true, "whitelist", "ALLOWED",
                        "last_updated", Instant.now().toString());
                assertThat(call(stack, "PUT", base + "/tokens/XX/OTH/TOK1", token(tokenC), tok).status()).isEqualTo(404);
                assertThat(call(stack, "PUT", base + "/tokens/NL/TST/TOK1", token(tokenC), tok).status()).isEqualTo(201);
                assertThat(call(stack, "GET", base + "/tokens/NL/TST/TOK1", token(tokenC), null).json().path("data")
                        .path("contract_id").asText()).isEqualTo("NL-TST-C00001");
                Res missing = call(stack, "PATCH", base + "/tokens/NL/TST/TOK1", token(tokenC), Map.of("valid", false));
                assertThat(missing.status()).isEqualTo(200);
                assertThat(missing.code()).as("PATCH without last_updated").isEqualTo(2001);
                assertThat(stack.authorization().authorize("TOK1").accepted()).as("mirrored for OCPP").isTrue();

                // --- EVSE status pushed as a PATCH
                cp1.call("StatusNotification", Map.of("connectorId", 1, "status", "Preparing", "errorCode", "NoError"));
                await().atMost(Duration.ofSeconds(15)).until(() -> emsp.received("PATCH", "/locations/DE/EVS/OCPI-CP1/OCPI-CP1-1")
                        .stream().anyMatch(r -> r.body().path("status").asText().equals("CHARGING")));

                // --- START_SESSION: CommandResponse now, CommandResult when the charger answered
                cp1.answer("RemoteStartTransaction", req -> obj().put("status", "Accepted"));
                Res cmd = call(stack, "POST", base + "/commands/START_SESSION", token(tokenC), Map.of(
                        "response_url", emsp.base + "/2.2.1/commands/START_SESSION/42", "token", tok,
                        "location_id", "OCPI-CP1", "evse_uid", "OCPI-CP1-1", "authorization_reference", "REF-42"));
                assertThat(cmd.code()).isEqualTo(1000);
                assertThat(cmd.json().path("data").path("result").asText()).isEqualTo("ACCEPTED");
                await().atMost(Duration.ofSeconds(15)).until(() -> emsp.received("POST", "/commands/START_SESSION/42")
                        .stream().anyMatch(r -> r.body().path("result").asText().equals("ACCEPTED")));
                assertThat(cp1.receivedCalls.stream().anyMatch(f -> f.get(2).asText().equals("RemoteStartTransaction")
                        && f.get(3).path("idTag").asText().equals("TOK1"))).isTrue();

                // --- the charger starts: a session for the eMSP
                Instant t0 = Instant.now().minus(40, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
                JsonNode started = cp1.call("StartTransaction", Map.of("connectorId", 1, "idTag", "TOK1",
                        "meterStart", 1000, "timestamp", t0.toString()));
                int txId = started.path("transactionId").asInt();
                assertThat(started.path("idTagInfo").path("status").asText()).isEqualTo("Accepted");
                await().atMost(Duration.ofSeconds(15)).until(() -> emsp.received("PUT", "/sessions/DE/EVS/" + txId).stream()
                        .anyMatch(r -> r.body().path("status").asText().equals("ACTIVE")));
                JsonNode session = emsp.received("PUT", "/sessions/DE/EVS/" + txId).get(0).body();
                assertThat(session.path("auth_method").asText()).isEqualTo("COMMAND");
                assertThat(session.path("authorization_reference").asText()).isEqualTo("REF-42");
                assertThat(session.path("cdr_token").path("contract_id").asText()).isEqualTo("NL-TST-C00001");
                cp1.call("MeterValues", Map.of("connectorId", 1, "transactionId", txId, "meterValue", List.of(Map.of(
                        "timestamp", t0.plus(20, ChronoUnit.MINUTES).toString(),
                        "sampledValue", List.of(Map.of("value", "5000"))))));
                // an update is a PATCH (section 9.2.2.3) with the energy, periods and running cost of tariff T1
                await().atMost(Duration.ofSeconds(15)).until(() -> emsp.received("PATCH", "/sessions/DE/EVS/" + txId).stream()
                        .anyMatch(r -> r.body().path("kwh").asDouble() == 4.0));
                assertThat(emsp.received("PUT", "/sessions/DE/EVS/" + txId)).as("PUT only when new").hasSize(1);
                JsonNode patch = emsp.received("PATCH", "/sessions/DE/EVS/" + txId).stream()
                        .filter(r -> r.body().path("kwh").asDouble() == 4.0).findFirst().orElseThrow().body();
                assertThat(patch.path("last_updated").asText()).endsWith("Z");
                assertThat(patch.path("status").asText()).isEqualTo("ACTIVE");
                assertThat(patch.has("cdr_token")).as("only what changes").isFalse();
                // 4 kWh x 0.30 + 1.00 flat = 2.20 excl. VAT; 1.20 x 1.2 + 1.00 = 2.44 incl.
                assertThat(patch.path("total_cost").path("excl_vat").decimalValue()).isEqualByComparingTo("2.20");
                assertThat(patch.path("total_cost").path("incl_vat").decimalValue()).isEqualByComparingTo("2.44");
                JsonNode period = patch.path("charging_periods").get(0);
                assertThat(period.path("start_date_time").asText()).isEqualTo(t0.toString());
                assertThat(period.path("tariff_id").asText()).isEqualTo("T1");
                // a Session also carries POWER (session only, section 10.4.2): without power samples, 4 kWh in 20 min = 12 kW
                assertThat(period.path("dimensions").findValuesAsText("type")).containsExactly("ENERGY", "TIME", "POWER");
                assertThat(period.path("dimensions").get(0).path("volume").decimalValue()).isEqualByComparingTo("4");
                assertThat(period.path("dimensions").get(2).path("volume").decimalValue()).isEqualByComparingTo("12");
                // the charger reports power, current per phase and the EV's state of charge: the latest interval is a
                // period of its own, with the power now (7.2 kW), the phases' mean current and the SoC
                cp1.call("MeterValues", Map.of("connectorId", 1, "transactionId", txId, "meterValue", List.of(Map.of(
                        "timestamp", t0.plus(30, ChronoUnit.MINUTES).toString(),
                        "sampledValue", List.of(Map.of("value", "7000"),
                                Map.of("value", "7200", "measurand", "Power.Active.Import", "unit", "W"),
                                Map.of("value", "10.4", "measurand", "Current.Import", "unit", "A", "phase", "L1"),
                                Map.of("value", "10.5", "measurand", "Current.Import", "unit", "A", "phase", "L2"),
                                Map.of("value", "10.6", "measurand", "Current.Import", "unit", "A", "phase", "L3"),
                                Map.of("value", "64", "measurand", "SoC", "unit", "Percent", "location", "EV"))))));
                await().atMost(Duration.ofSeconds(15)).until(() -> emsp.received("PATCH", "/sessions/DE/EVS/" + txId).stream()
                        .anyMatch(r -> r.body().path("kwh").asDouble() == 6.0));
                JsonNode live = emsp.received("PATCH", "/sessions/DE/EVS/" + txId).stream()
                        .filter(r -> r.body().path("kwh").asDouble() == 6.0).findFirst().orElseThrow().body();
                assertThat(live.path("charging_periods")).hasSize(2);
                assertThat(live.path("charging_periods").get(0).path("dimensions")).extracting(OcpiBridgeEndToEndTest::volume)
                        .containsExactly("4", "0.333333", "12");
                JsonNode now = live.path("charging_periods").get(1);
                assertThat(now.path("start_date_time").asText()).isEqualTo(t0.plus(20, ChronoUnit.MINUTES).toString());
                assertThat(now.path("dimensions").findValuesAsText("type"))
                        .containsExactly("ENERGY", "TIME", "POWER", "CURRENT", "STATE_OF_CHARGE");
                assertThat(now.path("dimensions")).extracting(OcpiBridgeEndToEndTest::volume)
                        .containsExactly("2", "0.166667", "7.2", "10.5", "64");
                assertThat(live.path("total_cost").path("excl_vat").decimalValue()).as("same price, periods split or not")
                        .isEqualByComparingTo("2.80");

                // --- the eMSP goes away; the charger stops; the CDR waits in the outbox
                emsp.down = true;
                cp1.call("StopTransaction", Map.of("transactionId", txId, "meterStop", 8500,
                        "timestamp", t0.plus(35, ChronoUnit.MINUTES).toString(), "reason", "EVDisconnected"));
                Thread.sleep(1500);
                assertThat(emsp.received("POST", "/cdrs")).isEmpty();
                emsp.down = false;
                await().atMost(Duration.ofSeconds(30)).until(() -> !emsp.received("POST", "/cdrs").isEmpty());
                Thread.sleep(1500);
                assertThat(emsp.received("POST", "/cdrs")).as("one CDR, once").hasSize(1);
                JsonNode cdr = emsp.received("POST", "/cdrs").get(0).body();
                assertThat(cdr.path("id").asText()).isEqualTo("CDR-" + txId);
                assertThat(cdr.path("total_energy").asDouble()).isEqualTo(7.5);
                // 7.5 kWh billed in 1 kWh steps = 8 kWh x 0.30 + 1.00 flat = 3.40 excl. VAT; 2.40 x 1.2 + 1.00 (no VAT) = 3.88 incl.
                assertThat(cdr.path("total_cost").path("excl_vat").decimalValue()).isEqualByComparingTo("3.40");
                assertThat(cdr.path("total_cost").path("incl_vat").decimalValue()).isEqualByComparingTo("3.88");
                assertThat(cdr.path("charging_periods")).isNotEmpty();
                assertThat(cdr.path("charging_periods").findValuesAsText("type")).as("no session-only dimension in a CDR")
                        .doesNotContain("POWER", "CURRENT", "STATE_OF_CHARGE");
                assertThat(cdr.path("cdr_location").path("evse_uid").asText()).isEqualTo("OCPI-CP1-1");
                Res cdrs = call(stack, "GET", base + "/cdrs", token(tokenC), null);
                assertThat(cdrs.json().path("data")).hasSize(1);
                assertThat(cdrs.json().path("data").get(0).path("id").asText()).isEqualTo("CDR-" + txId);
                // a replayed StopTransaction makes no second CDR
                cp1.call("StopTransaction", Map.of("transactionId", txId, "meterStop", 8500,
                        "timestamp", t0.plus(35, ChronoUnit.MINUTES).toString(), "reason", "EVDisconnected"));
                assertThat(call(stack, "GET", base + "/cdrs", token(tokenC), null).json().path("data")).hasSize(1);
                await().atMost(Duration.ofSeconds(15)).until(() -> emsp.received("PATCH", "/sessions/DE/EVS/" + txId).stream()
                        .anyMatch(r -> r.body().path("status").asText().equals("COMPLETED")));
                JsonNode completed = emsp.received("PATCH", "/sessions/DE/EVS/" + txId).stream()
                        .filter(r -> r.body().path("status").asText().equals("COMPLETED")).findFirst().orElseThrow().body();
                assertThat(completed.path("end_date_time").asText()).isEqualTo(t0.plus(35, ChronoUnit.MINUTES).toString());
                assertThat(completed.path("total_cost").path("excl_vat").decimalValue()).isEqualByComparingTo("3.40");
                Res sessions = call(stack, "GET", base + "/sessions", token(tokenC), null);
                assertThat(sessions.json().path("data").get(0).path("status").asText()).isEqualTo("COMPLETED");
            }

            // --- unregister: the token stops working
            assertThat(call(stack, "DELETE", base + "/credentials", token(tokenC), null).code()).isEqualTo(1000);
            assertThat(call(stack, "GET", base + "/credentials", token(tokenC), null).status()).isEqualTo(401);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void weRegisterWithAPartyGivenItsVersionsUrlAndTokenA(Database db) throws Exception {
        try (Stack stack = start(db); TestEmsp emsp = new TestEmsp("FR", "EMS")) {
            Res res = call(stack, "POST", "/ocpi/admin/parties/register", admin(),
                    Map.of("name", "French eMSP", "versions_url", emsp.versionsUrl(), "token", "their-token-A"));
            assertThat(res.code()).isEqualTo(1000);
            assertThat(res.json().path("data").path("status").asText()).isEqualTo("REGISTERED");
            var post = emsp.received("POST", "/credentials");
            assertThat(post).hasSize(1);
            assertThat(post.get(0).authorization()).isEqualTo(token("their-token-A"));
            String tokenB = post.get(0).body().path("token").asText();
            assertThat(post.get(0).body().path("url").asText()).endsWith("/ocpi/cpo/versions");
            // token B we gave them works on every module; their token C is what we send from now on
            assertThat(call(stack, "GET", "/ocpi/cpo/2.2.1/locations", token(tokenB), null).code()).isEqualTo(1000);
            assertThat(call(stack, "PUT", "/ocpi/admin/tariffs/T9", admin(), Map.of("currency", "EUR", "elements",
                    List.of(Map.of("price_components", List.of(Map.of("type", "TIME", "price", 2.0, "step_size", 60)))))).code())
                    .isEqualTo(1000);
            await().atMost(Duration.ofSeconds(15)).until(() -> !emsp.received("PUT", "/tariffs/DE/EVS/T9").isEmpty());
            assertThat(emsp.received("PUT", "/tariffs/DE/EVS/T9").get(0).authorization()).isEqualTo(token("emsp-token-C"));
            // the party updates its credentials (PUT): we fetch its endpoints again and issue a new token
            Res updated = call(stack, "PUT", "/ocpi/cpo/2.2.1/credentials", token(tokenB), Map.of("token", "emsp-token-C2",
                    "url", emsp.versionsUrl(), "roles", List.of(Map.of("role", "EMSP", "party_id", "EMS", "country_code", "FR",
                            "business_details", Map.of("name", "French eMSP")))));
            assertThat(updated.code()).isEqualTo(1000);
            String newToken = updated.json().path("data").path("token").asText();
            assertThat(call(stack, "GET", "/ocpi/cpo/2.2.1/locations", token(tokenB), null).status()).isEqualTo(401);
            assertThat(call(stack, "GET", "/ocpi/cpo/2.2.1/locations", token(newToken), null).code()).isEqualTo(1000);
            // an unreachable party: 3001, nothing stored
            Res unreachable = call(stack, "POST", "/ocpi/admin/parties/register", admin(),
                    Map.of("name", "Gone", "versions_url", "http://127.0.0.1:1/versions", "token", "x"));
            assertThat(unreachable.code()).isEqualTo(3001);
        }
    }

    /** A CdrDimension's volume as plain text without trailing zeros. */
    private static String volume(JsonNode dimension) {
        return dimension.path("volume").decimalValue().stripTrailingZeros().toPlainString();
    }
}
