package io.evstack.emsp.account;

import java.time.Instant;

/**
 * An eMSP account as the APIs show it (never its password hash).
 *
 * @param companyPk the fleet company of a fleet driver or manager, {@code null} otherwise
 * @param planCode  the private driver's plan ({@code PAYG} after sign-up), {@code null} for company members
 */
public record Account(long id, String email, String name, Role role, Long companyPk, String planCode, String status,
        Instant createdAt) {}
