package io.evstack.app;

import static io.evstack.app.OcpiBridgeEndToEndTest.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.evstack.db.Database;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole driver story on one stack, every hop real: a driver signs up, logs in and gets an app token;
 * finds the charger with the price under their plan; starts charging through the driver API (OCPI
 * START_SESSION to our CPO, OCPP 1.6 RemoteStartTransaction at a simulated charger, which then starts and
 * sends meter values); watches the live session with kWh and a running cost; stops it through the driver
 * API (STOP_SESSION, RemoteStopTransaction, StopTransaction); finds it in the history as a CDR. Support
 * bills the month; the driver's invoice has the CDR at the plan's price of the CPO's CDR and downloads as
 * PDF and CSV.
 */
class EmspDriverStoryEndToEndTest {
    private static final String SUPPORT_EMAIL = "support@example.com";
    private static final String SUPPORT_PASSWORD = "support-password-1";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aDriverChargesThroughTheDriverApiAndIsInvoicedForIt(Database db) throws Exception {
        try (Stack stack = start(db)) {
            String v1 = "http://localhost:" + stack.emspServer().port() + "/api/v1";
            String api = v1 + "/driver";
            String cp1 = "STORY-CP1";
            String email = "story-" + System.nanoTime() + "@example.com";

            // Sign up (pay-as-you-go: V11, 20 % markup on the CPO's price, 21 % VAT), log in, get an app token.
            assertThat(call(stack, "POST", api + "/signup", null, Map.of("email", email, "name", "Story Driver",
                    "password", "correct horse battery")).status()).isEqualTo(201);
            String bearer = login(stack, api, email, "correct horse battery");
            var appToken = call(stack, "POST", api + "/tokens/app", bearer, null);
            assertThat(appToken.status()).isEqualTo(201);
            String tokenUid = appToken.json().path("uid").asText();

            try (TestCharger cp = TestCharger.connect(stack.ocppPort(), cp1, null)) {
                cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
                cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
                // The CPO's tariff on the connector: 0.30 per kWh billed per started kWh, plus 1.00 a session.
                var tariff = Map.of("currency", "EUR", "elements", List.of(Map.of("price_components", List.of(
                        Map.of("type", "ENERGY", "price", 0.30, "vat", 20.0, "step_size", 1000),
                        Map.of("type", "FLAT", "price", 1.00, "vat", 20.0, "step_size", 1)))));
                assertThat(call(stack, "PUT", "/ocpi/admin/tariffs/T-STORY", admin(), tariff).code()).isEqualTo(1000);
                assertThat(call(stack, "PUT", "/ocpi/admin/connectors/" + cp1 + "/1", admin(), Map.of("tariff_id", "T-STORY"))
                        .code()).isEqualTo(1000);

                // The charger with the driver's own price: 0.30 x 1.20 = 0.36 per kWh, 1.00 x 1.20 = 1.20 a session,
                // excl. VAT; incl. 21 % VAT 0.4356 and 1.452. (A pull brings the location whole, EVSE and tariff.)
                String near = api + "/chargers?lat=52.52&lon=13.40&radiusKm=2";
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    stack.emsp().pullSync().syncAll();
                    return connector(stack, near, bearer, cp1 + "-1").path("driverPrice").isObject();
                });
                JsonNode connector = connector(stack, near, bearer, cp1 + "-1");
                assertThat(connector.path("cpoTariffs").get(0).path("id").asText()).isEqualTo("T-STORY");
                JsonNode prices = connector.path("driverPrice").path("components");
                assertThat(prices.get(0).path("dimension").asText()).isEqualTo("ENERGY");
                assertThat(prices.get(0).path("exclVat").decimalValue()).isEqualByComparingTo("0.3600");
                assertThat(prices.get(0).path("inclVat").decimalValue()).isEqualByComparingTo("0.4356");
                assertThat(prices.get(1).path("dimension").asText()).isEqualTo("FLAT");
                assertThat(prices.get(1).path("exclVat").decimalValue()).isEqualByComparingTo("1.2000");

                // Start: driver API -> OCPI START_SESSION -> OCPP RemoteStartTransaction with the app token.
                cp.answer("RemoteStartTransaction", req -> Map.of("status", "Accepted"));
                cp.answer("RemoteStopTransaction", req -> Map.of("status", "Accepted"));
                var start = call(stack, "POST", api + "/sessions", bearer, Map.of("cpoCountryCode",
                        stack.ocpi().config().countryCode(), "cpoPartyId", stack.ocpi().config().partyId(),
                        "locationId", cp1, "evseUid", cp1 + "-1"));
                assertThat(start.status()).as(start.json().toString()).isEqualTo(202);
                assertThat(start.json().path("tokenUid").asText()).isEqualTo(tokenUid);
                String startId = start.json().path("commandId").asText();
                await().atMost(Duration.ofSeconds(15)).until(() -> "ACCEPTED".equals(
                        call(stack, "GET", api + "/commands/" + startId, bearer, null).json().path("result").asText()));
                JsonNode remoteStart = cp.receivedCalls.stream()
                        .filter(f -> f.get(2).asText().equals("RemoteStartTransaction")).findFirst().orElseThrow();
                assertThat(remoteStart.get(3).path("idTag").asText()).isEqualTo(tokenUid);

                // The charger does what it was told: starts, then reports 4 kWh.
                Instant startedAt = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
                int txId = cp.call("StartTransaction", Map.of("connectorId", 1, "idTag", tokenUid, "meterStart", 0,
                        "timestamp", startedAt.toString())).path("transactionId").asInt();
                String sessionId = Integer.toString(txId);
                cp.call("MeterValues", Map.of("connectorId", 1, "transactionId", txId, "meterValue", List.of(Map.of(
                        "timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), "sampledValue", List.of(Map.of(
                                "value", "4000", "measurand", "Energy.Active.Import.Register", "unit", "Wh"))))));

                // Live: 4 kWh; the CPO's cost so far under its tariff 4 x 0.30 + 1.00 = 2.20 (the CPO's Session says so;
                // were it silent, our estimate under the same tariff); the driver's is 2.20 x 1.20 = 2.64 excl. VAT,
                // + 0.5544 -> 0.55 VAT = 3.19 incl.
                await().atMost(Duration.ofSeconds(15)).until(() -> {
                    JsonNode live = call(stack, "GET", api + "/sessions/live", bearer, null).json();
                    return live.size() == 1 && live.get(0).path("kwh").decimalValue().compareTo(new BigDecimal("4")) == 0
                            && live.get(0).path("driverCost").isObject();
                });
                JsonNode live = call(stack, "GET", api + "/sessions/live", bearer, null).json().get(0);
                assertThat(live.path("id").asText()).isEqualTo(sessionId);
                assertThat(live.path("cpoCostExclVat").decimalValue()).isEqualByComparingTo("2.20");
                assertThat(live.path("driverCost").path("exclVat").decimalValue()).isEqualByComparingTo("2.64");
                assertThat(live.path("driverCost").path("vat").decimalValue()).isEqualByComparingTo("0.55");
                assertThat(live.path("driverCost").path("inclVat").decimalValue()).isEqualByComparingTo("3.19");

                // Stop: driver API -> OCPI STOP_SESSION -> OCPP RemoteStopTransaction; the charger stops at 7.5 kWh.
                var stop = call(stack, "POST", api + "/sessions/" + sessionId + "/stop", bearer, null);
                assertThat(stop.status()).isEqualTo(202);
                String stopId = stop.json().path("commandId").asText();
                await().atMost(Duration.ofSeconds(15)).until(() -> "ACCEPTED".equals(
                        call(stack, "GET", api + "/commands/" + stopId, bearer, null).json().path("result").asText()));
                assertThat(cp.receivedCalls.stream().anyMatch(f -> f.get(2).asText().equals("RemoteStopTransaction")
                        && f.get(3).path("transactionId").asInt() == txId)).isTrue();
                Instant stoppedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                cp.call("StopTransaction", Map.of("transactionId", txId, "meterStop", 7500, "timestamp", stoppedAt.toString(),
                        "reason", "Remote"));
                cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));

                // History: the CDR replaces the session.
                String cdrId = "CDR-" + txId;
                await().atMost(Duration.ofSeconds(30)).until(() -> cdrId.equals(
                        call(stack, "GET", api + "/sessions", bearer, null).json().path("items").path(0).path("id").asText()));
                JsonNode done = call(stack, "GET", api + "/sessions", bearer, null).json();
                assertThat(done.path("total").asInt()).isEqualTo(1);
                JsonNode cdr = done.path("items").get(0);
                assertThat(cdr.path("kind").asText()).isEqualTo("CDR");
                assertThat(cdr.path("kwh").decimalValue()).isEqualByComparingTo("7.5");
                // The CPO's CDR: 7.5 kWh billed as 8 started kWh x 0.30 = 2.40, + 1.00 = 3.40 excl. VAT.
                assertThat(cdr.path("cpoCostExclVat").decimalValue()).isEqualByComparingTo("3.40");
                assertThat(call(stack, "GET", api + "/sessions/live", bearer, null).json()).isEmpty();

                // Support bills the month the session ended in.
                String month = YearMonth.from(stoppedAt.atZone(ZoneId.of("Europe/Amsterdam"))).toString();
                String support = login(stack, api, SUPPORT_EMAIL, SUPPORT_PASSWORD);
                assertThat(call(stack, "POST", v1 + "/billing/runs", bearer, Map.of("month", month)).status())
                        .as("only support bills").isEqualTo(403);
                var run = call(stack, "POST", v1 + "/billing/runs", support, Map.of("month", month));
                assertThat(run.status()).as(run.json().toString()).isEqualTo(200);

                JsonNode mine = call(stack, "GET", v1 + "/invoices?month=" + month, bearer, null).json();
                assertThat(mine).hasSize(1);
                String number = mine.get(0).path("number").asText();
                assertThat(run.json().path("issued").toString()).contains(number);
                JsonNode invoice = call(stack, "GET", v1 + "/invoices/" + number, bearer, null).json();
                JsonNode lines = invoice.path("lines");
                assertThat(lines).hasSize(1);
                JsonNode line = lines.get(0);
                assertThat(line.path("kind").asText()).isEqualTo("CHARGE");
                assertThat(line.path("cdrId").asText()).isEqualTo(cdrId);
                assertThat(line.path("tokenUid").asText()).isEqualTo(tokenUid);
                // Pay-as-you-go on the CPO's CDR: 3.40 x 1.20 = 4.08 excl. VAT; 21 % VAT 0.8568 -> 0.86; 4.94 incl.
                assertThat(line.path("amountExclVat").decimalValue()).isEqualByComparingTo("4.08");
                BigDecimal sumExcl = BigDecimal.ZERO;
                BigDecimal sumIncl = BigDecimal.ZERO;
                for (JsonNode l : lines) {
                    sumExcl = sumExcl.add(l.path("amountExclVat").decimalValue());
                    sumIncl = sumIncl.add(l.path("amountInclVat").decimalValue());
                }
                assertThat(invoice.path("totalExclVat").decimalValue()).isEqualByComparingTo(sumExcl);
                assertThat(invoice.path("totalInclVat").decimalValue()).isEqualByComparingTo(sumIncl)
                        .isEqualByComparingTo("4.94");
                assertThat(invoice.path("totalVat").decimalValue()).isEqualByComparingTo("0.86");

                var pdf = download(v1 + "/invoices/" + number + "/pdf", bearer);
                assertThat(pdf.statusCode()).isEqualTo(200);
                assertThat(pdf.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
                assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
                var csv = download(v1 + "/invoices/" + number + "/csv", bearer);
                assertThat(csv.statusCode()).isEqualTo(200);
                String csvText = new String(csv.body(), StandardCharsets.UTF_8);
                assertThat(csvText).contains(cdrId).contains("4.08").contains("TOTAL").contains("4.94");

                // The invoice routes are in the eMSP's API document, not in the operator API's.
                assertThat(call(stack, "GET", "http://localhost:" + stack.emspServer().port() + "/openapi.json", null, null)
                        .json().path("paths").has("/api/v1/invoices/{number}/pdf")).isTrue();
                assertThat(call(stack, "GET", "http://localhost:" + stack.httpPort() + "/openapi.json", null, null)
                        .json().path("paths").has("/api/v1/invoices")).isFalse();

                // Another driver sees nothing of it.
                String otherEmail = "other-" + System.nanoTime() + "@example.com";
                call(stack, "POST", api + "/signup", null, Map.of("email", otherEmail, "name", "Other",
                        "password", "correct horse battery"));
                String other = login(stack, api, otherEmail, "correct horse battery");
                assertThat(call(stack, "GET", v1 + "/invoices/" + number, other, null).status()).isEqualTo(404);
                assertThat(download(v1 + "/invoices/" + number + "/pdf", other).statusCode()).isEqualTo(404);
            }
        }
    }

    /** Support registers the eMSP with a CPO by API (here our own CPO again, with a fresh token A). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void supportRegistersWithACpoByApi(Database db) throws Exception {
        try (Stack stack = start(db)) {
            String v1 = "http://localhost:" + stack.emspServer().port() + "/api/v1";
            String cpos = v1 + "/roaming/cpos";
            String support = login(stack, v1 + "/driver", SUPPORT_EMAIL, SUPPORT_PASSWORD);
            String email = "roamer-" + System.nanoTime() + "@example.com";
            assertThat(call(stack, "POST", v1 + "/driver/signup", null, Map.of("email", email, "name", "Roaming Driver",
                    "password", "correct horse battery")).status()).isEqualTo(201);
            String driver = login(stack, v1 + "/driver", email, "correct horse battery");
            String versions = stack.ocpi().config().versionsUrl();

            assertThat(call(stack, "POST", cpos, driver, Map.of("name", "x", "versionsUrl", versions, "tokenA", "t"))
                    .status()).as("support only").isEqualTo(403);
            assertThat(call(stack, "POST", cpos, support, Map.of("name", "x", "versionsUrl", "ftp://nowhere", "tokenA", "t"))
                    .status()).isEqualTo(400);
            var unreachable = call(stack, "POST", cpos, support, Map.of("name", "gone", "versionsUrl",
                    "http://127.0.0.1:9/ocpi/versions", "tokenA", "t"));
            assertThat(unreachable.status()).isEqualTo(502);
            assertThat(unreachable.json().path("error").asText()).doesNotContain("\"t\"");

            var registered = call(stack, "POST", cpos, support, Map.of("name", "partner CPO", "versionsUrl", versions,
                    "tokenA", stack.ocpi().issueTokenA("partner test")));
            assertThat(registered.status()).as(registered.json().toString()).isEqualTo(201);
            assertThat(registered.json().path("status").asText()).isEqualTo("REGISTERED");
            assertThat(registered.json().path("partyId").asText()).isNotBlank();
            JsonNode all = call(stack, "GET", cpos, support, null).json();
            // the same CPO as the start-up registration: the new one supersedes it, and no token is shown
            assertThat(all).hasSize(1);
            assertThat(all.get(0).path("name").asText()).isEqualTo("partner CPO");
            assertThat(all.toString()).doesNotContain("token");
        }
    }

    /** The test stack with a first SUPPORT account, as STACK_EMSP_SUPPORT_EMAIL / _PASSWORD configure it. */
    private static Stack start(Database db) {
        return new Stack(TestStacks.config(UnknownChargerPolicy.ACCEPT, Map.of("STACK_EMSP_SUPPORT_EMAIL", SUPPORT_EMAIL,
                "STACK_EMSP_SUPPORT_PASSWORD", SUPPORT_PASSWORD)), Clock.systemUTC(), db)
                .start();
    }

    private static String login(Stack stack, String api, String email, String password) throws Exception {
        var login = call(stack, "POST", api + "/login", null, Map.of("email", email, "password", password));
        assertThat(login.status()).as(login.json().toString()).isEqualTo(200);
        return "Bearer " + login.json().path("token").asText();
    }

    /** The connector of the EVSE with this uid in the charger search, or a missing node. */
    private static JsonNode connector(Stack stack, String url, String bearer, String evseUid) throws Exception {
        for (JsonNode c : call(stack, "GET", url, bearer, null).json()) {
            for (JsonNode evse : c.path("evses")) {
                if (evseUid.equals(evse.path("uid").asText())) {
                    return evse.path("connectors").path(0);
                }
            }
        }
        return MissingNode.getInstance();
    }

    private static HttpResponse<byte[]> download(String url, String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", bearer).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static OcpiBridgeEndToEndTest.Res call(Stack stack, String method, String url, String authorization, Object body)
            throws Exception {
        return OcpiBridgeEndToEndTest.call(stack, method, url, authorization, body);
    }
}
