package io.evstack.emsp.billing;

import static io.evstack.db.generated.Tables.EMSP_ACCOUNT;
import static io.evstack.db.generated.Tables.EMSP_COMPANY;
import static io.evstack.db.generated.Tables.EMSP_PLAN;
import static io.evstack.db.generated.Tables.EMSP_PLAN_HISTORY;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/** Plans and their history per holder (V23 emsp_plan_history); takes the transaction's {@link DSLContext}. */
final class PlanRepository {
    /** One row of a holder's history. */
    record Row(String holder, long planPk, Instant effectiveFrom, Instant recordedAt) {}

    private final DSLContext dsl;

    PlanRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<Plan> byCode(String code) {
        return dsl.selectFrom(EMSP_PLAN).where(EMSP_PLAN.CODE.eq(code)).fetchOptional(BillingRepository::plan);
    }

    boolean active(long planPk) {
        return dsl.fetchExists(EMSP_PLAN, EMSP_PLAN.PK.eq(planPk), EMSP_PLAN.ACTIVE.isTrue());
    }

    List<Plan> activePlans() {
        return dsl.selectFrom(EMSP_PLAN).where(EMSP_PLAN.ACTIVE.isTrue()).orderBy(EMSP_PLAN.CODE).fetch(BillingRepository::plan);
    }

    /** Every holder's rows that took effect before {@code before}, oldest first. */
    Map<String, List<Row>> all(Instant before) {
        Map<String, List<Row>> out = new HashMap<>();
        var h = EMSP_PLAN_HISTORY;
        dsl.select(h.HOLDER, h.PLAN_PK, h.EFFECTIVE_FROM, h.RECORDED_AT).from(h).where(h.EFFECTIVE_FROM.lt(before))
                .orderBy(h.EFFECTIVE_FROM)
                .fetch(r -> new Row(r.value1(), r.value2(), r.value3(), r.value4()))
                .forEach(r -> out.computeIfAbsent(r.holder(), k -> new ArrayList<>()).add(r));
        return out;
    }

    /** One holder's rows, scheduled ones included, oldest first. */
    List<Row> of(String holder) {
        var h = EMSP_PLAN_HISTORY;
        return dsl.select(h.HOLDER, h.PLAN_PK, h.EFFECTIVE_FROM, h.RECORDED_AT).from(h).where(h.HOLDER.eq(holder))
                .orderBy(h.EFFECTIVE_FROM).fetch(r -> new Row(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** Records a change; a scheduled change taking effect on or after it is superseded and removed. */
    void record(String holder, Long accountPk, Long companyPk, long planPk, Instant effectiveFrom, Instant now, Long by) {
        var h = EMSP_PLAN_HISTORY;
        dsl.deleteFrom(h).where(h.HOLDER.eq(holder), h.EFFECTIVE_FROM.ge(effectiveFrom)).execute();
        dsl.insertInto(h).set(h.HOLDER, holder).set(h.ACCOUNT_PK, accountPk).set(h.COMPANY_PK, companyPk).set(h.PLAN_PK, planPk)
                .set(h.EFFECTIVE_FROM, effectiveFrom).set(h.RECORDED_AT, now).set(h.RECORDED_BY, by).execute();
    }

    /**
     * A holder's history from its rows; without rows (accounts written before V23 or straight into the table)
     * the V6 plan column, in force since {@code since} (the beginning of time when unknown).
     */
    static PlanHistory history(List<Row> rows, Map<Long, Plan> plans, Long columnPlanPk, Instant since) {
        List<PlanHistory.Change> changes = new ArrayList<>();
        if (rows == null || rows.isEmpty()) {
            Plan p = columnPlanPk == null ? null : plans.get(columnPlanPk);
            if (p != null) changes.add(new PlanHistory.Change(p, since == null ? Instant.EPOCH : since));
        } else {
            for (Row r : rows) {
                Plan p = plans.get(r.planPk());
                if (p != null) changes.add(new PlanHistory.Change(p, r.effectiveFrom()));
            }
        }
        return new PlanHistory(changes);
    }

    /**
     * SELECT … FOR UPDATE of the holder's own row (emsp_account or emsp_company): held until the transaction
     * ends, it makes concurrent plan changes of one holder wait for each other (InnoDB and H2 row locks).
     */
    void lockHolder(Long accountPk, Long companyPk) {
        if (accountPk != null) {
            dsl.select(EMSP_ACCOUNT.PK).from(EMSP_ACCOUNT).where(EMSP_ACCOUNT.PK.eq(accountPk)).forUpdate().fetch();
        } else {
            dsl.select(EMSP_COMPANY.PK).from(EMSP_COMPANY).where(EMSP_COMPANY.PK.eq(companyPk)).forUpdate().fetch();
        }
    }
}
