package io.evstack.app;

import static io.evstack.app.OcpiBridgeEndToEndTest.admin;
import static io.evstack.app.OcpiBridgeEndToEndTest.call;
import static io.evstack.app.OcpiBridgeEndToEndTest.token;
import static io.evstack.db.generated.Tables.EMSP_ACCOUNT;
import static io.evstack.db.generated.Tables.EMSP_CDR_PRICE;
import static io.evstack.db.generated.Tables.EMSP_OCPI_OBJECT;
import static io.evstack.db.generated.Tables.EMSP_PLAN;
import static io.evstack.db.generated.Tables.EMSP_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.db.Database;
import io.evstack.emsp.ocpi.CommandStatus;
import io.evstack.emsp.ocpi.OcpiChargingCommands;
import io.evstack.ocpi.credentials.PartyRepository;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The eMSP's OCPI Sender side against the stack's own CPO, over real HTTP: the CPO authorizes a token
 * it was never sent through our real-time authorize endpoint while a 1.6 charger asks OCPP Authorize;
 * the tokens list pages with the OCPI pagination headers; START_SESSION and STOP_SESSION sent by the
 * eMSP become RemoteStart/RemoteStopTransaction at the charger and come back as CommandResults; pull
 * synchronisation restores locations and CDRs whose pushes the eMSP missed.
 */
class EmspOcpiSenderEndToEndTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void theCpoAuthorizesOurUnpushedTokensInRealTime(Database db) throws Exception {
        try (Stack stack = OcpiBridgeEndToEndTest.start(db)) {
            DSLContext dsl = stack.database().dsl();
            long account = account(dsl, "rt@example.com");
            insertToken(dsl, account, "RT-ACTIVE", "NL-EVS-C00000001-A", "ACTIVE", null);
            insertToken(dsl, account, "RT-BLOCKED", "NL-EVS-C00000002-B", "BLOCKED", null);
            insertToken(dsl, account, "RT-LAPSED", "NL-EVS-C00000003-C", "ACTIVE", Instant.now().minus(1, ChronoUnit.DAYS));
            try (TestCharger cp = TestCharger.connect(stack.ocppPort(), "EOCPI-RT", null)) {
                cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
                assertThat(status(cp, "RT-ACTIVE")).isEqualTo("Accepted");
                assertThat(status(cp, "RT-BLOCKED")).isEqualTo("Blocked");
                assertThat(status(cp, "RT-LAPSED")).isEqualTo("Expired");
                assertThat(status(cp, "RT-NOBODY")).as("unknown to every eMSP").isEqualTo("Invalid");
            }

            // The endpoint itself, as the CPO calls it (with the token the eMSP gave it, token B).
            String tokenB = emspTokenB(stack);
            String tokens = tokensUrl(stack);
            var allowed = call(stack, "POST", tokens + "/RT-ACTIVE/authorize?type=RFID", token(tokenB),
                    Map.of("location_id", "LOC-1", "evse_uids", List.of("LOC-1-1")));
            assertThat(allowed.code()).isEqualTo(1000);
            JsonNode info = allowed.json().path("data");
            assertThat(info.path("allowed").asText()).isEqualTo("ALLOWED");
            assertThat(info.path("token").path("contract_id").asText()).isEqualTo("NL-EVS-C00000001-A");
            assertThat(info.path("token").path("country_code").asText()).isEqualTo("NL");
            assertThat(info.path("token").path("valid").asBoolean()).isTrue();
            assertThat(info.path("authorization_reference").asText()).isNotBlank();
            assertThat(info.path("location").path("location_id").asText()).isEqualTo("LOC-1");
            var blocked = call(stack, "POST", tokens + "/RT-BLOCKED/authorize", token(tokenB), null);
            assertThat(blocked.json().path("data").path("allowed").asText()).isEqualTo("BLOCKED");
            assertThat(blocked.json().path("data").has("authorization_reference")).isFalse();
            var unknown = call(stack, "POST", tokens + "/RT-NOBODY/authorize", token(tokenB), null);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.code()).as("Unknown Token").isEqualTo(2004);
            assertThat(unknown.json().has("data")).isFalse();
            assertThat(call(stack, "POST", tokens + "/RT-ACTIVE/authorize?type=APP_USER", token(tokenB), null).status())
                    .as("uid and type identify a token").isEqualTo(404);
            assertThat(call(stack, "POST", tokens + "/RT-ACTIVE/authorize?type=CARD", token(tokenB), null).status())
                    .isEqualTo(400);
            assertThat(call(stack, "POST", tokens + "/RT-ACTIVE/authorize", token(tokenB), "{nope").status()).isEqualTo(400);
            assertThat(call(stack, "POST", tokens + "/RT-ACTIVE/authorize", token("not-a-token"), null).status()).isEqualTo(401);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void theTokensListPagesWithTheOcpiHeaders(Database db) throws Exception {
        try (Stack stack = OcpiBridgeEndToEndTest.start(db)) {
            DSLContext dsl = stack.database().dsl();
            long account = account(dsl, "list@example.com");
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < 5; i++) {
                insertToken(dsl, account, "LIST-" + i, "NL-EVS-C1000000" + i + "-X", "ACTIVE", null);
                dsl.update(EMSP_TOKEN).set(EMSP_TOKEN.LAST_UPDATED, t0.plus(i, ChronoUnit.HOURS))
                        .where(EMSP_TOKEN.UID.eq("LIST-" + i)).execute();
            }
            String tokenB = emspTokenB(stack);
            String url = tokensUrl(stack);

            var first = call(stack, "GET", url + "?limit=2", token(tokenB), null);
            assertThat(first.code()).isEqualTo(1000);
            assertThat(first.raw().headers().firstValue("X-Total-Count")).contains("5");
            assertThat(first.raw().headers().firstValue("X-Limit")).contains("2");
            assertThat(first.json().path("data").findValuesAsText("uid")).containsExactly("LIST-0", "LIST-1");
            JsonNode tok = first.json().path("data").get(0);
            assertThat(tok.path("party_id").asText()).isEqualTo("EVS");
            assertThat(tok.path("type").asText()).isEqualTo("RFID");
            assertThat(tok.path("whitelist").asText()).isEqualTo("ALLOWED");
            assertThat(tok.path("last_updated").asText()).isEqualTo("2026-01-01T00:00:00Z");

            // Following the Link headers walks the whole list once, in order; the last page has no Link.
            List<String> uids = new ArrayList<>();
            String next = url + "?limit=2";
            int pages = 0;
            while (next != null) {
                var page = call(stack, "GET", next, token(tokenB), null);
                uids.addAll(page.json().path("data").findValuesAsText("uid"));
                next = page.raw().headers().firstValue("Link")
                        .map(l -> l.replaceAll("^<([^>]+)>; rel=\"next\"$", "$1")).orElse(null);
                pages++;
            }
            assertThat(pages).isEqualTo(3);
            assertThat(uids).containsExactly("LIST-0", "LIST-1", "LIST-2", "LIST-3", "LIST-4");

            // date_from inclusive, date_to exclusive; the next link keeps the filters.
            var window = call(stack, "GET", url + "?date_from=2026-01-01T01:00:00Z&date_to=2026-01-01T04:00:00Z&limit=1",
                    token(tokenB), null);
            assertThat(window.raw().headers().firstValue("X-Total-Count")).contains("3");
            assertThat(window.json().path("data").findValuesAsText("uid")).containsExactly("LIST-1");
            assertThat(window.raw().headers().firstValue("Link").orElseThrow())
                    .contains("offset=1", "limit=1", "date_from=2026-01-01T01%3A00%3A00Z", "date_to=2026-01-01T04%3A00%3A00Z")
                    .endsWith("; rel=\"next\"");
            var last = call(stack, "GET", url + "?offset=4", token(tokenB), null);
            assertThat(last.json().path("data").findValuesAsText("uid")).containsExactly("LIST-4");
            assertThat(last.raw().headers().firstValue("Link")).isEmpty();
            assertThat(call(stack, "GET", url + "?limit=1000", token(tokenB), null).raw().headers().firstValue("X-Limit"))
                    .as("capped at our maximum").contains("100");

            var bad = call(stack, "GET", url + "?date_from=yesterday", token(tokenB), null);
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.code()).isEqualTo(2001);
            assertThat(call(stack, "GET", url + "?offset=-1", token(tokenB), null).status()).isEqualTo(400);

