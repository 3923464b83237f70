package io.evstack.sim.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One vehicle's visit: which EV, how full it arrives, how full its driver wants it, when it comes and
 * goes, and the RFID card its driver presents (null: the driver starts remotely, through an app).
 */
public record Vehicle(String name, EvModel model, double arrivalSoc, double targetSoc, Instant arrival,
        Instant departure, String idTag) {
    public Vehicle {
        Objects.requireNonNull(model, "model");
        if (arrivalSoc < 0 || arrivalSoc > 1 || targetSoc < 0 || targetSoc > 1) {
            throw new IllegalArgumentException("SoC is a fraction 0..1");
        }
        if (arrival != null && departure != null && departure.isBefore(arrival)) {
            throw new IllegalArgumentException("departure before arrival");
        }
    }

    /** The energy the driver wants, in Wh (into the battery). */
    public double energyNeedWh() {
        return Math.max(0.0, targetSoc - arrivalSoc) * model.batteryWh();
    }
}
