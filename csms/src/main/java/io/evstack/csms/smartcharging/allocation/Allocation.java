package io.evstack.csms.smartcharging.allocation;

import java.util.Map;

/** The result: a power limit in W for every EVSE that had a demand (0 means: do not charge now). */
public record Allocation(String algorithm, Map<String, Double> limitW) {
    public Allocation {
        limitW = Map.copyOf(limitW);
    }

    public double limitW(String evseId) {
        return limitW.getOrDefault(evseId, 0.0);
    }

    public double totalW() {
        return limitW.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
