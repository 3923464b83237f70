package io.evstack.sim.charger;

/**
 * What a connector delivers at one instant.
 *
 * @param currentA per phase for AC, DC current for DC
 * @param voltage line-to-neutral for AC, the battery's DC voltage for DC
 * @param offeredW what the charger would allow (hardware and profiles), whatever the EV takes
 */
record Draw(double powerW, double currentA, int phases, double voltage, double offeredW, double offeredA) {
    static final Draw NONE = new Draw(0, 0, 0, 0, 0, 0);
}
