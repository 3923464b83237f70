package io.evstack.db;

import io.evstack.db.generated.DefaultSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jooq.ForeignKey;
import org.jooq.Table;

/**
 * Real, migrated databases for tests: always a fresh in-memory H2, and also the server database named
 * by the environment variable {@value #URL_ENV} when it is set (user {@value #USER_ENV}, default
 * {@code root}; password {@value #PASSWORD_ENV}, default empty), e.g.
 * {@code STACK_TEST_DB_URL=jdbc:mariadb://127.0.0.1:3306/evstack_test} or
 * {@code jdbc:mysql://127.0.0.1:3306/evstack_test}. The server database must exist; everything in
 * it is dropped (Flyway clean) before it is migrated afresh.
 *
 * <p>Run each test against all of them:
 * <pre>{@code
 * @ParameterizedTest(name = "{0}")
 * @MethodSource("io.evstack.db.TestDatabases#all")
 * void storesATransaction(Database db) {
 *     var repo = new TransactionRepository(db.dsl());
 *     ...
 * }
 * }</pre>
 * JUnit closes each {@link Database} after its invocation (parameterized tests auto-close
 * {@link AutoCloseable} arguments), so every test method starts on empty, newly migrated databases.
 * A test class that would rather migrate once can open them in {@code @BeforeAll} with {@link #all()},
 * close them in {@code @AfterAll} and call {@link #reset(Database)} in {@code @BeforeEach}.
 *
 * <p>The server database is shared: run one test JVM at a time against it (no {@code mvn -T}, no
 * parallel Surefire forks with {@value #URL_ENV} set), and close one {@code Database} on it before
 * asking for the next.
 */
public final class TestDatabases {

    public static final String URL_ENV = "STACK_TEST_DB_URL";
    public static final String USER_ENV = "STACK_TEST_DB_USER";
    public static final String PASSWORD_ENV = "STACK_TEST_DB_PASSWORD";

    private TestDatabases() {}

    /** A fresh H2 plus, if {@value #URL_ENV} is set, the cleaned and migrated server database. */
    public static List<Database> all() {
        List<Database> all = new ArrayList<>(2);
        all.add(h2());
        try {
            server().ifPresent(all::add);
        } catch (RuntimeException | Error e) {
            all.forEach(Database::close);
            throw e;
        }
        return all;
    }

    /** A new, empty, migrated in-memory H2 database of its own. */
    public static Database h2() {
        return Database.start(DatabaseConfig.h2InMemory("test-" + UUID.randomUUID()));
    }

    /** The database named by {@value #URL_ENV}, emptied and migrated; empty if the variable is unset. */
    public static Optional<Database> server() {
        return serverConfig().map(config -> {
            Flyway.configure()
                    .dataSource(config.url(), config.user(), config.password())
                    .cleanDisabled(false)
                    .load()
                    .clean();
            return Database.start(config);
        });
    }

    /** The configuration given by {@value #URL_ENV}, if any. */
    public static Optional<DatabaseConfig> serverConfig() {
        String url = System.getenv(URL_ENV);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String user = System.getenv().getOrDefault(USER_ENV, "root");
        String password = System.getenv().getOrDefault(PASSWORD_ENV, "");
        // A server database commits with an fsync, so a whole stack under test (chargers, balancer, OCPI push
        // worker, message log) needs a pool closer to the production default (16) than H2 does.
        return Optional.of(new DatabaseConfig(url, user, password, 12));
    }

    /**
     * Deletes every row of every table of the schema (children before parents), keeping the schema
     * and Flyway's history. Auto-increment counters are not reset.
     */
    public static void reset(Database db) {
        db.dsl().transaction(tx -> {
            for (Table<?> table : childrenFirst(DefaultSchema.DEFAULT_SCHEMA.getTables())) {
                tx.dsl().deleteFrom(table).execute();
            }
        });
    }

    private static List<Table<?>> childrenFirst(List<Table<?>> tables) {
        List<Table<?>> remaining = new ArrayList<>(tables);
        List<Table<?>> ordered = new ArrayList<>(tables.size());
        while (!remaining.isEmpty()) {
            Set<Table<?>> referenced = new HashSet<>();
            for (Table<?> t : remaining) {
                for (ForeignKey<?, ?> fk : t.getReferences()) {
                    if (fk.getKey().getTable() != t) {
                        referenced.add(fk.getKey().getTable());
                    }
                }
            }
            List<Table<?>> leaves = remaining.stream().filter(t -> !referenced.contains(t)).toList();
            if (leaves.isEmpty()) {
                throw new IllegalStateException("foreign key cycle among " + remaining);
            }
            ordered.addAll(leaves);
            remaining.removeAll(leaves);
        }
        return ordered;
    }
}
