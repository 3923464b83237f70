package io.evstack.sim.ocpp;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential reconnect back-off with jitter: the n-th failure in a row waits
 * {@code min(max, initial * multiplier^(n-1))}, spread by ±{@code jitter} so that a thousand chargers
 * dropped at once do not come back in lockstep.
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0, 0.25);

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier below 1: " + multiplier);
        }
        if (jitter < 0.0 || jitter >= 1.0) {
            throw new IllegalArgumentException("jitter outside [0, 1): " + jitter);
        }
    }

    /** The delay before the next attempt after {@code failures} failures in a row (0 after a clean drop). */
    public Duration delay(int failures, RandomGenerator random) {
        double base = Math.min(max.toNanos(), initial.toNanos() * Math.pow(multiplier, Math.max(0, failures - 1)));
        double spread = 1.0 + jitter * (2.0 * random.nextDouble() - 1.0);
        return Duration.ofNanos((long) Math.min(max.toNanos(), base * spread));
    }
}
