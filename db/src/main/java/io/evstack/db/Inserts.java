package io.evstack.db;

import org.jooq.Insert;
import org.jooq.exception.IntegrityConstraintViolationException;

/** Inserts that may meet a row of the same key inserted concurrently. */
public final class Inserts {
    private Inserts() {}

    /**
     * Runs an {@code INSERT … ON CONFLICT DO NOTHING} and answers how many rows it inserted; 0 also where the
     * database raised the conflict instead. H2 emulates the clause with a MERGE, which is not atomic: the same
     * key inserted by another transaction between its check and its insert is a unique-key violation there
     * (seen in FirstStatusTogetherTest), where MariaDB/MySQL's INSERT IGNORE does nothing. Only for an insert
     * whose one unique key is the conflict target; the statement alone fails, not the caller's transaction
     * (H2, MariaDB, MySQL).
     */
    public static int ignoringConflict(Insert<?> insert) {
        try {
            return insert.execute();
        } catch (IntegrityConstraintViolationException concurrentlyInserted) {
            return 0;
        }
    }
}
