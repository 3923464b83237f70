package io.evstack.csms.smartcharging.allocation;

import java.util.Objects;

/**
 * One EVSE (an OCPP 1.6 connector) and what it can deliver.
 *
 * @param circuitId the circuit it hangs from, null for the site's connection directly
 * @param phases 1 or 3 for AC (3 for DC: the grid side of a DC unit is three-phase)
 * @param phase for a one-phase AC EVSE, the line (1..3) it is wired to; phase rotation is how depots
 *     spread single-phase load
 * @param maxW its own power limit
 * @param fallbackW what it may draw when the CSMS cannot reach it (the fallback profile installed on it)
 */
public record EvseSpec(String id, String circuitId, boolean dc, int phases, int phase, double maxW, double fallbackW) {
    /** Nominal phase-to-neutral voltage used to convert between A per phase and W. */
    public static final double VOLTAGE = 230.0;
    /** IEC 61851-1: an AC EV cannot charge below 6 A per phase. */
    public static final double MIN_AC_AMPS = 6.0;

    public EvseSpec {
        Objects.requireNonNull(id, "id");
        if (phases != 1 && phases != 3) {
            throw new IllegalArgumentException("EVSE " + id + ": phases must be 1 or 3");
        }
        if (phase < 1 || phase > 3) {
            phase = 1;
        }
        if (maxW < 0 || fallbackW < 0) {
            throw new IllegalArgumentException("EVSE " + id + ": limits must not be negative");
        }
    }

    public static EvseSpec ac(String id, String circuitId, int phases, double maxAmps) {
        return new EvseSpec(id, circuitId, false, phases, 1, maxAmps * VOLTAGE * phases, 0);
    }

    public static EvseSpec dc(String id, String circuitId, double maxW) {
        return new EvseSpec(id, circuitId, true, 3, 1, maxW, 0);
    }

    public EvseSpec withFallbackW(double w) {
        return new EvseSpec(id, circuitId, dc, phases, phase, maxW, w);
    }

    /** The lowest non-zero rate: 6 A on every phase it uses for AC, anything for DC. */
    public double minW() {
        return dc ? 0 : MIN_AC_AMPS * VOLTAGE * phases;
    }

    /** Amps on line {@code line} (0..2) per watt this EVSE draws. */
    double ampsPerWatt(int line) {
        if (dc || phases == 3) {
            return 1.0 / (3 * VOLTAGE);
        }
        return line == phase - 1 ? 1.0 / VOLTAGE : 0.0;
    }
}
