package io.evstack.emsp.billing;

import static io.evstack.db.generated.Tables.EMSP_PLAN_HISTORY;
import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.db.Database;
import io.evstack.db.TestClock;
import io.evstack.emsp.account.Caller;
import io.evstack.emsp.account.Role;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.impl.DSL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two plan changes of one driver at the same time (H2, and MariaDB when STACK_TEST_DB_URL is set). The first
 * has read and validated the history and is about to write when the second arrives; latches (no sleeps) hold
 * the first there until the second has either reached the holder's row lock (it then waits for the first to
 * commit and validates against what the first wrote) or, without a lock, written its own row on the same stale
 * history. Made one after the other, the earlier date supersedes the change scheduled later: exactly one
 * history, PAYG20 then SUB30 from 20 March, no third row.
 */
class PlanChangeRaceTest {
    private static final String FIRST = "plan-change-first";
    private static final String SECOND = "plan-change-second";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void concurrentChangesOfOneHolderAreSerializedIntoOneConsistentHistory(Database db) throws Exception {
        BillingFixture f = new BillingFixture(db.dsl());
        long anna = f.account("Anna Race", "DRIVER", null, f.payg);
        db.dsl().insertInto(EMSP_PLAN_HISTORY).set(EMSP_PLAN_HISTORY.HOLDER, "A" + anna).set(EMSP_PLAN_HISTORY.ACCOUNT_PK, anna)
                .set(EMSP_PLAN_HISTORY.PLAN_PK, f.payg).set(EMSP_PLAN_HISTORY.EFFECTIVE_FROM, Instant.parse("2026-01-01T00:00:00Z"))
                .set(EMSP_PLAN_HISTORY.RECORDED_AT, Instant.parse("2026-01-01T00:00:00Z")).execute();

        CountDownLatch firstValidated = new CountDownLatch(1);
        CountDownLatch secondArrived = new CountDownLatch(1);
        DSLContext dsl = DSL.using(db.dsl().configuration().deriveAppending(new ExecuteListener() {
            @Override
            public void executeStart(ExecuteContext ctx) {
                String sql = ctx.sql().toLowerCase(Locale.ROOT);
                String thread = Thread.currentThread().getName();
                if (thread.equals(FIRST) && sql.startsWith("delete") && sql.contains("emsp_plan_history")) {
                    firstValidated.countDown();
                    await(secondArrived);
                } else if (thread.equals(SECOND) && sql.contains("for update")) {
                    secondArrived.countDown(); // it waits for the first's lock from here
                }
            }

            @Override
            public void executeEnd(ExecuteContext ctx) {
                String sql = ctx.sql().toLowerCase(Locale.ROOT);
                if (Thread.currentThread().getName().equals(SECOND) && sql.startsWith("insert") && sql.contains("emsp_plan_history")) {
                    secondArrived.countDown(); // without a lock: it has written on the history the first read too
                }
            }
        }));
        PlanService plans = new PlanService(dsl, new TestClock("2026-03-10T10:00:00Z"), BillingConfig.DEFAULT.zone());
        Caller caller = new Caller(anna, Role.DRIVER, null);

        CompletableFuture<PlanService.PlanHistoryView> first = run(FIRST,
                () -> plans.changeDriverPlan(caller, "SUB30", LocalDate.parse("2026-04-01")));
        await(firstValidated);
        CompletableFuture<PlanService.PlanHistoryView> second = run(SECOND,
                () -> plans.changeDriverPlan(caller, "SUB30", LocalDate.parse("2026-03-20")));
        first.get(60, TimeUnit.SECONDS);
        PlanService.PlanHistoryView after = second.get(60, TimeUnit.SECONDS);

        assertThat(after.history()).extracting(p -> p.plan().code() + "@" + p.effectiveFrom())
                .containsExactly("PAYG20@2026-01-01T00:00:00Z", "SUB30@2026-03-19T23:00:00Z");
        assertThat(db.dsl().fetchCount(EMSP_PLAN_HISTORY, EMSP_PLAN_HISTORY.HOLDER.eq("A" + anna))).isEqualTo(2);
    }

    private static <T> CompletableFuture<T> run(String name, Supplier<T> change) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(change.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, name);
        t.start();
        return result;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) throw new AssertionError("the other plan change never got there");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
