package io.evstack.csms.smartcharging.allocation;

import java.time.Instant;
import java.util.Objects;

/**
 * A car charging on an EVSE, as far as the CSMS knows it.
 *
 * @param remainingWh energy it still needs; {@code Double.POSITIVE_INFINITY} when unknown
 * @param departure when it leaves; null when unknown (the caller usually fills in a site default)
 * @param priority higher first; 0 is normal
 * @param maxW the car's own limit where known (the EVSE's applies anyway); +∞ when unknown
 * @param drawW what it draws now according to its meter, null when not measured yet
 * @param lastLimitW the limit it was last given, null when none
 */
public record Demand(String evseId, String sessionId, Instant arrival, Instant departure, double remainingWh,
        int priority, double maxW, Double drawW, Double lastLimitW) {
    public Demand {
        Objects.requireNonNull(evseId, "evseId");
        Objects.requireNonNull(arrival, "arrival");
    }

    public static Demand of(String evseId, Instant arrival, Instant departure, double remainingWh) {
        return new Demand(evseId, evseId, arrival, departure, remainingWh, 0, Double.POSITIVE_INFINITY, null, null);
    }

    public Demand withPriority(int p) {
        return new Demand(evseId, sessionId, arrival, departure, remainingWh, p, maxW, drawW, lastLimitW);
    }

    public Demand withDraw(double draw, double lastLimit) {
        return new Demand(evseId, sessionId, arrival, departure, remainingWh, priority, maxW, draw, lastLimit);
    }

    public Demand withMaxW(double w) {
        return new Demand(evseId, sessionId, arrival, departure, remainingWh, priority, w, drawW, lastLimitW);
    }
}
