package io.evstack.csms.smartcharging.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The steps of simulated time shared by the online simulation and the offline optimum, so both play by
 * the same rules: a car can charge in step k when it has arrived by the step's start and stays until its
 * end.
 */
record TimeGrid(Instant start, Duration step, int steps) {

    static TimeGrid of(List<WorkloadSession> sessions, Duration step) {
        long s = step.toSeconds();
        long first = sessions.stream().mapToLong(x -> x.arrival().getEpochSecond()).min().orElse(0);
        long last = sessions.stream().mapToLong(x -> x.departure().getEpochSecond()).max().orElse(0);
        long start = Math.floorDiv(first, s) * s;
        int steps = (int) Math.max(0, Math.ceilDiv(last - start, s));
        return new TimeGrid(Instant.ofEpochSecond(start), step, steps);
    }

    Instant at(int k) {
        return start.plus(step.multipliedBy(k));
    }

    boolean usable(WorkloadSession s, int k) {
        return !s.arrival().isAfter(at(k)) && !s.departure().isBefore(at(k + 1));
    }

    /** The last step a car can charge in. */
    int lastStep(WorkloadSession s) {
        long k = Math.floorDiv(s.departure().getEpochSecond() - start.getEpochSecond(), step.toSeconds()) - 1;
        return (int) k;
    }

    double hours() {
        return step.toSeconds() / 3600.0;
    }
}
