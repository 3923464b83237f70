package io.evstack.ocpi.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.db.TestClock;
import io.evstack.ocpi.sessions.OcpiSession;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which transaction gets a real-time authorization's reference: the token's next, where it was asked, soon after. */
class RealtimeAuthorizationsTest {
    private static final OcpiSession.CdrToken TOKEN = new OcpiSession.CdrToken("NL", "TST", "T1", "RFID", "NL-TST-T1");

    @Test
    void aReferenceGoesOnceToTheTokensNextStartAtTheChargerItWasAskedFor() {
        var given = new RealtimeAuthorizations(new TestClock("2026-01-01T10:00:00Z"));
        given.remember("T1", "LOC-A", "LOC-A-1", "ref-a", TOKEN);
        assertThat(given.take("T2", "LOC-A", "LOC-A-1")).as("another token").isEmpty();
        assertThat(given.take("T1", "LOC-B", "LOC-B-1")).as("another charger").isEmpty();
        assertThat(given.take("T1", "LOC-A", "LOC-A-1")).get().extracting(RealtimeAuthorizations.Given::authorizationReference)
                .isEqualTo("ref-a");
        assertThat(given.take("T1", "LOC-A", "LOC-A-1")).as("used once").isEmpty();
    }

    @Test
    void withoutALocationTheLatestAuthorizationOfTheTokenCounts() {
        var given = new RealtimeAuthorizations(new TestClock("2026-01-01T10:00:00Z"));
        given.remember("T1", null, null, "ref-1", TOKEN);
        given.remember("T1", null, null, "ref-2", TOKEN);
        var taken = given.take("T1", "LOC-A", "LOC-A-1").orElseThrow();
        assertThat(taken.authorizationReference()).isEqualTo("ref-2");
        assertThat(taken.token()).isEqualTo(TOKEN);
    }

    @Test
    void anAuthorizationNotUsedWithinItsTimeIsForgotten() {
        var clock = new TestClock("2026-01-01T10:00:00Z");
        var given = new RealtimeAuthorizations(clock);
        given.remember("T1", null, null, "ref-old", TOKEN);
        clock.advance(RealtimeAuthorizations.KEEP.plus(Duration.ofSeconds(1)));
        assertThat(given.take("T1", "LOC-A", "LOC-A-1")).isEmpty();
    }
}
