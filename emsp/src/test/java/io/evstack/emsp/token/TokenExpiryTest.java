package io.evstack.emsp.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.db.Database;
import io.evstack.emsp.TestEmspServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A card that ends on a date is pushed to the CPOs, valid=false, when that date comes, not only when
 * someone edits it, and only once; the CPOs' incremental pull sees it as well.
 */
class TokenExpiryTest {
    private static final String CPO_TOKEN_B = "token-b-expiry-cpo";

    /** A company's fleet card, issued over the fleet API; its uid and the manager's bearer token. */
    private record Card(String uid, long company, String manager) {}

    private static Card fleetCard(TestEmspServer emsp) {
        String support = emsp.support();
        var company = emsp.call("POST", "/api/v1/fleet/companies", support, Map.of("name", "ACME",
                "manager", Map.of("email", "boss@acme.test", "name", "Boss", "password", "manager password")));
        assertThat(company.status()).isEqualTo(201);
        long id = company.body().path("id").asLong();
        String boss = emsp.login("boss@acme.test", "manager password");
        var van = emsp.call("POST", "/api/v1/fleet/companies/" + id + "/vehicles", boss, Map.of("plate", "AB-123-C"));
        var card = emsp.call("POST", "/api/v1/fleet/companies/" + id + "/cards", boss,
                Map.of("vehicleId", van.body().path("id").asLong(), "uid", "FC00000001"));
        assertThat(card.status()).isEqualTo(201);
        return new Card(card.text("uid"), id, boss);
    }

    private static TestEmspServer.Reply expireAt(TestEmspServer emsp, Card card, Instant at) {
        return emsp.call("POST", "/api/v1/fleet/companies/" + card.company() + "/cards/" + card.uid() + "/expire",
                card.manager(), Map.of("at", at.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aCardEndingOnADateIsPushedInvalidAtThatMomentAndOnce(Database db) throws Exception {
        try (var emsp = new TestEmspServer(db); var cpo = new TokenPushTest.CpoTokensReceiver()) {
            emsp.registeredCpo("Some CPO", "DE", "ABC", CPO_TOKEN_B, cpo.url());
            Card card = fleetCard(emsp);
            assertThat(cpo.bodies).hasSize(1);

            // The contract ends at 10:00; until then the card works.
            var scheduled = expireAt(emsp, card, Instant.parse("2026-11-24T10:00:00Z"));
            assertThat(scheduled.status()).isEqualTo(200);
            assertThat(scheduled.text("status")).isEqualTo("ACTIVE");
            assertThat(scheduled.body().path("valid").asBoolean()).isTrue();
            assertThat(scheduled.text("expiresAt")).isEqualTo("2026-11-24T10:00:00Z");
            int pushesBefore = cpo.bodies.size();

            emsp.clock.advance(Duration.ofMinutes(59).plusSeconds(59));
            assertThat(emsp.server.tokens().expireDue()).as("a second early: nothing ends").isZero();
            assertThat(cpo.bodies).hasSize(pushesBefore);

            emsp.clock.advance(Duration.ofSeconds(1));
            assertThat(expireAt(emsp, card, Instant.parse("2026-11-24T11:00:00Z")).status())
                    .as("a date that has come is not moved, even before the pass").isEqualTo(409);
            assertThat(emsp.server.tokens().expireDue()).isEqualTo(1);
            assertThat(cpo.bodies).hasSize(pushesBefore + 1);
            JsonNode pushed = cpo.bodies.getLast();
            assertThat(cpo.paths.getLast()).isEqualTo("PUT /ocpi/cpo/2.2.1/tokens/NL/EVS/FC00000001?type=RFID");
            assertThat(pushed.path("valid").asBoolean()).isFalse();
            assertThat(pushed.path("last_updated").asText()).isEqualTo("2026-11-24T10:00:00Z");

            emsp.clock.advance(Duration.ofMinutes(5));
            assertThat(emsp.server.tokens().expireDue()).as("ended once, pushed once").isZero();
            assertThat(cpo.bodies).hasSize(pushesBefore + 1);

            var cards = emsp.call("GET", "/api/v1/fleet/companies/" + card.company() + "/cards", card.manager(), null);
            assertThat(cards.body().get(0).path("status").asText()).isEqualTo("EXPIRED");
            assertThat(emsp.call("POST", "/api/v1/fleet/companies/" + card.company() + "/cards/" + card.uid() + "/unblock",
                    card.manager(), null).status()).isEqualTo(409);

            // A CPO that missed the push and pulls the changes since 09:30 (section 12.1.2) finds it.
            var pulled = emsp.ocpi("GET", "/ocpi/emsp/2.2.1/tokens?date_from=2026-11-24T09:30:00Z", CPO_TOKEN_B, null);
            assertThat(pulled.body().path("data")).hasSize(1);
            assertThat(pulled.body().path("data").get(0).path("valid").asBoolean()).isFalse();
            assertThat(pulled.body().path("data").get(0).path("last_updated").asText()).isEqualTo("2026-11-24T10:00:00Z");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void theScheduleEndsTheCardWhenTheClockReachesItsDate(Database db) throws Exception {
        try (var emsp = new TestEmspServer(db); var cpo = new TokenPushTest.CpoTokensReceiver()) {
            emsp.registeredCpo("Some CPO", "DE", "ABC", CPO_TOKEN_B, cpo.url());
            Card card = fleetCard(emsp);
            assertThat(expireAt(emsp, card, Instant.parse("2026-11-30T00:00:00Z")).status()).isEqualTo(200);
            // The test's clock jumps rather than runs, so a short maximum wait lets the schedule see the jump.
            emsp.server.tokens().scheduleExpiry(Duration.ofMillis(50));
            int pushesBefore = cpo.bodies.size();

            emsp.clock.advance(Duration.ofDays(6));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (cpo.bodies.size() == pushesBefore && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(cpo.bodies).as("pushed by the schedule").hasSize(pushesBefore + 1);
            assertThat(cpo.bodies.getLast().path("valid").asBoolean()).isFalse();
            assertThat(emsp.server.tokens().token(card.uid()).status()).isEqualTo("EXPIRED");
            assertThat(emsp.server.tokens().expireDue()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aDateInThePastEndsTheCardNowAndABadDateIsRefused(Database db) throws Exception {
        try (var emsp = new TestEmspServer(db); var cpo = new TokenPushTest.CpoTokensReceiver()) {
            emsp.registeredCpo("Some CPO", "DE", "ABC", CPO_TOKEN_B, cpo.url());
            Card card = fleetCard(emsp);
            var bad = emsp.call("POST", "/api/v1/fleet/companies/" + card.company() + "/cards/" + card.uid() + "/expire",
                    card.manager(), Map.of("at", "next tuesday"));
            assertThat(bad.status()).isEqualTo(400);
            var ended = expireAt(emsp, card, Instant.parse("2026-11-01T00:00:00Z"));
            assertThat(ended.text("status")).isEqualTo("EXPIRED");
            assertThat(cpo.bodies.getLast().path("valid").asBoolean()).isFalse();
            assertThat(expireAt(emsp, card, Instant.parse("2027-01-01T00:00:00Z")).status())
                    .as("an ended card gets no new date").isEqualTo(409);
        }
    }
}
