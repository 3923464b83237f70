package io.evstack.app;

import static io.evstack.app.OcpiBridgeEndToEndTest.admin;
import static io.evstack.app.OcpiBridgeEndToEndTest.call;
import static io.evstack.app.OcpiBridgeEndToEndTest.token;
import static io.evstack.app.OcpiCommandsEndToEndTest.BASE;
import static io.evstack.app.OcpiCommandsEndToEndTest.command;
import static io.evstack.app.OcpiCommandsEndToEndTest.with;
import static io.evstack.app.OcpiHubAndRoutingEndToEndTest.parties;
import static io.evstack.app.OcpiHubAndRoutingEndToEndTest.registerAs;
import static io.evstack.app.TestCharger.obj;
import static io.evstack.db.generated.Tables.OCPI_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evstack.app.OcpiBridgeEndToEndTest.Res;
import io.evstack.db.Database;
import io.evstack.db.generated.tables.records.OcpiOutboxRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the bridge sends other platforms goes through the outbox, over real HTTP to test platforms on
 * loopback: a CommandResult reaches an eMSP that was unreachable when the charger answered, once; pushes
 * to a party a hub reports SUSPENDED wait, untried, and go in order when it is CONNECTED again (OCPI 2.2.1
 * section 15.1.4, 15.1.1); to a party reported OFFLINE updates are not queued at all (15.1.2: it GETs to get
 * back in sync), but its CDR waits and arrives; a party that unregisters (7.2.4) gets nothing more.
 */
class OcpiOutboxDeliveryEndToEndTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aCommandResultReachesAnEmspThatWasDownWhenTheChargerAnsweredOnce(Database db) throws Exception {
        try (Stack stack = OcpiCommandsEndToEndTest.start(db); TestEmsp emsp = new TestEmsp("NL", "TST");
                TestCharger cp = TestCharger.connect(stack.ocppPort(), "RES-16", null)) {
            String tokenC = registerAs(stack, emsp, "EMSP", "NL", "TST");
            cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
            cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
            cp.answer("UnlockConnector", req -> obj().put("status", "Unlocked"));

            // a response_url longer than the URL type allows (255) is the eMSP's error, not ours
            Res tooLong = call(stack, "POST", BASE + "/commands/UNLOCK_CONNECTOR", token(tokenC), with(Map.of(
                    "location_id", "RES-16", "evse_uid", "RES-16-1", "connector_id", "1"), emsp.base + "/" + "x".repeat(250)));
            assertThat(tooLong.status()).isLessThan(500);
            assertThat(tooLong.code()).isEqualTo(2001);

            // the eMSP sends the command, then is away when the charger answers
            emsp.down = true;
            String responseUrl = emsp.base + "/2.2.1/commands/UNLOCK_CONNECTOR/7";
            var unlock = Map.<String, Object>of("location_id", "RES-16", "evse_uid", "RES-16-1", "connector_id", "1");
            assertThat(command(stack, tokenC, "UNLOCK_CONNECTOR", with(unlock, responseUrl)).path("result").asText())
                    .isEqualTo("ACCEPTED");
            await().atMost(Duration.ofSeconds(15)).until(() -> results(stack).stream().anyMatch(r -> r.getAttempts() >= 1));
            OcpiOutboxRecord waiting = results(stack).getFirst();
            assertThat(waiting.getSentAt()).as("the POST failed: kept for a retry").isNull();
            assertThat(waiting.getPath()).isEqualTo(responseUrl);
            assertThat(emsp.received("POST", "/UNLOCK_CONNECTOR/7")).isEmpty();

            // it comes back: the result arrives with the charger's answer, once
            emsp.down = false;
            assertThat(OcpiCommandsEndToEndTest.result(emsp, "/UNLOCK_CONNECTOR/7")).isEqualTo("ACCEPTED");
            TestEmsp.Received post = emsp.received("POST", "/UNLOCK_CONNECTOR/7").getFirst();
            assertThat(post.authorization()).as("with the eMSP's own token").isEqualTo(token("token-B-TST"));
            await().atMost(Duration.ofSeconds(15)).until(() -> results(stack).getFirst().getSentAt() != null);
            assertThat(results(stack)).as("one result for the command, marked sent, so never sent again").hasSize(1);
            assertThat(emsp.received("POST", "/UNLOCK_CONNECTOR/7")).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void pushesWaitWhileAHubReportsThePartySuspendedAndEndWhenItUnregisters(Database db) throws Exception {
        try (Stack stack = OcpiCommandsEndToEndTest.start(db); TestEmsp emsp = new TestEmsp("NL", "TST");
                TestEmsp hub = new TestEmsp("NL", "HUB")) {
            // the eMSP registers before the hub, so its pushes are older than the hub's: when the hub has
            // received one, the worker has come by the eMSP's too
            String emspToken = registerAs(stack, emsp, "EMSP", "NL", "TST");
            String hubToken = registerAs(stack, hub, "HUB", "NL", "HUB");
            long emspPk = parties(stack, "NL", "TST").getFirst().path("id").asLong();

            // the hub reports the eMSP suspended (section 15.1.4): two tariff changes reach the hub only
            assertThat(call(stack, "PUT", BASE + "/hubclientinfo/NL/TST", token(hubToken), clientInfo("SUSPENDED")).code())
                    .isEqualTo(1000);
            putTariff(stack, "T1", "0.30");
            putTariff(stack, "T1", "0.35");
            await().atMost(Duration.ofSeconds(15)).until(() -> hub.received("PUT", "/tariffs/DE/EVS/T1").size() == 2);
            assertThat(emsp.received("PUT", "/tariffs/")).isEmpty();
            List<OcpiOutboxRecord> held = unsent(stack, emspPk);
            assertThat(held).as("held, not dropped").hasSize(2);
            assertThat(held).as("not tried while suspended").allMatch(r -> r.getAttempts() == 0 && r.getLastError() == null);

            // CONNECTED again (15.1.1): both arrive, in the order they were made
            assertThat(call(stack, "PUT", BASE + "/hubclientinfo/NL/TST", token(hubToken), clientInfo("CONNECTED")).code())
                    .isEqualTo(1000);
            await().atMost(Duration.ofSeconds(15)).until(() -> emsp.received("PUT", "/tariffs/DE/EVS/T1").size() == 2);
            assertThat(emsp.received("PUT", "/tariffs/DE/EVS/T1").stream()
                    .map(r -> r.body().at("/elements/0/price_components/0/price").asDouble()))
                    .containsExactly(0.30, 0.35);
            await().atMost(Duration.ofSeconds(15)).until(() -> unsent(stack, emspPk).isEmpty());

            // the eMSP is away, a push to it fails; it unregisters (7.2.4): that push ends, nothing more follows
            emsp.down = true;
            putTariff(stack, "T2", "0.40");
            await().atMost(Duration.ofSeconds(15)).until(() -> unsent(stack, emspPk).stream().anyMatch(r -> r.getAttempts() >= 1));
            assertThat(call(stack, "DELETE", BASE + "/credentials", token(emspToken), null).code()).isEqualTo(1000);
            assertThat(unsent(stack, emspPk)).as("its unsent pushes ended").isEmpty();
            emsp.down = false;
            putTariff(stack, "T3", "0.50");
            await().atMost(Duration.ofSeconds(15)).until(() -> !hub.received("PUT", "/tariffs/DE/EVS/T3").isEmpty());
            assertThat(hub.received("PUT", "/tariffs/DE/EVS/T2")).hasSize(1);
            assertThat(emsp.received("PUT", "/tariffs/DE/EVS/T2")).isEmpty();
            assertThat(emsp.received("PUT", "/tariffs/DE/EVS/T3")).isEmpty();
            assertThat(unsent(stack, emspPk)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aPartyReportedOfflineGetsNoUpdatesButItsCdrWaitsForIt(Database db) throws Exception {
        try (Stack stack = OcpiCommandsEndToEndTest.start(db); TestEmsp emsp = new TestEmsp("NL", "TST");
                TestEmsp hub = new TestEmsp("NL", "HUB"); TestCharger cp = TestCharger.connect(stack.ocppPort(), "OFF-1", null)) {
            String emspToken = registerAs(stack, emsp, "EMSP", "NL", "TST");
            String hubToken = registerAs(stack, hub, "HUB", "NL", "HUB");
            long emspPk = parties(stack, "NL", "TST").getFirst().path("id").asLong();
            assertThat(call(stack, "PUT", BASE + "/tokens/NL/TST/OFF-TOK", token(emspToken),
                    OcpiCommandsEndToEndTest.tok("OFF-TOK")).status()).isEqualTo(201);
            cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
            cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
            await().atMost(Duration.ofSeconds(15)).until(() -> !emsp.received("PUT", "/locations/DE/EVS/OFF-1").isEmpty());

            // a tariff change waits for the eMSP, which is away; then the hub reports it OFFLINE: the change ends
            emsp.down = true;
            putTariff(stack, "T8", "0.30");
            await().atMost(Duration.ofSeconds(15)).until(() -> unsent(stack, emspPk).stream().anyMatch(r -> r.getAttempts() >= 1));
            assertThat(call(stack, "PUT", BASE + "/hubclientinfo/NL/TST", token(hubToken), clientInfo("OFFLINE")).code())
                    .isEqualTo(1000);
            assertThat(unsent(stack, emspPk)).as("updates queued for it end when it is OFFLINE (15.1.2)").isEmpty();
            int locationPatches = emsp.received("PATCH", "/locations/").size();
            emsp.down = false;

            // while it is OFFLINE: a tariff change, and a whole charging session with its EVSE changes
            putTariff(stack, "T9", "0.35");
            Instant t0 = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Charging", "errorCode", "NoError"));
            int txId = cp.call("StartTransaction", Map.of("connectorId", 1, "idTag", "OFF-TOK", "meterStart", 0,
                    "timestamp", t0.toString())).path("transactionId").asInt();
            cp.call("StopTransaction", Map.of("transactionId", txId, "meterStop", 3000,
                    "timestamp", t0.plus(15, ChronoUnit.MINUTES).toString(), "reason", "EVDisconnected"));
            cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
            await().atMost(Duration.ofSeconds(15)).until(() -> !hub.received("PUT", "/tariffs/DE/EVS/T9").isEmpty());
            await().atMost(Duration.ofSeconds(15)).until(() -> unsent(stack, emspPk).stream().anyMatch(r -> r.getModule().equals("cdrs")));
            List<OcpiOutboxRecord> queued = unsent(stack, emspPk);
            assertThat(queued).as("only the CDR is queued for it, untried").singleElement()
                    .satisfies(r -> assertThat(r.getModule()).isEqualTo("cdrs"))
                    .satisfies(r -> assertThat(r.getAttempts()).isZero());

            // CONNECTED again: the CDR arrives; the updates it missed it reads by GET
            assertThat(call(stack, "PUT", BASE + "/hubclientinfo/NL/TST", token(hubToken), clientInfo("CONNECTED")).code())
                    .isEqualTo(1000);
            await().atMost(Duration.ofSeconds(15)).until(() -> !emsp.received("POST", "/cdrs").isEmpty());
            assertThat(emsp.received("POST", "/cdrs")).singleElement()
                    .satisfies(r -> assertThat(r.body().path("session_id").asText()).isEqualTo(Integer.toString(txId)));
            await().atMost(Duration.ofSeconds(15)).until(() -> unsent(stack, emspPk).isEmpty());
            assertThat(emsp.received("PUT", "/tariffs/DE/EVS/T8")).isEmpty();
            assertThat(emsp.received("PUT", "/tariffs/DE/EVS/T9")).isEmpty();
            assertThat(emsp.received("PUT", "/sessions/")).isEmpty();
            assertThat(emsp.received("PATCH", "/sessions/")).isEmpty();
            assertThat(emsp.received("PATCH", "/locations/")).as("no EVSE status change while OFFLINE").hasSize(locationPatches);
            assertThat(call(stack, "GET", BASE + "/tariffs", token(emspToken), null).json().path("data").findValuesAsText("id"))
                    .contains("T9");
        }
    }

    static Map<String, Object> clientInfo(String status) {
        return Map.of("party_id", "TST", "country_code", "NL", "role", "EMSP", "status", status,
                "last_updated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    static void putTariff(Stack stack, String id, String energyPrice) throws Exception {
        var tariff = Map.of("currency", "EUR", "elements", List.of(Map.of("price_components", List.of(
                Map.of("type", "ENERGY", "price", new java.math.BigDecimal(energyPrice), "step_size", 1)))));
        assertThat(call(stack, "PUT", "/ocpi/admin/tariffs/" + id, admin(), tariff).code()).isEqualTo(1000);
    }

    /** The asynchronous results in the outbox. */
    static List<OcpiOutboxRecord> results(Stack stack) {
        return stack.database().dsl().selectFrom(OCPI_OUTBOX).where(OCPI_OUTBOX.MODULE.eq("results"))
                .orderBy(OCPI_OUTBOX.ID).fetch();
    }

    /** A party's pushes not yet delivered. */
    static List<OcpiOutboxRecord> unsent(Stack stack, long partyPk) {
        return stack.database().dsl().selectFrom(OCPI_OUTBOX).where(OCPI_OUTBOX.PARTY_PK.eq(partyPk))
                .and(OCPI_OUTBOX.SENT_AT.isNull()).orderBy(OCPI_OUTBOX.ID).fetch();
    }
}
