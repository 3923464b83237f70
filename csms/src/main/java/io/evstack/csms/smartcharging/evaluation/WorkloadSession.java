package io.evstack.csms.smartcharging.evaluation;

import java.time.Instant;
import java.util.Objects;

/** One line of a depot workload: a car that arrives, needs energy and leaves. */
public record WorkloadSession(String id, Instant arrival, Instant departure, double energyKwh, double maxKw) {
    public WorkloadSession {
        Objects.requireNonNull(id, "id");
        if (!departure.isAfter(arrival)) {
            throw new IllegalArgumentException("session " + id + " departs before it arrives");
        }
        if (energyKwh < 0 || maxKw <= 0) {
            throw new IllegalArgumentException("session " + id + " needs energy >= 0 and max_kw > 0");
        }
    }

    /** Above 22 kW only a DC charger delivers it. */
    public boolean dc() {
        return maxKw > 22.0;
    }
}
