package io.evstack.emsp.billing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Whose plan: a private driver ("A" + account pk) or a fleet company ("C" + company pk), the buyer key of
 * emsp_billed_*, with the V6 plan column of its row. The column is the plan at creation and is read only for a
 * holder without plan history rows (rows written straight into the table, before V23); it is never the plan in
 * force once the history has a row ({@link PlansInForce}).
 */
record PlanHolder(String key, Long accountPk, Long companyPk, Long columnPlanPk, Instant columnSince) {

    static Optional<PlanHolder> account(DSLContext dsl, long accountPk) {
        BillingRepository.Account a = new BillingRepository(dsl).accounts(List.of(accountPk)).get(accountPk);
        return Optional.ofNullable(a).map(x -> new PlanHolder("A" + accountPk, accountPk, null, x.planPk(), x.planSince()));
    }

    static Optional<PlanHolder> company(DSLContext dsl, long companyPk) {
        BillingRepository.Company c = new BillingRepository(dsl).companies().get(companyPk);
        return Optional.ofNullable(c).map(x -> new PlanHolder("C" + companyPk, null, companyPk, x.planPk(), null));
    }

    /** This holder's plan history as stored, scheduled changes included. */
    PlanHistory history(DSLContext dsl, Map<Long, Plan> plans) {
        return PlanRepository.history(new PlanRepository(dsl).of(key), plans, columnPlanPk, columnSince);
    }

    /**
     * Locks the holder's row (emsp_account or emsp_company) until the calling transaction ends, so that plan
     * changes of one holder are made one after the other: the second reads the history the first wrote.
     */
    void lock(DSLContext tx) {
        new PlanRepository(tx).lockHolder(accountPk, companyPk);
    }
}
