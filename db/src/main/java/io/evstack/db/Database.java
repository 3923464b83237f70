package io.evstack.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A migrated database: a HikariCP pool, Flyway's {@code classpath:db/migration} applied on
 * {@link #start}, and a jOOQ {@link DSLContext} in the dialect of the URL.
 *
 * <h2>Time</h2>
 * Every DATETIME column holds UTC and is a {@link java.time.Instant} in the generated code, whatever
 * the JVM's or the server's time zone: the values travel as {@link java.time.LocalDateTime} in UTC
 * (see {@link InstantBinding}), never through {@link java.sql.Timestamp} and the JVM zone. MySQL and
 * MariaDB sessions also run with {@code time_zone = '+00:00'}, and H2 with {@code TIME ZONE=UTC}, so
 * that {@code NOW()} and {@code LOCALTIMESTAMP} in SQL are UTC as well, and the drivers are set up so
 * that plain JDBC's {@code getTimestamp}/{@code setTimestamp} on a DATETIME mean the UTC instant too.
 *
 * <p>Columns are DATETIME(3): milliseconds are kept, finer digits are not, and the databases disagree
 * on how to drop them (H2 and MySQL round, MariaDB truncates). Writers therefore truncate an
 * {@code Instant} to milliseconds ({@code instant.truncatedTo(ChronoUnit.MILLIS)}) before storing it,
 * so that what they hold equals what they read back on every database.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final DatabaseConfig config;
    private final SQLDialect dialect;
    private final HikariDataSource dataSource;
    private final DSLContext dsl;

    private Database(DatabaseConfig config, SQLDialect dialect, HikariDataSource dataSource) {
        this.config = config;
        this.dialect = dialect;
        this.dataSource = dataSource;
        DefaultConfiguration configuration = new DefaultConfiguration();
        configuration.set(dataSource);
        configuration.set(dialect);
        if (dialect == SQLDialect.MARIADB || dialect == SQLDialect.MYSQL) {
            configuration.set(new ExplicitTransactionProvider(dataSource));
        }
        this.dsl = DSL.using(configuration);
    }

    /**
     * Opens the pool and migrates the schema to the latest version.
     *
     * @throws org.flywaydb.core.api.FlywayException if a migration fails (the pool is closed again)
     */
    public static Database start(DatabaseConfig config) {
        SQLDialect dialect = config.dialect();
        HikariDataSource dataSource = new HikariDataSource(hikariConfig(config, dialect));
        try {
            var result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            log.info("Database {} at schema version {} ({} migrations applied)",
                    dialect, result.targetSchemaVersion, result.migrationsExecuted);
            return new Database(config, dialect, dataSource);
        } catch (RuntimeException | Error e) {
            dataSource.close();
            throw e;
        }
    }

    static HikariConfig hikariConfig(DatabaseConfig config, SQLDialect dialect) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        hikari.setPoolName("evstack-db");
        switch (dialect) {
            case MARIADB -> {
                // The session runs in UTC (NOW() is UTC), and java.sql.Timestamp values outside jOOQ are
                // converted as UTC as well, so that plain JDBC sees the same instants as jOOQ.
                hikari.addDataSourceProperty("connectionTimeZone", "UTC");
                hikari.addDataSourceProperty("forceConnectionTimeZoneToSession", "true");
                hikari.addDataSourceProperty("preserveInstants", "true");
                // Server-side prepared statements, cached per connection (prepStmtCacheSize, 250): the server
                // parses each statement shape once per connection instead of on every execution. Measured at
                // 250 tx/s offered: MariaDB CPU per transaction 3.6 -> 3.1-3.3 ms, 195 -> 198-212 tx/s
                // (docs/benchmarks.md, session 6).
                hikari.addDataSourceProperty("useServerPrepStmts", "true");
            }
            case MYSQL -> {
                hikari.addDataSourceProperty("connectionTimeZone", "UTC");
                hikari.addDataSourceProperty("preserveInstants", "true");
                // An offset, not a zone name: MySQL may lack its time zone tables.
                hikari.setConnectionInitSql("SET time_zone = '+00:00'");
            }
            default -> { } // H2: TIME ZONE=UTC in the URL (see DatabaseConfig)
        }
        return hikari;
    }

    /** The pooled data source. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** jOOQ over the pool, in {@link #dialect()}. */
    public DSLContext dsl() {
        return dsl;
    }

    /** The dialect of the configured URL: H2, MARIADB or MYSQL. */
    public SQLDialect dialect() {
        return dialect;
    }

    /** The configuration this database was started with. */
    public DatabaseConfig config() {
        return config;
    }

    /** Closes the pool; an in-memory H2 database is dropped with it. */
    @Override
    public void close() {
        if (dataSource.isClosed()) {
            return;
        }
        dataSource.close();
        if (dialect == SQLDialect.H2 && config.url().startsWith("jdbc:h2:mem:")) {
            // DB_CLOSE_DELAY=-1 kept it alive while the pool had no connection; now let it go.
            try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password());
                    Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                log.warn("Could not shut down in-memory H2 database {}", config.url(), e);
            }
        }
    }

    @Override
    public String toString() {
        return dialect + " " + config.url();
    }
}
