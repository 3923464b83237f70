package io.evstack.sim.clock;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Simulated time: starts at {@code origin} and runs {@code speed} times faster than the real clock, so a
 * day of depot operation at speed 100 takes under 15 minutes. Every behaviour timer of the simulation
 * (heartbeats, meter samples, arrivals, departures, boot retries) is scheduled through it on a Netty
 * event loop, its simulated delay divided by the speed. Immutable and thread-safe.
 */
public final class SimClock {
    private final Instant origin;
    private final double speed;
    private final LongSupplier nanoTime;
    private final long realOriginNanos;

    public SimClock(Instant origin, double speed, LongSupplier nanoTime) {
        this.origin = Objects.requireNonNull(origin, "origin");
        if (!(speed > 0.0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be positive and finite: " + speed);
        }
        this.speed = speed;
        this.nanoTime = nanoTime;
        this.realOriginNanos = nanoTime.getAsLong();
    }

    /** A clock that starts at the current wall-clock time and runs {@code speed} times as fast. */
    public static SimClock startingNow(double speed) {
        return new SimClock(Instant.now(), speed, System::nanoTime);
    }

    public static SimClock realTime() {
        return startingNow(1.0);
    }

    public Instant now() {
        long realElapsed = nanoTime.getAsLong() - realOriginNanos;
        return origin.plusNanos((long) (realElapsed * speed));
    }

    public Instant origin() {
        return origin;
    }

    public double speed() {
        return speed;
    }

    /** How long a simulated duration lasts in real time. */
    public Duration toReal(Duration simulated) {
        return Duration.ofNanos((long) (simulated.toNanos() / speed));
    }

    /** How much simulated time passes in a real duration. */
    public Duration toSimulated(Duration real) {
        return Duration.ofNanos((long) (real.toNanos() * speed));
    }

    /** Runs {@code task} on {@code loop} after {@code delay} of simulated time. */
    public ScheduledFuture<?> schedule(EventExecutor loop, Duration delay, Runnable task) {
        long nanos = Math.max(0L, (long) (delay.toNanos() / speed));
        return loop.schedule(task, nanos, TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} on {@code loop} when the simulated clock reaches {@code at} (at once if it has). */
    public ScheduledFuture<?> scheduleAt(EventExecutor loop, Instant at, Runnable task) {
        return schedule(loop, Duration.between(now(), at), task);
    }

    @Override
    public String toString() {
        return "SimClock[origin=" + origin + ", speed=" + speed + "]";
    }
}
