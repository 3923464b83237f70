package io.evstack.app;

import static io.evstack.app.OcpiBridgeEndToEndTest.admin;
import static io.evstack.app.OcpiBridgeEndToEndTest.call;
import static io.evstack.app.OcpiBridgeEndToEndTest.token;
import static io.evstack.app.OcpiCommandsEndToEndTest.BASE;
import static io.evstack.app.OcpiHubAndRoutingEndToEndTest.parties;
import static io.evstack.app.OcpiHubAndRoutingEndToEndTest.registerAs;
import static io.evstack.app.OcpiOutboxDeliveryEndToEndTest.putTariff;
import static io.evstack.db.generated.Tables.OCPI_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.app.EmspTokenExpiryEndToEndTest.ShiftedClock;
import io.evstack.app.OcpiBridgeEndToEndTest.Res;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import io.evstack.db.generated.tables.records.OcpiOutboxRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A push the receiver refuses for good (HTTP 4xx, OCPI 2xxx) is not retried without end: after
 * STACK_OCPI_OUTBOX_MAX_REFUSALS attempts it is failed, kept with its last error, listed for the operator
 * and queued again by them; a CDR is never deleted. Delivered pushes are deleted after
 * STACK_OCPI_OUTBOX_RETENTION_DAYS, unsent and failed ones never. Time moves by a clock the test controls.
 */
class OcpiOutboxFailuresEndToEndTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aRefusedCdrIsFailedAfterBoundedAttemptsRequeuedByTheOperatorAndSentRowsExpire(Database db) throws Exception {
        var clock = new ShiftedClock();
        try (Stack stack = new Stack(TestStacks.config(UnknownChargerPolicy.ACCEPT, Map.of("STACK_OCPI_OUTBOX_MAX_REFUSALS", "2",
                "STACK_OCPI_OUTBOX_RETENTION_DAYS", "7")), clock, db).start();
                TestEmsp emsp = new TestEmsp("NL", "TST"); TestCharger cp = TestCharger.connect(stack.ocppPort(), "FL-1", null)) {
            String tokenC = registerAs(stack, emsp, "EMSP", "NL", "TST");
            long emspPk = parties(stack, "NL", "TST").getFirst().path("id").asLong();
            assertThat(call(stack, "PUT", BASE + "/tokens/NL/TST/FAIL-TOK", token(tokenC),
                    OcpiCommandsEndToEndTest.tok("FAIL-TOK")).status()).isEqualTo(201);

            // the eMSP refuses whatever we push it (HTTP 400, OCPI 2001); a session ends, its CDR is refused
            emsp.refuse = new int[] {400, 2001};
            cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
            cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
            Instant t0 = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            int txId = cp.call("StartTransaction", Map.of("connectorId", 1, "idTag", "FAIL-TOK", "meterStart", 0,
                    "timestamp", t0.toString())).path("transactionId").asInt();
            cp.call("StopTransaction", Map.of("transactionId", txId, "meterStop", 2000,
                    "timestamp", t0.plus(10, ChronoUnit.MINUTES).toString(), "reason", "EVDisconnected"));

            // retried with back-off (time moved on by the clock), then failed after the second refusal
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                clock.advance(Duration.ofMinutes(1));
                return cdr(stack, emspPk).map(r -> r.getFailedAt() != null).orElse(false);
            });
            OcpiOutboxRecord failed = cdr(stack, emspPk).orElseThrow();
            assertThat(failed.getAttempts()).isEqualTo(2);
            assertThat(failed.getSentAt()).isNull();
            assertThat(failed.getLastError()).contains("400").contains("2001");
            assertThat(emsp.received("POST", "/cdrs")).hasSize(2);

            // the operator sees it, and why
            Res list = call(stack, "GET", "/ocpi/admin/outbox?state=failed", admin(), null);
            assertThat(list.code()).isEqualTo(1000);
            JsonNode row = null;
            for (JsonNode r : list.json().path("data")) {
                if (r.path("id").asLong() == failed.getId()) {
                    row = r;
                }
            }
            assertThat(row).as("the failed CDR is listed").isNotNull();
            assertThat(row.path("module").asText()).isEqualTo("cdrs");
            assertThat(row.path("state").asText()).isEqualTo("failed");
            assertThat(row.path("last_error").asText()).contains("2001");
            // bad input is the OCPI client error 2001, never a server error
            assertThat(call(stack, "GET", "/ocpi/admin/outbox?state=lost", admin(), null).code()).isEqualTo(2001);
            assertThat(call(stack, "GET", "/ocpi/admin/outbox?limit=-1", admin(), null).code()).isEqualTo(2001);
            assertThat(call(stack, "POST", "/ocpi/admin/outbox/x/retry", admin(), null).code()).isEqualTo(2001);
            assertThat(call(stack, "POST", "/ocpi/admin/outbox/999999999/retry", admin(), null).status()).isEqualTo(404);
            assertThat(call(stack, "GET", "/ocpi/admin/outbox?state=failed", null, null).status()).isEqualTo(401);

            // the eMSP is fixed; the operator queues the CDR again: it arrives, once more, and is sent
            emsp.refuse = null;
            Res retried = call(stack, "POST", "/ocpi/admin/outbox/" + failed.getId() + "/retry", admin(), null);
            assertThat(retried.code()).isEqualTo(1000);
            await().atMost(Duration.ofSeconds(15)).until(() -> cdr(stack, emspPk).orElseThrow().getSentAt() != null);
            assertThat(emsp.received("POST", "/cdrs")).hasSize(3);
            assertThat(emsp.received("POST", "/cdrs").getLast().body().path("session_id").asText())
                    .isEqualTo(Integer.toString(txId));
            assertThat(call(stack, "POST", "/ocpi/admin/outbox/" + failed.getId() + "/retry", admin(), null).status())
                    .as("no longer failed").isEqualTo(404);
            long failedLeft = count(stack, emspPk, OCPI_OUTBOX.FAILED_AT.isNotNull());
            assertThat(failedLeft).as("the session's refused pushes").isPositive();

            // a push still waiting for the eMSP, which is away
            emsp.down = true;
            putTariff(stack, "TR", "0.30");
            await().atMost(Duration.ofSeconds(15)).until(() -> count(stack, emspPk, OCPI_OUTBOX.MODULE.eq("tariffs")
                    .and(OCPI_OUTBOX.ATTEMPTS.ge(1))) == 1);

            // eight days on: delivered pushes go; failed and unsent ones stay
            clock.advance(Duration.ofDays(8));
            await().atMost(Duration.ofSeconds(15)).until(() -> count(stack, emspPk, OCPI_OUTBOX.SENT_AT.isNotNull()) == 0);
            assertThat(cdr(stack, emspPk)).as("the delivered CDR's row expired").isEmpty();
            assertThat(count(stack, emspPk, OCPI_OUTBOX.FAILED_AT.isNotNull())).isEqualTo(failedLeft);
            assertThat(count(stack, emspPk, OCPI_OUTBOX.MODULE.eq("tariffs").and(OCPI_OUTBOX.SENT_AT.isNull()))).isEqualTo(1);
        }
    }

    private static Optional<OcpiOutboxRecord> cdr(Stack stack, long partyPk) {
        return stack.database().dsl().selectFrom(OCPI_OUTBOX).where(OCPI_OUTBOX.PARTY_PK.eq(partyPk))
                .and(OCPI_OUTBOX.MODULE.eq("cdrs")).fetchOptional();
    }

    /** The pushes to a party (our own eMSP gets its own) that meet a condition. */
    private static long count(Stack stack, long partyPk, org.jooq.Condition where) {
        return stack.database().dsl().fetchCount(OCPI_OUTBOX, OCPI_OUTBOX.PARTY_PK.eq(partyPk).and(where));
    }
}
