package io.evstack.emsp.account;

import java.util.Objects;

/**
 * The authenticated account behind a driver or fleet API request. Route groups (driver, fleet, billing)
 * receive it from the login check and decide what it may see.
 *
 * @param companyPk the fleet company for fleet drivers and managers, {@code null} for a private driver
 */
public record Caller(long accountPk, Role role, Long companyPk) {
    public Caller {
        Objects.requireNonNull(role, "role");
    }

    /** True when this caller may see data of the given account of the given company. */
    public boolean maySee(long otherAccountPk, Long otherCompanyPk) {
        return switch (role) {
            case SUPPORT -> true;
            case FLEET_MANAGER -> otherAccountPk == accountPk || (companyPk != null && companyPk.equals(otherCompanyPk));
            case DRIVER -> otherAccountPk == accountPk;
        };
    }
}
