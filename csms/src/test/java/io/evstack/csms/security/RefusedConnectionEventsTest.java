package io.evstack.csms.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.event.EventPublisher;
import io.evstack.db.Database;
import io.evstack.db.TestClock;
import io.evstack.db.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Refused handshakes become security events of the charger, but a client guessing passwords cannot
 * fill the table: a few per minute are stored and the rest counted in the next stored one.
 */
class RefusedConnectionEventsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aGuessingStormStoresAFewEventsAMinuteAndCountsTheRest(Database db) {
        TestDatabases.reset(db);
        TestClock clock = new TestClock("2026-11-24T08:00:00Z");
        var chargePoints = new ChargePointService(db.dsl(), clock, EventPublisher.NONE, new PasswordHasher(1_000),
                UnknownChargerPolicy.REJECT, 300, 60, "node-1");
        chargePoints.register("GUESSED", null, RegistrationStatus.Accepted, 1, "the-right-password-1");
        var events = new SecurityEventService(db.dsl(), clock, chargePoints);

        for (int i = 0; i < 50; i++) {
            events.refusedConnection("GUESSED", "wrong password");
            clock.advance(Duration.ofMillis(500)); // 50 attempts in 25 s
        }
        assertThat(events.list("GUESSED")).hasSize(SecurityEventService.REFUSED_STORED_PER_MINUTE);

        clock.advance(Duration.ofMinutes(2));
        events.refusedConnection("GUESSED", "wrong password");
        var stored = events.list("GUESSED");
        assertThat(stored).hasSize(SecurityEventService.REFUSED_STORED_PER_MINUTE + 1);
        assertThat(stored.get(0).techInfo()).isEqualTo("wrong password (45 more refused handshakes not stored in the minute before)");
        assertThat(stored).allSatisfy(e -> assertThat(e.type()).isEqualTo(SecurityEventService.FAILED_TO_AUTHENTICATE));

        events.refusedConnection("NOT-REGISTERED", "unknown charger");
        assertThat(db.dsl().fetchCount(io.evstack.db.generated.Tables.SECURITY_EVENT)).isEqualTo(6);
    }
}
