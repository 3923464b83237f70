package io.evstack.db;

import static io.evstack.db.generated.Tables.ID_TAG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every repository relies on from {@code dsl.transactionResult}: all or nothing, nested
 * transactions as savepoints, and a connection that goes back to the pool outside any transaction.
 * On MariaDB/MySQL this exercises {@link ExplicitTransactionProvider}; on H2 jOOQ's default provider.
 */
class TransactionsTest {

    static List<Database> databases() {
        return TestDatabases.all();
    }

    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z").truncatedTo(ChronoUnit.MILLIS);

    private static void insertTag(DSLContext dsl, String tag) {
        dsl.insertInto(ID_TAG).set(ID_TAG.ID_TAG_, tag).set(ID_TAG.CREATED_AT, T).set(ID_TAG.UPDATED_AT, T).execute();
    }

    private static List<String> tags(Database db) {
        return db.dsl().select(ID_TAG.ID_TAG_).from(ID_TAG).orderBy(ID_TAG.ID_TAG_).fetch(ID_TAG.ID_TAG_);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void committedWorkIsVisibleAndFailedWorkLeavesNothing(Database db) {
        TestDatabases.reset(db);
        db.dsl().transaction(tx -> {
            insertTag(tx.dsl(), "A");
            insertTag(tx.dsl(), "B");
        });
        assertThatThrownBy(() -> db.dsl().transaction(tx -> {
            insertTag(tx.dsl(), "C");
            throw new IllegalStateException("boom");
        })).hasMessageContaining("boom");
        assertThatThrownBy(() -> db.dsl().transaction(tx -> {
            insertTag(tx.dsl(), "D");
            insertTag(tx.dsl(), "A"); // unique key: the statement fails, the whole transaction with it
        }));
        assertThat(tags(db)).containsExactly("A", "B");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aFailedNestedTransactionUndoesOnlyItsOwnWork(Database db) {
        TestDatabases.reset(db);
        db.dsl().transaction(tx -> {
            insertTag(tx.dsl(), "OUTER");
            try {
                tx.dsl().transaction(inner -> {
                    insertTag(inner.dsl(), "INNER-LOST");
                    throw new IllegalStateException("inner");
                });
            } catch (IllegalStateException expected) {
                // the outer transaction carries on
            }
            tx.dsl().transaction(inner -> insertTag(inner.dsl(), "INNER-KEPT"));
        });
        assertThat(tags(db)).containsExactly("INNER-KEPT", "OUTER");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void uncommittedWorkIsInvisibleToOthersAndConnectionsReturnOutsideATransaction(Database db) throws Exception {
        TestDatabases.reset(db);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            db.dsl().transaction(tx -> {
                insertTag(tx.dsl(), "PENDING");
                Future<Integer> seen = other.submit(() -> db.dsl().fetchCount(ID_TAG, ID_TAG.ID_TAG_.eq("PENDING")));
                assertThat(seen.get()).isZero();
            });
            // Many short transactions after a failed one: had a connection gone back to the pool inside an
            // open transaction, a later plain statement on it would never be committed and vanish here.
            for (int i = 0; i < 20; i++) {
                String tag = "T" + i;
                if (i % 3 == 0) {
                    assertThatThrownBy(() -> db.dsl().transaction(tx -> {
                        insertTag(tx.dsl(), "X" + tag);
                        throw new IllegalStateException("fail " + tag);
                    }));
                }
                insertTag(db.dsl(), tag);
            }
            int committed = other.submit(() -> db.dsl().fetchCount(ID_TAG)).get();
            assertThat(committed).isEqualTo(21);
            assertThat(tags(db)).doesNotContain("XT0", "XT3");
        } finally {
            other.shutdownNow();
        }
    }
}
