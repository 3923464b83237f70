package io.evstack.csms.smartcharging;

import io.evstack.csms.smartcharging.allocation.EvseSpec;

/**
 * A power allocation as a charger takes it, independent of the OCPP version: AC in A per phase with the
 * number of phases (rounded down to 0.1 A, so rounding never exceeds the allocation; below 6 A it is 0,
 * IEC 61851-1), DC in W (rounded down to 1 W). OCPP 1.6 section 7.8 and OCPP 2.0.1 section K both carry
 * exactly this (chargingRateUnit, limit, numberPhases); the version-specific builders only wrap it.
 */
public record ChargingLimit(String rateUnit, double limit, Integer numberPhases, double watts) {
    public static final String AMPS = "A";
    public static final String WATTS = "W";

    /** In the unit chargers take by default: W for DC, A per phase for AC. */
    public static ChargingLimit of(EvseSpec evse, double watts) {
        return of(evse, watts, defaultUnit(evse.dc()));
    }

    public static String defaultUnit(boolean dc) {
        return dc ? WATTS : AMPS;
    }

    /**
     * In the given unit ("A" or "W"). AC in W keeps the 6 A minimum (below it, 0) and names its phases,
     * so the charger converts back with the same count. DC in A is grid-side current per phase (W = A x
     * 230 V x 3), the convention of DC firmware that takes A at all.
     */
    public static ChargingLimit of(EvseSpec evse, double watts, String unit) {
        double w = Math.max(0, watts);
        int phases = evse.dc() ? 3 : evse.phases();
        double perAmp = EvseSpec.VOLTAGE * phases;
        if (WATTS.equals(unit)) {
            double floored = Math.floor(w);
            if (!evse.dc() && floored < evse.minW()) {
                floored = 0;
            }
            return new ChargingLimit(WATTS, floored, evse.dc() ? null : phases, floored);
        }
        double amps = Math.floor(w / perAmp * 10) / 10;
        if (!evse.dc() && amps < EvseSpec.MIN_AC_AMPS) {
            amps = 0;
        }
        return new ChargingLimit(AMPS, amps, phases, amps * perAmp);
    }

    /** A station-wide cap (ChargePointMaxProfile / ChargingStationMaxProfile) of {@code watts} over {@code phases}. */
    public static ChargingLimit station(double watts, int phases, String unit) {
        double w = Math.floor(Math.max(0, watts));
        if (WATTS.equals(unit)) {
            return new ChargingLimit(WATTS, w, null, w);
        }
        double amps = Math.floor(w / (EvseSpec.VOLTAGE * phases) * 10) / 10;
        return new ChargingLimit(AMPS, amps, phases, amps * EvseSpec.VOLTAGE * phases);
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
