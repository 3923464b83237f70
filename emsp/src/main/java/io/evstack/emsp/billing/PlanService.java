package io.evstack.emsp.billing;

import io.evstack.emsp.account.Caller;
import io.evstack.emsp.account.Role;
import io.javalin.openapi.OpenApiDescription;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * Plan changes with an effective date, and the plan history a driver or a fleet company sees.
 *
 * <p>Who may change what: a private driver their own plan (pay-as-you-go or subscription); a fleet manager
 * their company's, support anyone's. A change takes effect at the start of a day in the billing zone, today
 * or later; support may date one back, but never into a month already billed for that driver or company (a
 * credit note first). A later change scheduled on or after the new one's date is superseded. The new plan
 * must be active and in the currency of the one it follows, since an invoice has one currency.
 */
public final class PlanService {
    private static final Set<Plan.Kind> DRIVER_KINDS = EnumSet.of(Plan.Kind.PAY_AS_YOU_GO, Plan.Kind.SUBSCRIPTION);

    @OpenApiDescription("A plan one may choose, its prices excl. VAT")
    public record PlanOffer(String code, String name, Plan.Kind kind, String currency, BigDecimal markupPercent,
            BigDecimal pricePerKwh, BigDecimal monthlyFee, BigDecimal includedKwh, BigDecimal vatPercent) {
        static PlanOffer of(Plan p) {
            return new PlanOffer(p.code(), p.name(), p.kind(), p.currency(), p.markupPercent(), p.pricePerKwh(), p.monthlyFee(),
                    p.includedKwh(), p.vatPercent());
        }
    }

    @OpenApiDescription("One plan of the history, in force from effectiveFrom until effectiveUntil (null: no end yet)")
    public record PlanPeriod(PlanOffer plan, Instant effectiveFrom, Instant effectiveUntil,
            @OpenApiDescription("True for the plan in force now; a later one is scheduled") boolean current) {}

    @OpenApiDescription("The plans a driver or a company held, holds and will hold, oldest first")
    public record PlanHistoryView(@OpenApiDescription("A + account id (private driver) or C + company id") String holder,
            PlanOffer current, List<PlanPeriod> history) {}

    private final DSLContext dsl;
    private final Clock clock;
    private final ZoneId zone;

    public PlanService(DSLContext dsl, Clock clock, ZoneId billingZone) {
        this.dsl = dsl;
        this.clock = clock;
        this.zone = billingZone;
    }

    /** Plans a private driver may choose (active pay-as-you-go and subscription plans), or a company (all active). */
    public List<PlanOffer> offers(boolean company) {
        return new PlanRepository(dsl).activePlans().stream().filter(p -> company || DRIVER_KINDS.contains(p.kind()))
                .map(PlanOffer::of).toList();
    }

    /** The caller's own plan history: a private driver's, or a fleet member's company's. */
    public PlanHistoryView driverHistory(Caller caller) {
        PlanHolder h = caller.companyPk() != null ? companyHolder(caller.companyPk()) : accountHolder(caller.accountPk());
        return view(h, new BillingRepository(dsl).plans());
    }

    public PlanHistoryView companyHistory(Caller caller, long companyPk) {
        mayManage(caller, companyPk);
        return view(companyHolder(companyPk), new BillingRepository(dsl).plans());
    }

    /** A private driver changes their own plan. */
    public PlanHistoryView changeDriverPlan(Caller caller, String planCode, LocalDate effective) {
        if (caller.companyPk() != null || caller.role() == Role.SUPPORT) {
            throw BillingException.forbidden("A fleet account's plan is its company's: a fleet manager changes it");
        }
        return change(caller, accountHolder(caller.accountPk()), planCode, effective, DRIVER_KINDS);
    }

    /** A fleet manager (their own company) or support changes a company's plan. */
    public PlanHistoryView changeCompanyPlan(Caller caller, long companyPk, String planCode, LocalDate effective) {
        mayManage(caller, companyPk);
        return change(caller, companyHolder(companyPk), planCode, effective, EnumSet.allOf(Plan.Kind.class));
    }

    private PlanHolder accountHolder(long accountPk) {
        return PlanHolder.account(dsl, accountPk).orElseThrow(() -> BillingException.notFound("No account " + accountPk));
    }

