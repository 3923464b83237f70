package io.evstack.csms.smartcharging;

import io.evstack.csms.smartcharging.allocation.EvseSpec;

/**
 * A power allocation as a charger takes it, independent of the OCPP version: AC in A per phase with the
 * number of phases (rounded down to 0.1 A, so rounding never exceeds the allocation; below 6 A it is 0,
 * IEC 61851-1), DC in W (rounded down to 1 W). OCPP 1.6 section 7.8 and OCPP 2.0.1 section K both carry
 * exactly this (chargingRateUnit, limit, numberPhases); the version-specific builders only wrap it.
 */
public record ChargingLimit(String rateUnit, double limit, Integer numberPhases, double watts) {

    public static ChargingLimit of(EvseSpec evse, double watts) {
        if (evse.dc()) {
            double w = Math.floor(Math.max(0, watts));
            return new ChargingLimit("W", w, null, w);
        }
        double amps = Math.floor(Math.max(0, watts) / (EvseSpec.VOLTAGE * evse.phases()) * 10) / 10;
        if (amps < EvseSpec.MIN_AC_AMPS) {
            amps = 0;
        }
        return new ChargingLimit("A", amps, evse.phases(), amps * EvseSpec.VOLTAGE * evse.phases());
    }

    /** Whether a charger running at {@code previous} should be sent this one: any decrease, or a rise worth a message. */
    public boolean differsFrom(ChargingLimit previous, EvseSpec evse) {
        if (previous == null || !previous.rateUnit.equals(rateUnit)) {
            return true;
        }
        if (watts < previous.watts) {
            return true;
        }
        return watts - previous.watts > Math.max(0.02 * evse.maxW(), 230.0);
    }
}
