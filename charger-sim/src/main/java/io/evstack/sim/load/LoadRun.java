package io.evstack.sim.load;

import io.evstack.ocpp.OcppJson;
import io.evstack.sim.ocpp.ClientOptions;
import io.evstack.sim.ocpp.OcppClientGroup;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * Runs a {@link LoadPlan}: ramps the chargers up at the connect rate until all are booted, runs the
 * message mix (and transactions at the target rate) for the steady phase, optionally drops every socket
 * at once and times the reconnect storm, and returns the {@link LoadReport}. All chargers share the
 * client group's event loops; one more thread (the driver) paces connections and transactions and
 * reports progress once a second.
 */
public final class LoadRun {
    private static final long TICK_MILLIS = 10;

    private final LoadPlan plan;
    private final ClientOptions options;
    private final Consumer<LoadProgress> progress;
    private final LoadMetrics metrics = new LoadMetrics();
    private final ConcurrentLinkedQueue<LoadCharger> idle = new ConcurrentLinkedQueue<>();
    private final List<LoadCharger> chargers = new ArrayList<>();
    private volatile String phase = "ramp-up";

    public LoadRun(LoadPlan plan, ClientOptions options, Consumer<LoadProgress> progress) {
        this.plan = plan;
        this.options = options;
        this.progress = progress;
    }

