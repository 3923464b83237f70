package io.evstack.sim.model;

import java.util.Objects;

/**
 * A kind of electric vehicle.
 *
 * @param acMaxPowerW what the on-board charger takes on AC
 * @param acPhases how many phases the on-board charger uses (1 or 3)
 * @param nominalVoltage the battery's nominal voltage (400 V or 800 V class); the DC voltage follows SoC
 */
public record EvModel(String id, double batteryKwh, double acMaxPowerW, int acPhases, ChargingCurve dcCurve,
        double nominalVoltage) {
    public EvModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dcCurve, "dcCurve");
        if (batteryKwh <= 0 || acMaxPowerW <= 0 || (acPhases != 1 && acPhases != 3)) {
            throw new IllegalArgumentException(id + ": implausible EV model");
        }
    }

    /** The battery's DC voltage at this state of charge. */
    public double voltageAt(double soc) {
        return nominalVoltage * (0.86 + 0.2 * Math.clamp(soc, 0.0, 1.0));
    }

    public double batteryWh() {
        return batteryKwh * 1000.0;
    }
}
