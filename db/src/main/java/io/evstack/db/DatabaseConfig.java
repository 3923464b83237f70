package io.evstack.db;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the database is and how large its connection pool may grow.
 *
 * <p>The JDBC URL decides the dialect (see {@link SqlDialects}): {@code jdbc:h2:} (embedded, MySQL
 * mode), {@code jdbc:mariadb:} (MariaDB, with mariadb-java-client) or {@code jdbc:mysql:} (MySQL 8,
 * with mysql-connector-j). Never point {@code jdbc:mysql:} at a MariaDB server: that driver drops
 * the milliseconds of MariaDB's DATETIME(3).
 *
 * @param url JDBC URL
 * @param user user name, may be empty
 * @param password password, may be empty; never printed by {@link #toString()}
 * @param maxPoolSize the most connections the pool opens, at least 1
 */
public record DatabaseConfig(String url, String user, String password, int maxPoolSize) {

    /** H2 settings every embedded database gets: MySQL compatibility, lower-case names, UTC. */
    static final String H2_SETTINGS = ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;TIME ZONE=UTC";

    public DatabaseConfig {
        Objects.requireNonNull(url, "url");
        if (url.isBlank()) {
            throw new IllegalArgumentException("JDBC URL is blank");
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1, was " + maxPoolSize);
        }
        SqlDialects.fromJdbcUrl(url); // fail fast on an unsupported database
    }

    /**
     * The default embedded database: the file {@code <dir>/evstack.mv.db}, created on first use.
     * H2 closes it when the {@link Database} is closed, not from a JVM shutdown hook of its own, so
     * the application's own shutdown can still write to it.
     */
    public static DatabaseConfig h2File(Path dir) {
        Path file = dir.toAbsolutePath().normalize().resolve("evstack");
        String path = file.toString().replace('\\', '/');
        if (path.contains(";")) {
            throw new IllegalArgumentException("H2 database path must not contain ';': " + path);
        }
        return new DatabaseConfig("jdbc:h2:file:" + path + H2_SETTINGS + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 10);
    }

    /**
     * A private in-memory H2 database, for tests. It lives while its {@link Database} is open; two
     * configs with the same name in one JVM share one database while both are open.
     */
    public static DatabaseConfig h2InMemory(String name) {
        if (name == null || name.isBlank() || name.contains(";") || name.contains("/")) {
            throw new IllegalArgumentException("bad in-memory database name: " + name);
        }
        return new DatabaseConfig("jdbc:h2:mem:" + name + H2_SETTINGS + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
    }

    /** The SQL dialect this URL speaks. */
    public org.jooq.SQLDialect dialect() {
        return SqlDialects.fromJdbcUrl(url);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
                + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
