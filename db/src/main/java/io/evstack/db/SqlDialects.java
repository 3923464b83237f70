package io.evstack.db;

import java.util.Locale;
import org.jooq.SQLDialect;

/** Which jOOQ dialect a JDBC URL speaks. */
public final class SqlDialects {

    private SqlDialects() {}

    /**
     * {@code jdbc:h2:} → {@link SQLDialect#H2}, {@code jdbc:mariadb:} → {@link SQLDialect#MARIADB},
     * {@code jdbc:mysql:} → {@link SQLDialect#MYSQL}.
     *
     * @throws IllegalArgumentException for any other URL
     */
    public static SQLDialect fromJdbcUrl(String jdbcUrl) {
        String url = jdbcUrl == null ? "" : jdbcUrl.strip().toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:h2:")) {
            return SQLDialect.H2;
        }
        if (url.startsWith("jdbc:mariadb:")) {
            return SQLDialect.MARIADB;
        }
        if (url.startsWith("jdbc:mysql:")) {
            return SQLDialect.MYSQL;
        }
        throw new IllegalArgumentException("Unsupported JDBC URL '" + jdbcUrl
                + "': expected jdbc:h2:, jdbc:mariadb: (MariaDB) or jdbc:mysql: (MySQL 8)");
    }
}
