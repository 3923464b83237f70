package io.evstack.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A fleet card that ends on a date, on one stack: until the date our own charger accepts it; when the
 * stack's clock reaches the date, the eMSP ends it and pushes it (OCPI Token valid=false) to our CPO, and
 * the charger's next OCPP Authorize is refused, though nobody edited the card.
 */
class EmspTokenExpiryEndToEndTest {
    private static final String SUPPORT_EMAIL = "support@example.com";
    private static final String SUPPORT_PASSWORD = "support-password-1";

    /** The real time, moved ahead by the test. */
    static final class ShiftedClock extends Clock {
        private final AtomicReference<Duration> shift = new AtomicReference<>(Duration.ZERO);

        void advance(Duration d) {
            shift.updateAndGet(s -> s.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(shift.get());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aCardEndingOnADateIsRefusedAtOurChargerOnceTheDateComes(Database db) throws Exception {
        var clock = new ShiftedClock();
        try (Stack stack = new Stack(TestStacks.config(UnknownChargerPolicy.ACCEPT, Map.of("STACK_EMSP_SUPPORT_EMAIL",
                SUPPORT_EMAIL, "STACK_EMSP_SUPPORT_PASSWORD", SUPPORT_PASSWORD)), clock, db).start()) {
            String v1 = "http://localhost:" + stack.emspServer().port() + "/api/v1";
            String support = login(stack, v1, SUPPORT_EMAIL, SUPPORT_PASSWORD);
            var company = call(stack, "POST", v1 + "/fleet/companies", support, Map.of("name", "ACME", "manager",
                    Map.of("email", "boss@acme.test", "name", "Boss", "password", "manager password")));
            assertThat(company.status()).isEqualTo(201);
            String fleet = v1 + "/fleet/companies/" + company.json().path("id").asLong();
            String boss = login(stack, v1, "boss@acme.test", "manager password");
            var van = call(stack, "POST", fleet + "/vehicles", boss, Map.of("plate", "AB-123-C"));
            var card = call(stack, "POST", fleet + "/cards", boss,
                    Map.of("vehicleId", van.json().path("id").asLong(), "uid", "EXPCARD001"));
            assertThat(card.status()).isEqualTo(201);

            Instant end = clock.instant().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            assertThat(call(stack, "POST", fleet + "/cards/EXPCARD001/expire", boss, Map.of("at", end.toString())).status())
                    .isEqualTo(200);
            try (TestCharger cp = TestCharger.connect(stack.ocppPort(), "EXPIRY-CP1", null)) {
                cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
                assertThat(status(cp, "EXPCARD001")).as("before its date").isEqualTo("Accepted");

                clock.advance(Duration.ofMinutes(10).plusSeconds(1));
                // What the stack's schedule does when the date comes (its timing is tested in emsp).
                assertThat(stack.emspServer().tokens().expireDue()).isEqualTo(1);
                assertThat(status(cp, "EXPCARD001")).as("after its date, told by the eMSP's push (valid=false blocks the tag)").isEqualTo("Blocked");
                assertThat(stack.emspServer().tokens().expireDue()).as("once").isZero();
            }
        }
    }

    private static String status(TestCharger cp, String idTag) throws Exception {
        return cp.call("Authorize", Map.of("idTag", idTag)).path("idTagInfo").path("status").asText();
    }

    private static String login(Stack stack, String v1, String email, String password) throws Exception {
        var login = call(stack, "POST", v1 + "/driver/login", null, Map.of("email", email, "password", password));
        assertThat(login.status()).as(login.json().toString()).isEqualTo(200);
        return "Bearer " + login.json().path("token").asText();
    }

    private static OcpiBridgeEndToEndTest.Res call(Stack stack, String method, String url, String authorization, Object body)
            throws Exception {
        return OcpiBridgeEndToEndTest.call(stack, method, url, authorization, body);
    }
}
