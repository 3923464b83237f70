package io.evstack.app;

import static io.evstack.app.Ocpp201ProvisioningTest.api;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Refused WebSocket handshakes of a registered charger are its security events (type
 * FailedToAuthenticateAtCsms), so that the operator sees failed logins; the password tried is never stored.
 */
class RefusedHandshakeSecurityEventTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void wrongPasswordNoPasswordAndForeignUsernameAreSecurityEvents(Database db) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.REJECT)) {
            String password = stack.chargePoints().register("SECURE-2", "bay 2", RegistrationStatus.Accepted, 1, null)
                    .password();
            try (TestCharger wrong = TestCharger.connect(stack.ocppPort(), "SECURE-2", "guessed-password-123")) {
                assertThat(wrong.isOpen()).isFalse();
            }
            try (TestCharger none = TestCharger.connect(stack.ocppPort(), "SECURE-2", null)) {
                assertThat(none.isOpen()).isFalse();
            }
            // Basic credentials of another identity on this charger's URL: refused by the server itself.
            try (TestCharger other = TestCharger.connect(stack.ocppPort(), "/ocpp/SECURE-2", "SECURE-3", password,
                    List.of("ocpp1.6"))) {
                assertThat(other.isOpen()).isFalse();
            }

            JsonNode events = waitFor(() -> api(stack, "GET", "/api/v1/charge-points/SECURE-2/security-events", null),
                    e -> e.size() >= 3);
            assertThat(events).hasSize(3);
            assertThat(events.findValuesAsText("type")).containsOnly("FailedToAuthenticateAtCsms");
            assertThat(events.findValuesAsText("techInfo")).containsExactlyInAnyOrder("Wrong password", "No password sent",
                    "HTTP Basic username is not the charger id");
            assertThat(events.toString()).doesNotContain("guessed-password-123").doesNotContain(password);

            // The right password connects and adds nothing.
            try (TestCharger right = TestCharger.connect(stack.ocppPort(), "SECURE-2", password)) {
                assertThat(right.isOpen()).isTrue();
            }
            assertThat(api(stack, "GET", "/api/v1/charge-points/SECURE-2/security-events", null)).hasSize(3);
        }
    }

    interface Fetch {
        JsonNode get() throws Exception;
    }

    /** Asks until the answer satisfies the condition or ten seconds pass; returns the last answer. */
    static JsonNode waitFor(Fetch fetch, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        JsonNode last = fetch.get();
        while (!done.test(last) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            last = fetch.get();
        }
        return last;
    }
}
