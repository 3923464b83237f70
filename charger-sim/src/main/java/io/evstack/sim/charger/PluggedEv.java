package io.evstack.sim.charger;

import io.evstack.sim.model.Vehicle;

/** A vehicle plugged into a connector, with its state of charge as it changes. */
final class PluggedEv {
    final Vehicle vehicle;
    double soc;

    PluggedEv(Vehicle vehicle) {
        this.vehicle = vehicle;
        this.soc = vehicle.arrivalSoc();
    }

    boolean full() {
        return soc >= vehicle.targetSoc() - 1e-9;
    }

    /** Energy into the battery. */
    void charge(double wh) {
        soc = Math.min(1.0, soc + wh / vehicle.model().batteryWh());
    }
}