    /** Runs the plan to its end (blocking) and returns the report. */
    public LoadReport run() throws InterruptedException {
        Instant startedAt = Instant.now();
        double loadAtStart = loadAverage();
        ScheduledExecutorService driver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-driver");
            t.setDaemon(true);
            return t;
        });
        try (OcppClientGroup group = new OcppClientGroup(options, OcppJson.mapper())) {
            LoadCharger.TransactionPool pool = c -> {
                if (c.pooled.compareAndSet(false, true)) {
                    idle.add(c);
                }
            };
            for (int n = 1; n <= plan.chargers(); n++) {
                chargers.add(new LoadCharger(plan.chargerId(n), plan, group, metrics, pool));
            }
            ProgressTicker ticker = new ProgressTicker();
            ScheduledFuture<?> display = driver.scheduleAtFixedRate(ticker, 1, 1, TimeUnit.SECONDS);

            // ramp-up: start chargers at the connect rate
            long rampStart = System.nanoTime();
            int[] started = {0};
            ScheduledFuture<?> ramp = driver.scheduleAtFixedRate(() -> {
                double elapsed = (System.nanoTime() - rampStart) / 1e9;
                int due = (int) Math.min(chargers.size(), Math.ceil(elapsed * plan.connectRate()));
                while (started[0] < due) {
                    chargers.get(started[0]++).start();
                }
            }, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
            boolean rampComplete = awaitBooted(t -> t > 0, plan.settle());
            ramp.cancel(false);
            double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
            int bootedAfterRamp = (int) chargers.stream().filter(c -> c.bootedAt() > 0).count();
            Map<String, Latency> rampLatency = metrics.endPhase();

            // steady: the periodic mix runs by itself; transactions at the target rate
            phase = "steady";
            long sentBefore = metrics.framesSent.sum();
            long startedBefore = metrics.transactionsStarted.sum();
            long completedBefore = metrics.transactionsCompleted.sum();
            long failedBefore = metrics.transactionsFailed.sum();
            long skippedBefore = metrics.transactionsSkipped.sum();
            long steadyStart = System.nanoTime();
            ScheduledFuture<?> transactions = plan.transactionRate() > 0
                    ? driver.scheduleAtFixedRate(new TransactionPacer(steadyStart), 0, TICK_MILLIS, TimeUnit.MILLISECONDS)
                    : null;
            Thread.sleep(plan.steady().toMillis());
            if (transactions != null) {
                transactions.cancel(false);
            }
            long steadyEnd = System.nanoTime();
            long sent = metrics.framesSent.sum() - sentBefore;
            long completed = metrics.transactionsCompleted.sum() - completedBefore;
            // let the transactions still running finish, so that every row the report counts is written
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (metrics.transactionsStarted.sum() > metrics.transactionsCompleted.sum() + metrics.transactionsFailed.sum()
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            double steadySeconds = (steadyEnd - steadyStart) / 1e9;
            LoadReport.Steady steady = new LoadReport.Steady(steadySeconds, sent, sent / steadySeconds,
                    metrics.transactionsStarted.sum() - startedBefore, metrics.transactionsCompleted.sum() - completedBefore,
                    completed / steadySeconds, metrics.transactionsFailed.sum() - failedBefore,
                    metrics.transactionsSkipped.sum() - skippedBefore, metrics.endPhase());

            LoadReport.Storm storm = null;
            if (plan.storm()) {
                phase = "storm";
                long failuresBefore = metrics.connectFailures.sum();
                long stormStart = System.nanoTime();
                chargers.forEach(LoadCharger::drop);
                boolean complete = awaitBooted(t -> t > stormStart, plan.settle());
                double seconds = (System.nanoTime() - stormStart) / 1e9;
                int again = (int) chargers.stream().filter(c -> c.bootedAt() > stormStart).count();
                storm = new LoadReport.Storm(chargers.size(), seconds, again, complete,
                        metrics.connectFailures.sum() - failuresBefore, metrics.endPhase());
            }

            // counted before the chargers are stopped, whose sockets closing are no errors
            LoadReport.Errors errors = new LoadReport.Errors(metrics.callErrors.sum(), metrics.callErrorsByAction(),
                    metrics.timeouts.sum(),
                    metrics.connectFailures.sum(), metrics.disconnects.sum(), metrics.rejected.sum(),
                    metrics.transactionsFailed.sum());
            phase = "stopping";
            display.cancel(false);
            ticker.run();
            CompletableFuture.allOf(chargers.stream().map(LoadCharger::stop).toArray(CompletableFuture[]::new))
                    .orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
            return new LoadReport(startedAt,
                    new LoadReport.Setup(plan.serverBase().toString(), plan.chargers(), plan.connectRate(),
                            plan.interval().toMillis() / 1000.0, plan.transactionRate(), plan.steady().toMillis() / 1000.0,
                            plan.storm()),
                    new LoadReport.Machine(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(),
                            loadAtStart, loadAverage()),
                    new LoadReport.RampUp(rampSeconds, bootedAfterRamp, rampComplete, rampLatency),
                    steady, storm, errors);
        } finally {
            driver.shutdownNow();
        }
    }

    /** Waits until every charger's last accepted boot satisfies the test, or the time is up. */
    private boolean awaitBooted(LongPredicate bootedAt, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (chargers.stream().allMatch(c -> bootedAt.test(c.bootedAt()))) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Hands out transactions at the target rate to idle chargers; with none idle, the transaction is skipped. */
    private final class TransactionPacer implements Runnable {
        private final long start;
        private long issued;

        TransactionPacer(long start) {
            this.start = start;
        }

        @Override
        public void run() {
            double elapsed = (System.nanoTime() - start) / 1e9;
            long due = (long) (elapsed * plan.transactionRate());
            while (issued < due) {
                issued++;
                LoadCharger c = idle.poll();
                if (c == null) {
                    metrics.transactionsSkipped.increment();
                } else {
                    c.runTransaction();
                }
            }
        }
    }

    private final class ProgressTicker implements Runnable {
        private long lastNanos = System.nanoTime();
        private final long firstNanos = lastNanos;
        private long lastSent;
        private long lastCompleted;

        @Override
        public synchronized void run() {
            long now = System.nanoTime();
            double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
            long sent = metrics.framesSent.sum();
            long completed = metrics.transactionsCompleted.sum();
            LoadProgress p = new LoadProgress(phase, (now - firstNanos) / 1e9, chargers.size(), metrics.connected.get(),
                    metrics.booted.get(), (sent - lastSent) / seconds, (completed - lastCompleted) / seconds, completed,
                    Latency.of(metrics.drainInterval()), metrics.errors());
            lastNanos = now;
            lastSent = sent;
            lastCompleted = completed;
            try {
                progress.accept(p);
            } catch (RuntimeException e) {
                // a broken display must not end the run
            }
        }
    }
}