            // Our version details list tokens as SENDER (which the CPO's real-time authorization looks for).
            var details = call(stack, "GET", stack.emsp().versionsUrl().replace("/versions", "/2.2.1"), token(tokenB), null);
            List<String> endpoints = new ArrayList<>();
            details.json().path("data").path("endpoints")
                    .forEach(e -> endpoints.add(e.path("identifier").asText() + " " + e.path("role").asText()));
            assertThat(endpoints).contains("tokens SENDER", "commands SENDER", "cdrs RECEIVER");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void startAndStopSessionReachTheChargerAndTheirResultsComeBack(Database db) throws Exception {
        try (Stack stack = OcpiBridgeEndToEndTest.start(db)) {
            DSLContext dsl = stack.database().dsl();
            long account = account(dsl, "cmd@example.com");
            insertToken(dsl, account, "CMD-TAG", "NL-EVS-C20000001-Z", "ACTIVE", null);
            insertToken(dsl, account, "CMD-BLOCKED", "NL-EVS-C20000002-Z", "BLOCKED", null);
            // pushed, so the CPO's session names us as its owner (needed for STOP_SESSION, section 13.3.6)
            stack.emsp().pushToken("CMD-TAG", "NL-EVS-C20000001-Z");
            String cpoCountry = stack.ocpi().config().countryCode();
            String cpoParty = stack.ocpi().config().partyId();
            OcpiChargingCommands commands = stack.emsp().chargingCommands();
            try (TestCharger cp = TestCharger.connect(stack.ocppPort(), "EOCPI-CMD", null)) {
                cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
                cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
                await().atMost(Duration.ofSeconds(15)).until(() -> object(dsl, "locations", "EOCPI-CMD") != null);
                cp.answer("RemoteStartTransaction", req -> Map.of("status", "Accepted"));
                cp.answer("RemoteStopTransaction", req -> Map.of("status", "Accepted"));

                String start = commands.startSession("CMD-TAG", null, cpoCountry, cpoParty, "EOCPI-CMD", "EOCPI-CMD-1", "1");
                assertThat(commands.awaitResult(start).get(15, TimeUnit.SECONDS)).isEqualTo(CommandStatus.ACCEPTED);
                assertThat(commands.result(start)).isEqualTo(CommandStatus.ACCEPTED);
                JsonNode remoteStart = cp.receivedCalls.stream().filter(f -> f.get(2).asText().equals("RemoteStartTransaction"))
                        .findFirst().orElseThrow();
                assertThat(remoteStart.get(3).path("idTag").asText()).isEqualTo("CMD-TAG");
                assertThat(remoteStart.get(3).path("connectorId").asInt()).isEqualTo(1);

                // the charger starts; the CPO's session reaches the eMSP; the driver stops it through the eMSP
                var started = cp.call("StartTransaction", Map.of("connectorId", 1, "idTag", "CMD-TAG", "meterStart", 0,
                        "timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
                String sessionId = Integer.toString(started.path("transactionId").asInt());
                await().atMost(Duration.ofSeconds(15)).until(() -> object(dsl, "sessions", sessionId) != null);
                assertThat(object(dsl, "sessions", sessionId).path("auth_method").asText()).isEqualTo("COMMAND");
                String stop = commands.stopSession(sessionId);
                assertThat(commands.awaitResult(stop).get(15, TimeUnit.SECONDS)).isEqualTo(CommandStatus.ACCEPTED);
                JsonNode remoteStop = cp.receivedCalls.stream().filter(f -> f.get(2).asText().equals("RemoteStopTransaction"))
                        .findFirst().orElseThrow();
                assertThat(remoteStop.get(3).path("transactionId").asText()).isEqualTo(sessionId);

                // refusals: the CPO does not know the location (an OCPI error answer), nor the session
                String nowhere = commands.startSession("CMD-TAG", null, cpoCountry, cpoParty, "NO-SUCH-LOCATION", null, null);
                assertThat(commands.result(nowhere)).isEqualTo(CommandStatus.REJECTED);
                assertThat(commands.awaitResult(nowhere).get(5, TimeUnit.SECONDS)).isEqualTo(CommandStatus.REJECTED);
                // the charger says no: the CPO accepted the command, the CommandResult is REJECTED
                cp.answer("RemoteStartTransaction", req -> Map.of("status", "Rejected"));
                String refused = commands.startSession(null, "NL-EVS-C20000001-Z", cpoCountry, cpoParty, "EOCPI-CMD",
                        "EOCPI-CMD-1", null);
                assertThat(commands.awaitResult(refused).get(15, TimeUnit.SECONDS)).isEqualTo(CommandStatus.REJECTED);
            }
            assertThatThrownBy(() -> commands.startSession("CMD-BLOCKED", null, cpoCountry, cpoParty, "EOCPI-CMD", null, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not active");
            assertThatThrownBy(() -> commands.startSession("NO-TAG", null, cpoCountry, cpoParty, "EOCPI-CMD", null, null))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> commands.startSession("CMD-TAG", null, "XX", "NOP", "EOCPI-CMD", null, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No registered CPO");
            assertThatThrownBy(() -> commands.stopSession("424242")).isInstanceOf(IllegalArgumentException.class);

            // A CommandResult for a command we never sent is refused.
            var stray = postAsCpo(stack, stack.emsp().versionsUrl().replace("/versions", "/2.2.1/commands/START_SESSION/nope"),
                    emspTokenB(stack), Map.of("result", "ACCEPTED"));
            assertThat(stray.status()).isEqualTo(404);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void pullSyncRestoresLocationsAndCdrsWhosePushesWereMissed(Database db) throws Exception {
        try (Stack stack = OcpiBridgeEndToEndTest.start(db)) {
            DSLContext dsl = stack.database().dsl();
            var tariff = Map.of("currency", "EUR", "elements", List.of(Map.of("price_components", List.of(
                    Map.of("type", "ENERGY", "price", 0.30, "vat", 20.0, "step_size", 1000),
                    Map.of("type", "FLAT", "price", 1.00, "step_size", 1)))));
            try (TestCharger cp = TestCharger.connect(stack.ocppPort(), "EOCPI-PULL", null)) {
                cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
                cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
                assertThat(call(stack, "PUT", "/ocpi/admin/tariffs/T-PULL", admin(), tariff).code()).isEqualTo(1000);
                assertThat(call(stack, "PUT", "/ocpi/admin/connectors/EOCPI-PULL/1", admin(), Map.of("tariff_id", "T-PULL"))
                        .code()).isEqualTo(1000);
                stack.emsp().pushToken("PULL-TAG", "NL-EVS-C30000001-P");
                Instant t0 = Instant.now().minus(40, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
                int txId = cp.call("StartTransaction", Map.of("connectorId", 1, "idTag", "PULL-TAG", "meterStart", 1000,
                        "timestamp", t0.toString())).path("transactionId").asInt();
                cp.call("StopTransaction", Map.of("transactionId", txId, "meterStop", 8500,
                        "timestamp", t0.plus(35, ChronoUnit.MINUTES).toString(), "reason", "EVDisconnected"));
                String cdrId = "CDR-" + txId;
                await().atMost(Duration.ofSeconds(30)).until(() -> stack.emsp().pricedCdr(cdrId).isPresent());

                // What the pushes brought is lost (an eMSP restored from an old backup, say).
                dsl.deleteFrom(EMSP_CDR_PRICE).execute();
                dsl.deleteFrom(EMSP_OCPI_OBJECT).where(EMSP_OCPI_OBJECT.MODULE.in("locations", "cdrs", "tariffs", "sessions"))
                        .execute();
                assertThat(stack.emsp().pricedCdr(cdrId)).isEmpty();

                var outcomes = stack.emsp().pullSync().syncAll();
                assertThat(outcomes).hasSize(1);
                assertThat(outcomes.get(0).failed()).isEmpty();
                assertThat(outcomes.get(0).stored()).containsKeys("tariffs", "locations", "sessions", "cdrs");
                assertThat(object(dsl, "locations", "EOCPI-PULL").path("evses").get(0).path("uid").asText())
                        .isEqualTo("EOCPI-PULL-1");
                assertThat(object(dsl, "cdrs", cdrId).path("total_energy").asDouble()).isEqualTo(7.5);
                assertThat(object(dsl, "sessions", Integer.toString(txId)).path("status").asText()).isEqualTo("COMPLETED");
                // priced through the same path as a pushed CDR: 8 x 0.30 + 1.00 = 3.40 excl. VAT, 3.88 incl.
                var priced = stack.emsp().pricedCdr(cdrId).orElseThrow();
                assertThat(priced.exclVat()).isEqualByComparingTo(new BigDecimal("3.40"));
                assertThat(priced.inclVat()).isEqualByComparingTo(new BigDecimal("3.88"));
                assertThat(priced.mismatch()).isFalse();

                // The next pass asks only for what changed since the last one completed.
                var again = stack.emsp().pullSync().syncAll().get(0);
                assertThat(again.stored().get("cdrs")).isZero();
                assertThat(again.stored().get("locations")).isZero();
            }
        }
    }

    private static String status(TestCharger cp, String idTag) throws Exception {
        return cp.call("Authorize", Map.of("idTag", idTag)).path("idTagInfo").path("status").asText();
    }

    /** The token our eMSP gave the CPO at registration (token B): what the CPO presents when it calls us. */
    private static String emspTokenB(Stack stack) {
        return new PartyRepository(stack.database().dsl()).registered().stream()
                .filter(p -> p.hasRole("EMSP")).findFirst().orElseThrow().outgoingToken();
    }

    private static String tokensUrl(Stack stack) {
        return stack.emsp().versionsUrl().replace("/versions", "/2.2.1/tokens");
    }

    private static OcpiBridgeEndToEndTest.Res postAsCpo(Stack stack, String url, String tokenB, Object body) throws Exception {
        return OcpiBridgeEndToEndTest.call(stack, "POST", url, token(tokenB), body);
    }

    private static long account(DSLContext dsl, String email) {
        Instant now = Instant.now();
        long plan = dsl.insertInto(EMSP_PLAN).set(EMSP_PLAN.CODE, "PAYG-" + email).set(EMSP_PLAN.NAME, "Pay as you go")
                .set(EMSP_PLAN.KIND, "PAY_AS_YOU_GO").set(EMSP_PLAN.CURRENCY, "EUR").set(EMSP_PLAN.MARKUP_PERCENT, new BigDecimal("20"))
                .set(EMSP_PLAN.VAT_PERCENT, new BigDecimal("20")).set(EMSP_PLAN.ACTIVE, true).set(EMSP_PLAN.CREATED_AT, now)
                .returningResult(EMSP_PLAN.PK).fetchOne().value1();
        return dsl.insertInto(EMSP_ACCOUNT).set(EMSP_ACCOUNT.EMAIL, email).set(EMSP_ACCOUNT.NAME, "Driver")
                .set(EMSP_ACCOUNT.PASSWORD_HASH, "-").set(EMSP_ACCOUNT.ROLE, "DRIVER").set(EMSP_ACCOUNT.PLAN_PK, plan)
                .set(EMSP_ACCOUNT.STATUS, "ACTIVE").set(EMSP_ACCOUNT.CREATED_AT, now)
                .returningResult(EMSP_ACCOUNT.PK).fetchOne().value1();
    }

    private static void insertToken(DSLContext dsl, long account, String uid, String contractId, String status, Instant expiresAt) {
        dsl.insertInto(EMSP_TOKEN).set(EMSP_TOKEN.UID, uid).set(EMSP_TOKEN.TYPE, "RFID").set(EMSP_TOKEN.CONTRACT_ID, contractId)
                .set(EMSP_TOKEN.ACCOUNT_PK, account).set(EMSP_TOKEN.WHITELIST, "ALLOWED").set(EMSP_TOKEN.STATUS, status)
                .set(EMSP_TOKEN.EXPIRES_AT, expiresAt).set(EMSP_TOKEN.LAST_UPDATED, Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .execute();
    }

    /** An object the eMSP holds from a CPO, by module and id; null if none. */
    private static JsonNode object(DSLContext dsl, String module, String id) throws Exception {
        String body = dsl.select(EMSP_OCPI_OBJECT.BODY).from(EMSP_OCPI_OBJECT)
                .where(EMSP_OCPI_OBJECT.MODULE.eq(module), EMSP_OCPI_OBJECT.OBJECT_ID.eq(id)).fetchOne(EMSP_OCPI_OBJECT.BODY);
        return body == null ? null : OcpiBridgeEndToEndTest.JSON.readTree(body);
    }
}
