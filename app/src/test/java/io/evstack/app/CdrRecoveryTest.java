package io.evstack.app;

import static io.evstack.db.generated.Tables.OCPI_CDR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evstack.csms.chargepoint.BootInfo;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.event.EventPublisher;
import io.evstack.csms.transaction.TransactionService;
import io.evstack.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Events are delivered from memory, so a crash between a stop's commit and the OCPI bridge handling its
 * event loses the event; the CDR must not be lost with it. A transaction stopped without any event (as
 * if the process died right after the commit) gets its CDR when the stack starts again.
 */
class CdrRecoveryTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aStopWhoseEventWasLostGetsItsCdrAtTheNextStart(Database db) throws Exception {
        long transactionId;
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT)) {
            stack.authorization().create("RECOVER-TAG", null, null, false, 0, "card");
            stack.chargePoints().boot("RECOVER-CP", "ocpp1.6", BootInfo.UNKNOWN);
            // The same service the stack uses, but its events go nowhere: the stop is committed, its event lost.
            var lostEvents = new TransactionService(db.dsl(), Clock.systemUTC(), EventPublisher.NONE, stack.authorization());
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(900);
            transactionId = lostEvents.start("RECOVER-CP", 1, "RECOVER-TAG", 10_000, t0, null).transactionId();
            lostEvents.stop("RECOVER-CP", transactionId, "RECOVER-TAG", 17_500, t0.plusSeconds(600), "Local", List.of());
            assertThat(stack.events().drain(Duration.ofSeconds(10))).isTrue();
            assertThat(db.dsl().fetchCount(OCPI_CDR, OCPI_CDR.TRANSACTION_ID.eq(transactionId))).isZero();
        }
        try (Stack restarted = TestStacks.start(db, UnknownChargerPolicy.ACCEPT)) {
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    db.dsl().fetchCount(OCPI_CDR, OCPI_CDR.TRANSACTION_ID.eq(transactionId)) == 1);
            var cdr = new ObjectMapper().readTree(db.dsl().fetchOne(OCPI_CDR, OCPI_CDR.TRANSACTION_ID.eq(transactionId)).getBody());
            assertThat(cdr.path("total_energy").decimalValue()).isEqualByComparingTo("7.5");
        }
    }
}
