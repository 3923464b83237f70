package io.evstack.db;

import static io.evstack.db.generated.Tables.CHARGE_POINT;
import static io.evstack.db.generated.Tables.ID_TAG;
import static io.evstack.db.generated.Tables.METER_VALUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.TimeZone;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs on a fresh H2 and, when STACK_TEST_DB_URL is set, on that server database too. */
class DatabaseTest {

    private static TimeZone originalZone;

    @BeforeAll
    static void notUtc() {
        originalZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
    }

    @AfterAll
    static void restoreZone() {
        TimeZone.setDefault(originalZone);
    }

    static List<Database> databases() {
        return TestDatabases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void migratesTheWholeSchema(Database db) {
        List<String> tables = db.dsl()
                .fetch("select table_name from information_schema.tables where lower(table_schema) = lower(schema())")
                .getValues(0, String.class)
                .stream().map(String::toLowerCase).toList();
        assertThat(tables).contains("charge_point", "connector", "id_tag", "reservation", "charge_transaction",
                "meter_value", "charging_profile", "charging_schedule_period", "charging_profile_assignment",
                "configuration_key", "status_notification_log", "security_event", "certificate_request",
                "ocpp_message_log", "flyway_schema_history");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void instantsWithMillisRoundTripInUtc(Database db) throws SQLException {
        assertThat(ZoneId.systemDefault()).isEqualTo(ZoneId.of("Europe/Berlin"));
        // 02:30 UTC on the day Berlin skips from 02:00 to 03:00: a wall time that does not exist there.
        Instant inGap = Instant.parse("2025-03-30T02:30:15.123Z");
        Instant summer = Instant.parse("2025-07-01T12:00:00.999Z");
        Instant winter = Instant.parse("2025-01-15T23:59:59.001Z");
        // 02:30 UTC on the day Berlin turns back from 03:00 to 02:00: a wall time that happens twice there.
        Instant inOverlap = Instant.parse("2025-10-26T02:30:00.500Z");

        long id = insertChargePoint(db.dsl(), "CP-TIME", inGap, summer, winter);
        db.dsl().update(CHARGE_POINT).set(CHARGE_POINT.LAST_BOOT_AT, inOverlap).where(CHARGE_POINT.ID.eq(id)).execute();

        var row = db.dsl().selectFrom(CHARGE_POINT).where(CHARGE_POINT.ID.eq(id)).fetchSingle();
        assertThat(row.getCreatedAt()).isEqualTo(inGap);
        assertThat(row.getUpdatedAt()).isEqualTo(summer);
        assertThat(row.getLastSeenAt()).isEqualTo(winter);
        assertThat(db.dsl().fetchValue(CHARGE_POINT.LAST_BOOT_AT, CHARGE_POINT.ID.eq(id))).isEqualTo(inOverlap);

        // Stored as UTC wall-clock time, as SQL sees it.
        String asText = db.dsl().select(DSL.field("cast(created_at as char(23))", String.class))
                .from(CHARGE_POINT).where(CHARGE_POINT.ID.eq(id)).fetchSingle().value1();
        assertThat(asText).startsWith("2025-03-30 02:30:15.123");

        // Plain JDBC agrees: java.sql.Timestamp values of DATETIME columns are UTC instants too.
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("select created_at, updated_at from charge_point where id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getTimestamp(1).toInstant()).isEqualTo(inGap);
                assertThat(rs.getTimestamp(2).toInstant()).isEqualTo(summer);
            }
        }

        // Inlined literals and bind values compare the same way.
        assertThat(db.dsl().fetchCount(CHARGE_POINT, CHARGE_POINT.CREATED_AT.eq(inGap))).isEqualTo(1);
        assertThat(db.dsl().fetchCount(CHARGE_POINT, CHARGE_POINT.CREATED_AT.eq(DSL.inline(inGap, CHARGE_POINT.CREATED_AT))))
                .isEqualTo(1);
        assertThat(db.dsl().fetchCount(CHARGE_POINT, CHARGE_POINT.UPDATED_AT.gt(inGap))).isEqualTo(1);
    }

    /** Why writers truncate to milliseconds: the databases drop finer digits differently. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void subMillisecondDigitsAreTruncatedOnMariaDbAndRoundedElsewhere(Database db) {
        Instant precise = Instant.parse("2025-05-05T05:05:05.123999Z");
        long id = insertChargePoint(db.dsl(), "CP-PRECISE", precise, precise.truncatedTo(ChronoUnit.MILLIS), null);

        var row = db.dsl().selectFrom(CHARGE_POINT).where(CHARGE_POINT.ID.eq(id)).fetchSingle();
        Instant expected = db.dialect() == SQLDialect.MARIADB
                ? Instant.parse("2025-05-05T05:05:05.123Z")
                : Instant.parse("2025-05-05T05:05:05.124Z");
        assertThat(row.getCreatedAt()).isEqualTo(expected);
        assertThat(row.getUpdatedAt()).isEqualTo(Instant.parse("2025-05-05T05:05:05.123Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void sessionClockIsUtc(Database db) {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant now = db.dsl().select(DSL.field("localtimestamp", CHARGE_POINT.CREATED_AT.getDataType()))
                .fetchSingle().value1();
        assertThat(now).isBetween(before.minusSeconds(5), Instant.now().plusSeconds(5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void insertReturningGivesTheGeneratedId(Database db) {
        Instant t = Instant.parse("2025-05-05T05:05:05.005Z");
        long first = insertChargePoint(db.dsl(), "CP-1", t, t, null);
        long second = insertChargePoint(db.dsl(), "CP-2", t, t, null);
        assertThat(second).isGreaterThan(first);
        assertThat(db.dsl().fetchValue(CHARGE_POINT.CHARGE_POINT_ID, CHARGE_POINT.ID.eq(second))).isEqualTo("CP-2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void sampleKeyIsUnique(Database db) {
        Instant t = Instant.parse("2025-05-05T05:05:05.005Z");
        long cp = insertChargePoint(db.dsl(), "CP-MV", t, t, null);
        String key = "a".repeat(64);

        assertThat(insertMeterValue(db.dsl(), cp, key, t, true)).isEqualTo(1);
        assertThat(insertMeterValue(db.dsl(), cp, key, t, true)).isZero();
        assertThat(insertMeterValue(db.dsl(), cp, "b".repeat(64), t, true)).isEqualTo(1);
        assertThatThrownBy(() -> insertMeterValue(db.dsl(), cp, key, t, false))
                .isInstanceOf(IntegrityConstraintViolationException.class);
        assertThat(db.dsl().fetchCount(METER_VALUE)).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void booleansAndDecimals(Database db) {
        Instant t = Instant.parse("2025-05-05T05:05:05.005Z");
        db.dsl().insertInto(ID_TAG)
                .set(ID_TAG.ID_TAG_, "TAG-1")
                .set(ID_TAG.CREATED_AT, t)
                .set(ID_TAG.UPDATED_AT, t)
                .execute();
        var tag = db.dsl().selectFrom(ID_TAG).fetchSingle();
        assertThat(tag.getBlocked()).isFalse();
        assertThat(tag.getMaxActiveTransactions()).isEqualTo(1);
        db.dsl().update(ID_TAG).set(ID_TAG.BLOCKED, true).execute();
        assertThat(db.dsl().fetchValue(ID_TAG.BLOCKED)).isTrue();
        assertThat(db.dsl().fetchValue(DSL.inline(new BigDecimal("12.5")))).isEqualByComparingTo("12.5");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void resetEmptiesEveryTable(Database db) {
        Instant t = Instant.parse("2025-05-05T05:05:05.005Z");
        long cp = insertChargePoint(db.dsl(), "CP-R", t, t, null);
        insertMeterValue(db.dsl(), cp, "c".repeat(64), t, false);

        TestDatabases.reset(db);

        assertThat(db.dsl().fetchCount(CHARGE_POINT)).isZero();
        assertThat(db.dsl().fetchCount(METER_VALUE)).isZero();
        assertThat(insertChargePoint(db.dsl(), "CP-R", t, t, null)).isPositive();
    }

    private static long insertChargePoint(DSLContext dsl, String identity, Instant created, Instant updated,
            Instant lastSeen) {
        return dsl.insertInto(CHARGE_POINT)
                .set(CHARGE_POINT.CHARGE_POINT_ID, identity)
                .set(CHARGE_POINT.REGISTRATION_STATUS, "Accepted")
                .set(CHARGE_POINT.CREATED_AT, created)
                .set(CHARGE_POINT.UPDATED_AT, updated)
                .set(CHARGE_POINT.LAST_SEEN_AT, lastSeen)
                .returningResult(CHARGE_POINT.ID)
                .fetchSingle()
                .value1();
    }

    private static int insertMeterValue(DSLContext dsl, long chargePointPk, String sampleKey, Instant t,
            boolean ignoreDuplicate) {
        var insert = dsl.insertInto(METER_VALUE)
                .set(METER_VALUE.CHARGE_POINT_PK, chargePointPk)
                .set(METER_VALUE.CONNECTOR_ID, 1)
                .set(METER_VALUE.SAMPLED_AT, t)
                .set(METER_VALUE.MEASURED_VALUE, "1234.5")
                .set(METER_VALUE.MEASURAND, "Energy.Active.Import.Register")
                .set(METER_VALUE.SAMPLE_KEY, sampleKey)
                .set(METER_VALUE.RECEIVED_AT, t);
        return ignoreDuplicate ? insert.onDuplicateKeyIgnore().execute() : insert.execute();
    }
}
