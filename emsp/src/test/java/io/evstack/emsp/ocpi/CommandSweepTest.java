package io.evstack.emsp.ocpi;

import static io.evstack.db.generated.Tables.EMSP_COMMAND;
import static io.evstack.db.generated.Tables.EMSP_CPO;
import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.db.Database;
import io.evstack.db.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Commands whose CommandResult never comes end as TIMEOUT in the table (OCPI 2.2.1 section 13), and finished
 * commands are purged after the retention, a reservation not before it expired. On H2 and MariaDB.
 */
class CommandSweepTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration GRACE = Duration.ofSeconds(30);
    static final Duration RETENTION = Duration.ofDays(30);

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void overdueCommandsAreStoredAsTimeoutAndFinishedOnesPurgedAfterTheRetention(Database db) {
        long cpo = db.dsl().insertInto(EMSP_CPO).set(EMSP_CPO.NAME, "CPO").set(EMSP_CPO.VERSIONS_URL, "http://127.0.0.1:1/versions")
                .set(EMSP_CPO.TOKEN_B_HASH, "b").set(EMSP_CPO.TOKEN_C, "c").set(EMSP_CPO.COUNTRY_CODE, "DE")
                .set(EMSP_CPO.PARTY_ID, "ABC").set(EMSP_CPO.ENDPOINTS, "[]").set(EMSP_CPO.STATUS, "REGISTERED")
                .set(EMSP_CPO.UPDATED_AT, T0).returningResult(EMSP_CPO.PK).fetchOne().value1();
        CommandRepository repo = new CommandRepository(db.dsl());
        TestClock clock = new TestClock(T0.toString());
        CommandSweep sweep = new CommandSweep(repo, clock, GRACE, RETENTION);

        repo.insert("silent", cpo, "START_SESSION", "{\"authorization_reference\":\"r1\"}", T0);
        repo.responded("silent", "ACCEPTED", 60, null, T0);
        repo.insert("answered", cpo, "START_SESSION", "{\"authorization_reference\":\"r2\"}", T0);
        repo.responded("answered", "ACCEPTED", 60, null, T0);
        repo.result("answered", cpo, "ACCEPTED", null, T0.plusSeconds(20));
        repo.insert("lost", cpo, "STOP_SESSION", "{\"session_id\":\"S1\"}", T0); // the CPO never even answered
        repo.insert("refused", cpo, "STOP_SESSION", "{\"session_id\":\"S2\"}", T0);
        repo.responded("refused", "UNKNOWN_SESSION", 30, null, T0);
        repo.insert("reserved", cpo, "RESERVE_NOW", "{\"expiry_date\":\"2026-04-15T10:00:00Z\",\"authorization_reference\":\"r3\"}", T0);
        repo.responded("reserved", "ACCEPTED", 60, null, T0);
        repo.result("reserved", cpo, "ACCEPTED", null, T0.plusSeconds(5));

        clock.set(T0.plusSeconds(30));
        assertThat(sweep.pass()).as("nothing overdue yet").isEqualTo(new CommandSweep.Pass(0, 0));
        clock.set(T0.plusSeconds(31));
        assertThat(sweep.pass()).as("never answered: grace after sending").isEqualTo(new CommandSweep.Pass(1, 0));
        assertThat(repo.find("lost").orElseThrow().result()).isEqualTo("TIMEOUT");
        clock.set(T0.plusSeconds(60 + 30));
        assertThat(sweep.pass()).as("the CPO's 60 s and our grace are not over").isEqualTo(new CommandSweep.Pass(0, 0));
        assertThat(repo.find("silent").orElseThrow().result()).isNull();

        clock.set(T0.plusSeconds(60 + 31));
        assertThat(sweep.pass()).isEqualTo(new CommandSweep.Pass(1, 0));
        assertThat(repo.find("silent").orElseThrow().result()).isEqualTo("TIMEOUT");
        assertThat(repo.find("silent").orElseThrow().resultMessage()).contains("No CommandResult");
        assertThat(repo.find("answered").orElseThrow().result()).isEqualTo("ACCEPTED");
        assertThat(repo.find("refused").orElseThrow().result()).as("refused at once: final as it is").isNull();
        assertThat(sweep.pass()).as("a second pass changes nothing").isEqualTo(new CommandSweep.Pass(0, 0));
        // A result that still comes after the deadline replaces TIMEOUT (the latest counts).
        assertThat(repo.result("silent", cpo, "FAILED", null, T0.plusSeconds(120))).isTrue();
        assertThat(repo.find("silent").orElseThrow().status(clock.instant(), GRACE)).isEqualTo(CommandState.FAILED);

        clock.set(T0.plus(RETENTION).plusSeconds(121));
        assertThat(sweep.pass()).as("30 days after their last activity; the reservation runs to 15 April")
                .isEqualTo(new CommandSweep.Pass(0, 4));
        assertThat(db.dsl().select(EMSP_COMMAND.COMMAND_ID).from(EMSP_COMMAND).fetch(EMSP_COMMAND.COMMAND_ID))
                .containsExactly("reserved");
        clock.set(Instant.parse("2026-04-15T10:00:00Z").plus(RETENTION));
        assertThat(sweep.pass()).isEqualTo(new CommandSweep.Pass(0, 1));
        assertThat(db.dsl().fetchCount(EMSP_COMMAND)).isZero();
    }
}
