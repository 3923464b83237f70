package io.evstack.emsp.account;

import java.util.Optional;

/**
 * The code of the plan a private driver or a company is on now, as the APIs show it ({@link Account#planCode},
 * {@link Company#planCode}). Billing's plan history answers it (io.evstack.emsp.billing.PlansInForce), so that a
 * scheduled plan change shows here from the instant it takes effect.
 */
public interface CurrentPlans {
    Optional<String> accountPlanCode(long accountPk);

    Optional<String> companyPlanCode(long companyPk);
}
