package io.evstack.sim.scenario;

import java.time.Duration;

/**
 * One planned vehicle: it arrives {@code at} after the scenario starts and stays {@code stay}.
 *
 * @param idTag the card its driver presents; null takes the next of the scenario's id tags
 */
public record FixedArrival(Duration at, String evModel, double soc, double targetSoc, Duration stay, String idTag) {}
