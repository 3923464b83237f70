package io.evstack.sim.charging;

import io.evstack.ocpp.v16.ChargingRateUnitType;

/**
 * Converts limits between A (per phase) and W (total) as OCPP 1.6 section 3.13 says: W = A x U x phases,
 * with U the nominal 230 V line-to-neutral voltage.
 */
public record RateConverter(double voltage, int defaultPhases) {
    public double convert(double value, ChargingRateUnitType from, ChargingRateUnitType to, Integer phases) {
        if (from == to) {
            return value;
        }
        int n = phases != null && phases > 0 ? phases : defaultPhases;
        return from == ChargingRateUnitType.A ? value * voltage * n : value / (voltage * n);
    }
}
