package io.evstack.db;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jooq.ConnectionProvider;
import org.jooq.TransactionContext;
import org.jooq.TransactionProvider;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DefaultConnectionProvider;

/**
 * jOOQ transactions on MariaDB / MySQL as {@code START TRANSACTION} … {@code COMMIT}, leaving the pooled
 * connection in autocommit mode throughout.
 *
 * <p>Why: jOOQ's {@code DefaultTransactionProvider} asks the connection for its isolation level (the
 * MariaDB driver answers with a {@code SELECT @@session.tx_isolation} round trip), switches autocommit
 * off and, after the commit, on again: three statements more per database transaction. Under OCPP load
 * those were 28 % of all statements the stack sent (measured with the general log, see
 * docs/benchmarks.md). Here a transaction costs one statement more than its own work plus the commit.
 *
 * <p>Nested transactions ({@code tx.dsl().transactionResult(…)}) become savepoints on the same
 * connection. A connection whose rollback fails is evicted from the pool, so that no connection goes
 * back to the pool inside an open transaction.
 */
final class ExplicitTransactionProvider implements TransactionProvider {

    private final HikariDataSource pool;

    ExplicitTransactionProvider(HikariDataSource pool) {
        this.pool = pool;
    }

    @Override
    public void begin(TransactionContext ctx) {
        if (ctx.configuration().connectionProvider() instanceof TransactionConnection open) {
            execute(open.connection, "SAVEPOINT evstack_sp" + (open.depth + 1));
            open.depth++;
            return;
        }
        Connection connection;
        try {
            connection = pool.getConnection();
        } catch (SQLException e) {
            throw new DataAccessException("Cannot get a connection from the pool", e);
        }
        try {
            execute(connection, "START TRANSACTION");
        } catch (RuntimeException e) {
            close(connection);
            throw e;
        }
        ctx.configuration().set(new TransactionConnection(connection));
    }

    @Override
    public void commit(TransactionContext ctx) {
        TransactionConnection open = (TransactionConnection) ctx.configuration().connectionProvider();
        if (open.depth > 0) {
            execute(open.connection, "RELEASE SAVEPOINT " + open.savepoint());
            open.depth--;
            return;
        }
        execute(open.connection, "COMMIT");
        open.done = true;
        close(open.connection);
    }

    @Override
    public void rollback(TransactionContext ctx) {
        if (!(ctx.configuration().connectionProvider() instanceof TransactionConnection open) || open.done) {
            return; // begin failed before a transaction was open, or the commit went through
        }
        if (open.depth > 0) {
            try {
                execute(open.connection, "ROLLBACK TO SAVEPOINT " + open.savepoint());
            } finally {
                open.depth--;
            }
            return;
        }
        open.done = true;
        try {
            execute(open.connection, "ROLLBACK");
            close(open.connection);
        } catch (RuntimeException e) {
            pool.evictConnection(open.connection);
            throw e;
        }
    }

    private static void execute(Connection connection, String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new DataAccessException(sql + " failed: " + e.getMessage(), e);
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new DataAccessException("Cannot return a connection to the pool", e);
        }
    }

    /** The connection of one open transaction, given to jOOQ as the transaction's connection provider. */
    private static final class TransactionConnection implements ConnectionProvider {
        final Connection connection;
        private final DefaultConnectionProvider delegate;
        int depth;
        boolean done;

        TransactionConnection(Connection connection) {
            this.connection = connection;
            this.delegate = new DefaultConnectionProvider(connection);
        }

        String savepoint() {
            return "evstack_sp" + depth;
        }

        @Override
        public Connection acquire() {
            return delegate.acquire();
        }

        @Override
        public void release(Connection released) {
            // The transaction owns the connection until commit or rollback.
        }
    }
}
