package io.evstack.emsp.account;

import static io.evstack.db.generated.Tables.EMSP_ACCOUNT;
import static io.evstack.db.generated.Tables.EMSP_LOGIN;
import static io.evstack.db.generated.Tables.EMSP_PLAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.db.Database;
import io.evstack.emsp.TestEmspServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Sign-up, login, logout and expiry over HTTP, and what is stored of passwords and tokens. */
class AccountApiTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aDriverSignsUpLogsInAndOut(Database db) {
        try (var emsp = new TestEmspServer(db)) {
            var signUp = emsp.call("POST", "/api/v1/driver/signup", null,
                    Map.of("email", " Anna@Example.COM ", "name", "Anna", "password", "correct horse battery"));
            assertThat(signUp.status()).isEqualTo(201);
            assertThat(signUp.text("email")).isEqualTo("anna@example.com");
            assertThat(signUp.text("role")).isEqualTo("DRIVER");
            assertThat(signUp.text("planCode")).as("the default plan").isEqualTo("PAYG");
            assertThat(signUp.body().has("passwordHash")).isFalse();

            String stored = db.dsl().select(EMSP_ACCOUNT.PASSWORD_HASH).from(EMSP_ACCOUNT)
                    .where(EMSP_ACCOUNT.EMAIL.eq("anna@example.com")).fetchOne().value1();
            assertThat(stored).doesNotContain("correct horse battery").startsWith("pbkdf2-sha256$210000$");

            assertThat(emsp.call("POST", "/api/v1/driver/signup", null,
                    Map.of("email", "anna@example.com", "name", "Other", "password", "another password")).status())
                    .as("one account per e-mail").isEqualTo(409);
            var wrong = emsp.call("POST", "/api/v1/driver/login", null,
                    Map.of("email", "anna@example.com", "password", "wrong password"));
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.text("error")).isEqualTo("Wrong e-mail or password");
            assertThat(emsp.call("POST", "/api/v1/driver/login", null,
                    Map.of("email", "nobody@example.com", "password", "wrong password")).status()).isEqualTo(401);

            var login = emsp.call("POST", "/api/v1/driver/login", null,
                    Map.of("email", "ANNA@example.com", "password", "correct horse battery"));
            assertThat(login.status()).isEqualTo(200);
            String token = login.text("token");
            assertThat(login.text("tokenType")).isEqualTo("Bearer");
            assertThat(login.text("expiresAt")).isEqualTo("2026-11-24T21:00:00Z");
            assertThat(db.dsl().select(EMSP_LOGIN.TOKEN_HASH).from(EMSP_LOGIN).fetchOne().value1())
                    .as("only the token's SHA-256 is kept").isEqualTo(TestEmspServer.sha256(token)).isNotEqualTo(token);

            var me = emsp.call("GET", "/api/v1/driver/me", token, null);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.text("name")).isEqualTo("Anna");

            assertThat(emsp.call("POST", "/api/v1/driver/logout", token, null).status()).isEqualTo(204);
            var after = emsp.call("GET", "/api/v1/driver/me", token, null);
            assertThat(after.status()).isEqualTo(401);
            assertThat(after.text("error")).contains("ended");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aLoginExpiresAfterItsLifetime(Database db) {
        try (var emsp = new TestEmspServer(db)) {
            String token = emsp.driver("bob@example.com");
            emsp.clock.advance(Duration.ofHours(12).minusSeconds(1));
            assertThat(emsp.call("GET", "/api/v1/driver/me", token, null).status()).isEqualTo(200);
            emsp.clock.advance(Duration.ofSeconds(1));
            var expired = emsp.call("GET", "/api/v1/driver/me", token, null);
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.text("error")).contains("expired");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void missingOrUnknownTokensAre401AndWrongRolesAre403(Database db) {
        try (var emsp = new TestEmspServer(db)) {
            var none = emsp.call("GET", "/api/v1/driver/tokens", null, null);
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.text("error")).contains("Bearer");
            assertThat(emsp.call("GET", "/api/v1/driver/tokens", "made-up-token", null).status()).isEqualTo(401);
            assertThat(emsp.call("GET", "/api/v1/fleet/companies", null, null).status()).isEqualTo(401);

            String driver = emsp.driver("carla@example.com");
            var forbidden = emsp.call("POST", "/api/v1/fleet/companies", driver, Map.of("name", "ACME",
                    "manager", Map.of("email", "m@acme.test", "name", "M", "password", "manager password")));
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(forbidden.text("error")).contains("SUPPORT");
            assertThat(emsp.call("GET", "/api/v1/fleet/companies", driver, null).status()).isEqualTo(403);

            // The first support account comes from the configuration; it may create more.
            String support = emsp.support();
            assertThat(emsp.call("GET", "/api/v1/driver/me", support, null).text("role")).isEqualTo("SUPPORT");
            assertThat(emsp.call("POST", "/api/v1/fleet/support-accounts", support,
                    Map.of("email", "second@evstack.test", "name", "Second", "password", "second password")).status())
                    .isEqualTo(201);
            assertThat(emsp.call("GET", "/api/v1/driver/me", emsp.login("second@evstack.test", "second password"), null)
                    .text("role")).isEqualTo("SUPPORT");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void signUpWithoutAnActiveDefaultPlanIsRefusedNotFailed(Database db) {
        try (var emsp = new TestEmspServer(db)) {
            // The operator withdrew the pay-as-you-go plan: a driver cannot be put on any plan.
            db.dsl().update(EMSP_PLAN).set(EMSP_PLAN.ACTIVE, false).where(EMSP_PLAN.CODE.eq("PAYG")).execute();
            var refused = emsp.call("POST", "/api/v1/driver/signup", null,
                    Map.of("email", "late@example.com", "name", "Late", "password", "correct horse battery"));
            assertThat(refused.status()).as("a clear refusal, not a server error").isEqualTo(409);
            assertThat(refused.text("error")).contains("Sign-up is closed").contains("PAYG");
            assertThat(db.dsl().fetchCount(EMSP_ACCOUNT, EMSP_ACCOUNT.EMAIL.eq("late@example.com"))).isZero();

            db.dsl().update(EMSP_PLAN).set(EMSP_PLAN.ACTIVE, true).where(EMSP_PLAN.CODE.eq("PAYG")).execute();
            assertThat(emsp.call("POST", "/api/v1/driver/signup", null,
                    Map.of("email", "late@example.com", "name", "Late", "password", "correct horse battery")).status())
                    .isEqualTo(201);
        }
    }
}
