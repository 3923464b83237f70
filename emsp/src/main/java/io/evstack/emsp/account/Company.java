package io.evstack.emsp.account;

import java.time.Instant;

/**
 * A fleet customer: one contract (plan), its vehicles, drivers and managers.
 *
 * @param planCode the company's plan in force now (a scheduled change shows from the instant it takes effect)
 */
public record Company(long id, String name, String vatId, String billingAddress, String planCode, Instant createdAt) {

    /** The same company with its plan code. */
    public Company withPlanCode(String code) {
        return new Company(id, name, vatId, billingAddress, code, createdAt);
    }
}
