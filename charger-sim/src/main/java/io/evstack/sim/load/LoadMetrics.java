package io.evstack.sim.load;

import io.evstack.sim.ocpp.LinkMetrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The counters and reply-latency histograms of a load run, fed from every event loop without locks
 * (HdrHistogram {@link Recorder}s per action); the progress display drains them once a second into the
 * current phase's histograms.
 */
final class LoadMetrics implements LinkMetrics {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger booted = new AtomicInteger();
    final LongAdder connects = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder disconnects = new LongAdder();
    final LongAdder framesSent = new LongAdder();
    final LongAdder framesReceived = new LongAdder();
    final LongAdder answered = new LongAdder();
    final LongAdder callErrors = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder transactionsStarted = new LongAdder();
    final LongAdder transactionsCompleted = new LongAdder();
    final LongAdder transactionsFailed = new LongAdder();
    final LongAdder transactionsSkipped = new LongAdder();

    private final Map<String, Recorder> recorders = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> callErrorsByAction = new ConcurrentHashMap<>();
    private final Object drainLock = new Object();
    private Map<String, Histogram> phase = new TreeMap<>();

    @Override public void connected() { connected.incrementAndGet(); connects.increment(); }
    @Override public void disconnected() { connected.decrementAndGet(); disconnects.increment(); }
    @Override public void connectFailed() { connectFailures.increment(); }
    @Override public void frameSent() { framesSent.increment(); }
    @Override public void frameReceived() { framesReceived.increment(); }
    @Override public void timedOut(String action) { timeouts.increment(); }

    @Override
    public void answered(String action, long nanos, boolean error) {
        answered.increment();
        if (error) {
            callErrors.increment();
            callErrorsByAction.computeIfAbsent(action, a -> new LongAdder()).increment();
        }
        recorders.computeIfAbsent(action, a -> new Recorder(HIGHEST_MICROS, 3))
                .recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1000)));
    }

    /** Moves what was recorded since the last call into the phase totals; returns it (all actions together). */
    Histogram drainInterval() {
        synchronized (drainLock) {
            Histogram interval = new Histogram(HIGHEST_MICROS, 3);
            recorders.forEach((action, recorder) -> {
                Histogram h = recorder.getIntervalHistogram();
                interval.add(h);
                phase.computeIfAbsent(action, a -> new Histogram(HIGHEST_MICROS, 3)).add(h);
            });
            return interval;
        }
    }

    /** Ends the current phase: its latency per action (and "all"), then starts an empty one. */
    Map<String, Latency> endPhase() {
        synchronized (drainLock) {
            drainInterval();
            Map<String, Latency> result = new TreeMap<>();
            Histogram all = new Histogram(HIGHEST_MICROS, 3);
            phase.forEach((action, h) -> {
                if (h.getTotalCount() > 0) {
                    result.put(action, Latency.of(h));
                    all.add(h);
                }
            });
            result.put("all", Latency.of(all));
            phase = new TreeMap<>();
            return result;
        }
    }

    /** CALLERRORs so far, by the action of the CALL they answered. */
    Map<String, Long> callErrorsByAction() {
        Map<String, Long> result = new TreeMap<>();
        callErrorsByAction.forEach((action, n) -> result.put(action, n.sum()));
        return result;
    }

    long errors() {
        return callErrors.sum() + timeouts.sum() + connectFailures.sum() + transactionsFailed.sum() + rejected.sum();
    }
}