    private PlanHolder companyHolder(long companyPk) {
        return PlanHolder.company(dsl, companyPk).orElseThrow(() -> BillingException.notFound("No company " + companyPk));
    }

    private static void mayManage(Caller caller, long companyPk) {
        boolean ok = caller.role() == Role.SUPPORT
                || (caller.role() == Role.FLEET_MANAGER && caller.companyPk() != null && caller.companyPk() == companyPk);
        if (!ok) throw BillingException.forbidden("Only the company's fleet managers and support manage its plan");
    }

    private PlanHistoryView change(Caller caller, PlanHolder h, String planCode, LocalDate effective, Set<Plan.Kind> kinds) {
        if (planCode == null || planCode.isBlank()) throw BillingException.badRequest("'planCode' is required");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate date = effective == null ? today : effective;
        if (date.isBefore(today) && caller.role() != Role.SUPPORT) {
            throw BillingException.badRequest("A plan change takes effect today (" + today + ") or later");
        }
        Instant from = date.atStartOfDay(zone).toInstant();
        try {
            dsl.transaction(cfg -> {
                // First the holder's row lock, then every read: a concurrent change of the same holder waits here
                // until this one commits and then validates against the history this one wrote.
                h.lock(cfg.dsl());
                PlanRepository repo = new PlanRepository(cfg.dsl());
                BillingRepository billing = new BillingRepository(cfg.dsl());
                Plan plan = repo.byCode(planCode.strip()).filter(p -> repo.active(p.pk()))
                        .orElseThrow(() -> BillingException.badRequest("No active plan '" + planCode.strip() + "'"));
                if (!kinds.contains(plan.kind())) {
                    throw BillingException.badRequest("Plan " + plan.code() + " (" + plan.kind() + ") is not for a private driver");
                }
                Map<Long, Plan> plans = billing.plans();
                List<PlanRepository.Row> rows = repo.of(h.key());
                PlanHistory history = PlanRepository.history(rows, plans, h.columnPlanPk(), h.columnSince());
                PlanHistory.Change inForce = history.at(from).orElse(null);
                if (inForce != null && !inForce.plan().currency().equals(plan.currency())) {
                    throw BillingException.conflict("Plan " + plan.code() + " is in " + plan.currency() + ", the plan it would follow in "
                            + inForce.plan().currency() + ": an invoice has one currency");
                }
                if (inForce != null && inForce.plan().pk() == plan.pk() && history.until(inForce) == null) {
                    throw BillingException.conflict("Already on plan " + plan.code() + " from " + date);
                }
                if (billing.billedFrom(h.key(), YearMonth.from(date).toString())) {
                    throw BillingException.conflict(YearMonth.from(date) + " or later is already invoiced; a change can take effect "
                            + "only in a month not billed yet (issue a credit note first)");
                }
                if (rows.isEmpty() && inForce != null) {
                    // The plan held so far had no history row (written before V23): keep it as the first one.
                    repo.record(h.key(), h.accountPk(), h.companyPk(), inForce.plan().pk(), inForce.effectiveFrom(), now, null);
                }
                // Only the history changes: the plan in force at any instant is read from it (PlansInForce).
                repo.record(h.key(), h.accountPk(), h.companyPk(), plan.pk(), from, now, caller.accountPk());
            });
        } catch (IntegrityConstraintViolationException e) {
            throw BillingException.conflict("Another change of this plan was recorded meanwhile; try again");
        }
        return view(h, new BillingRepository(dsl).plans());
    }

    private PlanHistoryView view(PlanHolder h, Map<Long, Plan> plans) {
        PlanHistory history = h.history(dsl, plans);
        Instant now = clock.instant();
        PlanHistory.Change current = history.at(now).orElse(null);
        List<PlanPeriod> periods = new ArrayList<>();
        for (PlanHistory.Change c : history.changes()) {
            periods.add(new PlanPeriod(PlanOffer.of(c.plan()), c.effectiveFrom(), history.until(c), c == current));
        }
        return new PlanHistoryView(h.key(), current == null ? null : PlanOffer.of(current.plan()), periods);
    }
}
