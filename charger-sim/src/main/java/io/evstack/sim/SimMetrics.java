package io.evstack.sim;

import io.evstack.sim.charger.ChargerObserver;
import io.evstack.sim.ocpp.LinkMetrics;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The counters of one simulation, fed by every charger's link and behaviour from any event loop. */
final class SimMetrics implements LinkMetrics, ChargerObserver {
    private final AtomicInteger connected = new AtomicInteger();
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder framesSent = new LongAdder();
    private final LongAdder framesReceived = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder callErrors = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder started = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder arrived = new LongAdder();
    private final LongAdder errors = new LongAdder();
    /** Energy of each completed transaction by its id, as the charger's meter counted it. */
    private final Map<Integer, Integer> energyByTransaction = new ConcurrentHashMap<>();

    @Override public void connected() { connected.incrementAndGet(); }
    @Override public void disconnected() { connected.decrementAndGet(); }
    @Override public void connectFailed() { connectFailures.increment(); }
    @Override public void frameSent() { framesSent.increment(); }
    @Override public void frameReceived() { framesReceived.increment(); }
    @Override public void timedOut(String action) { timeouts.increment(); }

    @Override
    public void answered(String action, long nanos, boolean error) {
        answered.increment();
        if (error) {
            callErrors.increment();
        }
    }

    @Override
    public void transactionStarted(String chargerId, int connectorId, int transactionId) {
        started.increment();
    }

    @Override
    public void transactionStopped(String chargerId, int connectorId, int transactionId, int energyWh) {
        completed.increment();
        energyByTransaction.put(transactionId, energyWh);
    }

    @Override
    public void error(String chargerId, String what) {
        errors.increment();
    }

    void vehicleArrived() {
        arrived.increment();
    }

    Map<Integer, Integer> completedTransactions() {
        return Map.copyOf(energyByTransaction);
    }

    SimStats snapshot(int chargers, Instant simulatedTime) {
        return new SimStats(chargers, connected.get(), connectFailures.sum(), framesSent.sum(), framesReceived.sum(),
                answered.sum(), callErrors.sum(), timeouts.sum(), started.sum(), completed.sum(), arrived.sum(),
                errors.sum(), simulatedTime);
    }
}
