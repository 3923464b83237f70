package io.evstack.ocpi.chargingprofiles;

import io.evstack.ocpi.transport.OcpiException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * ChargingProfile (section 14.4.2): a limit schedule for a session, in W or A (per phase), periods
 * relative to {@code startDateTime} (or to when the charger receives it, when absent).
 */
public record OcpiChargingProfile(Instant startDateTime, Integer duration, String chargingRateUnit,
        BigDecimal minChargingRate, List<Period> chargingProfilePeriod) {

    /** ChargingProfilePeriod (14.4.3): from {@code startPeriod} seconds on, at most {@code limit}. */
    public record Period(int startPeriod, BigDecimal limit) {}

    /** Throws 2001 for a profile a charger could not take. */
    public OcpiChargingProfile validated() {
        if (!"W".equals(chargingRateUnit) && !"A".equals(chargingRateUnit)) {
            throw OcpiException.invalid("charging_rate_unit must be W or A");
        }
        if (chargingProfilePeriod == null || chargingProfilePeriod.isEmpty()) {
            throw OcpiException.invalid("charging_profile_period must list at least one period");
        }
        int previous = -1;
        for (Period p : chargingProfilePeriod) {
            if (p.startPeriod() <= previous || p.limit() == null || p.limit().signum() < 0) {
                throw OcpiException.invalid("charging_profile_period: start_period must increase and limit be >= 0");
            }
            previous = p.startPeriod();
        }
        if (duration != null && duration <= 0) {
            throw OcpiException.invalid("duration must be positive");
        }
        return this;
    }
}
