package io.evstack.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

class SqlDialectsTest {

    @Test
    void dialectFollowsTheUrl() {
        assertThat(SqlDialects.fromJdbcUrl("jdbc:h2:mem:x")).isEqualTo(SQLDialect.H2);
        assertThat(SqlDialects.fromJdbcUrl("jdbc:mariadb://db:3306/evstack")).isEqualTo(SQLDialect.MARIADB);
        assertThat(SqlDialects.fromJdbcUrl("jdbc:mysql://db:3306/evstack")).isEqualTo(SQLDialect.MYSQL);
        assertThatThrownBy(() -> SqlDialects.fromJdbcUrl("jdbc:postgresql://db/evstack"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql://db/evstack");
        assertThatThrownBy(() -> SqlDialects.fromJdbcUrl(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void h2FileConfig(@org.junit.jupiter.api.io.TempDir Path dir) {
        DatabaseConfig config = DatabaseConfig.h2File(dir);
        assertThat(config.url()).startsWith("jdbc:h2:file:" + dir.toAbsolutePath().toString().replace('\\', '/'))
                .contains(";MODE=MySQL;DATABASE_TO_LOWER=TRUE");
        try (Database db = Database.start(config)) {
            assertThat(db.dialect()).isEqualTo(SQLDialect.H2);
            assertThat(db.dsl().fetchCount(io.evstack.db.generated.Tables.CHARGE_POINT)).isZero();
        }
        // Reopening finds the migrated schema and migrates nothing again.
        try (Database db = Database.start(config)) {
            assertThat(db.dsl().fetchCount(io.evstack.db.generated.Tables.CHARGE_POINT)).isZero();
        }
        assertThat(dir.resolve("evstack.mv.db")).exists();
    }

    @Test
    void passwordIsNotPrinted() {
        assertThat(new DatabaseConfig("jdbc:mysql://db/x", "u", "secret", 2).toString()).doesNotContain("secret");
        assertThatThrownBy(() -> new DatabaseConfig("jdbc:mysql://db/x", "u", "p", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
