package io.evstack.emsp.account;

import java.time.Instant;

/**
 * An eMSP account as the APIs show it (never its password hash).
 *
 * @param companyId the fleet company of a fleet driver or manager, {@code null} otherwise
 * @param planCode  the private driver's plan in force now ({@code PAYG} after sign-up; a scheduled change shows from
 *                  the instant it takes effect), {@code null} for company members and support
 */
public record Account(long id, String email, String name, Role role, Long companyId, String planCode, String status,
        Instant createdAt) {

    /** The same account with its plan code. */
    public Account withPlanCode(String code) {
        return new Account(id, email, name, role, companyId, code, status, createdAt);
    }
}
