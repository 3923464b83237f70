package io.evstack.sim.scenario;

import java.util.Objects;

/**
 * {@code count} chargers of one model, named {@code idPrefix} + a three-digit number from 001, all with
 * the same HTTP Basic password (null: none, security profile 0).
 */
public record ChargerGroup(String model, int count, String idPrefix, String password) {
    public ChargerGroup {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(idPrefix, "idPrefix");
        if (count < 1) {
            throw new IllegalArgumentException("a charger group needs count >= 1");
        }
    }

    public String chargerId(int index) {
        return idPrefix + String.format("%03d", index);
    }
}
