package io.evstack.csms.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.csms.authorization.AuthorizationService;
import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.event.EventPublisher;
import io.evstack.csms.security.PasswordHasher;
import io.evstack.db.Database;
import io.evstack.db.TestDatabases;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A MeterValues counts for a transaction only when the transaction is the sending charger's: a reading
 * naming another charger's transaction is kept as a reading of the charger without a transaction and does
 * not move that transaction's energy, also after the transaction's own charger was remembered for it.
 */
class MeterValuesOwnershipTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void readingsNamingAnotherChargersTransactionDoNotMoveItsEnergy(Database db) {
        TestDatabases.reset(db);
        Clock clock = Clock.systemUTC();
        var chargePoints = new ChargePointService(db.dsl(), clock, EventPublisher.NONE, new PasswordHasher(1_000),
                UnknownChargerPolicy.REJECT, 300, 60, "node-1");
        chargePoints.register("OWN-1", null, RegistrationStatus.Accepted, 0, null);
        chargePoints.register("OWN-2", null, RegistrationStatus.Accepted, 0, null);
        var authorization = new AuthorizationService(db.dsl(), clock);
        var transactions = new TransactionService(db.dsl(), clock, EventPublisher.NONE, authorization);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long tx = transactions.start("OWN-1", 1, "ANY-TAG", 1_000, start, null).transactionId();

        assertThat(transactions.meterValues("OWN-1", 1, (int) tx, List.of(energy(start.plusSeconds(60), 1_500)))).isEqualTo(1);
        assertThat(transactions.get(tx).lastEnergyWh()).isEqualTo(1_500L);
        // Again, now that the transaction's charger is known without a lookup.
        transactions.meterValues("OWN-1", 1, (int) tx, List.of(energy(start.plusSeconds(120), 2_000)));
        assertThat(transactions.get(tx).lastEnergyWh()).isEqualTo(2_000L);

        // Another charger naming that transaction: stored as its own reading, the transaction untouched.
        assertThat(transactions.meterValues("OWN-2", 1, (int) tx, List.of(energy(start.plusSeconds(180), 9_999)))).isEqualTo(1);
        assertThat(transactions.get(tx).lastEnergyWh()).isEqualTo(2_000L);
        assertThat(db.dsl().fetchCount(io.evstack.db.generated.Tables.METER_VALUE,
                io.evstack.db.generated.Tables.METER_VALUE.TRANSACTION_PK.eq(tx))).isEqualTo(2);
    }

    private static MeterSample energy(Instant at, long wh) {
        return MeterSample.of(at, Long.toString(wh), null, null, null, null, null, null);
    }
}
