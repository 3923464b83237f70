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
 * to a party a hub reports OFFLINE wait, untried, and go in order when it is CONNECTED again (OCPI 2.2.1
 * section 15.1); a party that unregisters (7.2.4) gets nothing more.
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
    void pushesWaitWhileAHubReportsThePartyOfflineAndEndWhenItUnregisters(Database db) throws Exception {
        try (Stack stack = OcpiCommandsEndToEndTest.start(db); TestEmsp emsp = new TestEmsp("NL", "TST");
                TestEmsp hub = new TestEmsp("NL", "HUB")) {
            // the eMSP registers before the hub, so its pushes are older than the hub's: when the hub has
            // received one, the worker has come by the eMSP's too
            String emspToken = registerAs(stack, emsp, "EMSP", "NL", "TST");
            String hubToken = registerAs(stack, hub, "HUB", "NL", "HUB");
            long emspPk = parties(stack, "NL", "TST").getFirst().path("id").asLong();

            // the hub reports the eMSP offline (section 15.1.2): two tariff changes reach the hub only
            assertThat(call(stack, "PUT", BASE + "/hubclientinfo/NL/TST", token(hubToken), clientInfo("OFFLINE")).code())
                    .isEqualTo(1000);
            putTariff(stack, "T1", "0.30");
            putTariff(stack, "T1", "0.35");
            await().atMost(Duration.ofSeconds(15)).until(() -> hub.received("PUT", "/tariffs/DE/EVS/T1").size() == 2);
            assertThat(emsp.received("PUT", "/tariffs/")).isEmpty();
            List<OcpiOutboxRecord> held = unsent(stack, emspPk);
            assertThat(held).as("held, not dropped").hasSize(2);
            assertThat(held).as("not tried while offline").allMatch(r -> r.getAttempts() == 0 && r.getLastError() == null);

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
