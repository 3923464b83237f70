package io.evstack.sim;

import io.evstack.sim.charger.SimulatedCharger;
import io.evstack.sim.clock.SimClock;
import io.evstack.sim.ocpp.OcppClientGroup;
import io.evstack.sim.scenario.Scenario;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A running scenario, from {@link Simulator#start}: its chargers, live statistics, and the way to stop it. */
public final class Simulation implements AutoCloseable {
    private final Scenario scenario;
    private final SimClock clock;
    private final OcppClientGroup group;
    private final Map<String, SimulatedCharger> chargers;
    private final SimMetrics metrics;
    private final VehicleDispatcher dispatcher;
    private final CompletableFuture<SimStats> finished = new CompletableFuture<>();
    private volatile ScheduledFuture<?> endTimer;

    Simulation(Scenario scenario, SimClock clock, OcppClientGroup group, Map<String, SimulatedCharger> chargers,
            SimMetrics metrics, VehicleDispatcher dispatcher) {
        this.scenario = scenario;
        this.clock = clock;
        this.group = group;
        this.chargers = chargers;
        this.metrics = metrics;
        this.dispatcher = dispatcher;
    }

    void endAfter(Duration simulated) {
        endTimer = clock.schedule(group.nextLoop(), simulated, () -> CompletableFuture.runAsync(this::stop));
    }

    public Scenario scenario() {
        return scenario;
    }

    public SimClock clock() {
        return clock;
    }

    public Collection<SimulatedCharger> chargers() {
        return chargers.values();
    }

    /** Contracts that vehicles parking at 2.0.1 stations charge with, by Plug &amp; Charge instead of a card. */
    public void offerContracts(List<PlugAndChargeContract> contracts) {
        dispatcher.offerContracts(List.copyOf(contracts));
    }

    public Optional<SimulatedCharger> charger(String id) {
        return Optional.ofNullable(chargers.get(id));
    }

    public List<String> chargerIds() {
        return List.copyOf(chargers.keySet());
    }

    public SimStats stats() {
        return metrics.snapshot(chargers.size(), clock.now());
    }

    /**
     * Every transaction the CSMS has acknowledged as stopped: its transaction id and the energy the
     * charger metered for it (meterStop - meterStart), in Wh.
     */
    public Map<Integer, Integer> completedTransactions() {
        return metrics.completedTransactions();
    }

    /** Completes with the final statistics when the scenario's duration is over or {@link #stop()} was called. */
    public CompletableFuture<SimStats> finished() {
        return finished;
    }

    /** Disconnects every charger and frees the event loops. Idempotent. */
    public synchronized void stop() {
        if (finished.isDone()) {
            return;
        }
        if (endTimer != null) {
            endTimer.cancel(false);
        }
        dispatcher.stop();
        CompletableFuture.allOf(chargers.values().stream().map(SimulatedCharger::stop).toArray(CompletableFuture[]::new))
                .orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
        SimStats last = stats();
        group.close();
        finished.complete(last);
    }

    @Override
    public void close() {
        stop();
    }
}
