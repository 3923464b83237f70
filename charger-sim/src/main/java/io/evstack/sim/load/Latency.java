package io.evstack.sim.load;

import org.HdrHistogram.Histogram;

/** Reply latency percentiles in milliseconds, as the progress line and the report show them. */
public record Latency(long count, double p50, double p95, double p99, double p999, double max, double mean) {
    public static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0, 0);

    /** From a histogram recorded in microseconds. */
    static Latency of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return NONE;
        }
        return new Latency(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(95)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()),
                Math.round(micros.getMean()) / 1000.0);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
