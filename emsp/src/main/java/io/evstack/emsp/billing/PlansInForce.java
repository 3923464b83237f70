package io.evstack.emsp.billing;

import io.evstack.emsp.account.Caller;
import io.evstack.emsp.account.CurrentPlans;
import io.evstack.emsp.account.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The one place that says which plan a private driver or a fleet company is on at an instant: the plan history
 * (V23 emsp_plan_history, {@link PlanHistory#at}) read at that instant. Never the plan column of emsp_account or
 * emsp_company, which a change scheduled for later does not update when it takes effect. "Now" is the injected
 * clock's, so a change scheduled for the 1st is what the driver sees and pays from its first millisecond, with
 * no sweep to run (and no window in which a sweep has not run yet).
 *
 * <p>A fleet member is priced with the company's plan; a support account has none.
 */
public final class PlansInForce implements CurrentPlans {
    private final DSLContext dsl;
    private final Clock clock;

    public PlansInForce(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** The plan the caller's charging is priced with at {@code t}: the company's for a fleet account. */
    public Optional<Plan> at(Caller caller, Instant t) {
        if (caller.companyPk() != null) return ofCompany(caller.companyPk(), t);
        if (caller.role() == Role.SUPPORT) return Optional.empty();
        return ofAccount(caller.accountPk(), t);
    }

    /** {@link #at(Caller, Instant)} at the clock's now. */
    public Optional<Plan> now(Caller caller) {
        return at(caller, clock.instant());
    }

    /** A private driver's plan at {@code t}; empty for an unknown account or one without any plan. */
    public Optional<Plan> ofAccount(long accountPk, Instant t) {
        return PlanHolder.account(dsl, accountPk).flatMap(h -> at(h, t));
    }

    /** A company's plan at {@code t}; empty for an unknown company. */
    public Optional<Plan> ofCompany(long companyPk, Instant t) {
        return PlanHolder.company(dsl, companyPk).flatMap(h -> at(h, t));
    }

    /** The caller's whole plan history (the company's for a fleet account); empty for support or an unknown holder. */
    public Optional<PlanHistory> history(Caller caller) {
        Optional<PlanHolder> h = caller.companyPk() != null ? PlanHolder.company(dsl, caller.companyPk())
                : caller.role() == Role.SUPPORT ? Optional.empty() : PlanHolder.account(dsl, caller.accountPk());
        return h.map(x -> x.history(dsl, new BillingRepository(dsl).plans()));
    }

    private Optional<Plan> at(PlanHolder h, Instant t) {
        return h.history(dsl, new BillingRepository(dsl).plans()).at(t).map(PlanHistory.Change::plan);
    }

    @Override
    public Optional<String> accountPlanCode(long accountPk) {
        return ofAccount(accountPk, clock.instant()).map(Plan::code);
    }

    @Override
    public Optional<String> companyPlanCode(long companyPk) {
        return ofCompany(companyPk, clock.instant()).map(Plan::code);
    }
}
