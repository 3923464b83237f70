package io.evstack.csms;

import java.util.function.Supplier;
import org.jooq.exception.DataAccessException;

/**
 * Runs a short transaction again when the database chose it as a deadlock victim (SQLState 40001, InnoDB
 * error 1213). InnoDB rolls the victim back whole, so running it again is safe; two chargers reporting a
 * new connector at the same moment are the usual pair (gap locks of a locking read of a missing row).
 */
public final class Deadlocks {
    private static final int ATTEMPTS = 4;

    private Deadlocks() {}

    public static <T> T retry(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (DataAccessException e) {
                if (attempt >= ATTEMPTS || !isDeadlock(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(5L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static boolean isDeadlock(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && ("40001".equals(sql.getSQLState()) || sql.getErrorCode() == 1213)) {
                return true;
            }
        }
        return false;
    }
}
