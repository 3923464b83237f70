package io.evstack.sim;

import io.evstack.sim.charger.SimulatedCharger;
import io.evstack.sim.clock.SimClock;
import io.evstack.sim.model.Vehicle;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The depot's car park: sends each arriving vehicle to a free connector, or lets it wait for one until
 * its departure time. Runs on one event loop of its own.
 */
final class VehicleDispatcher {
    private record Slot(SimulatedCharger charger, int connectorId) {}

    private final EventLoop loop;
    private final SimClock clock;
    private final Map<String, SimulatedCharger> chargers;
    private final SimMetrics metrics;
    private final Deque<Slot> free = new ArrayDeque<>();
    private final Deque<Vehicle> waiting = new ArrayDeque<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private final List<PlugAndChargeContract> contracts = new ArrayList<>();
    private int nextContract;
    private int parked;

    VehicleDispatcher(EventLoop loop, SimClock clock, Map<String, SimulatedCharger> chargers, SimMetrics metrics) {
        this.loop = loop;
        this.clock = clock;
        this.chargers = chargers;
        this.metrics = metrics;
        for (SimulatedCharger c : chargers.values()) {
            for (int i = 1; i <= c.model().connectorCount(); i++) {
                free.add(new Slot(c, i));
            }
        }
    }

    void schedule(List<Vehicle> vehicles) {
        loop.execute(() -> vehicles.forEach(v -> timers.add(clock.scheduleAt(loop, v.arrival(), () -> arrive(v)))));
    }

    /** A vehicle left a connector (called from the charger's loop). */
    void vehicleLeft(String chargerId, int connectorId) {
        SimulatedCharger charger = chargers.get(chargerId);
        if (charger == null) {
            return;
        }
        loop.execute(() -> {
            free.add(new Slot(charger, connectorId));
            while (!waiting.isEmpty() && !free.isEmpty()) {
                Vehicle next = waiting.poll();
                if (next.departure() == null || next.departure().isAfter(clock.now())) {
                    park(next);
                }
            }
        });
    }

    void stop() {
        loop.execute(() -> timers.forEach(t -> t.cancel(false)));
    }

    private void arrive(Vehicle v) {
        metrics.vehicleArrived();
        if (free.isEmpty()) {
            waiting.add(v);
        } else {
            park(v);
        }
    }

    /**
     * Contracts for Plug &amp; Charge: a vehicle that parks at a 2.0.1 station while there are some takes the next
     * one (round robin) and charges with it instead of a card.
     */
    void offerContracts(List<PlugAndChargeContract> offered) {
        loop.execute(() -> {
            contracts.clear();
            contracts.addAll(offered);
        });
    }

    private void park(Vehicle v) {
        // With contracts on offer every other vehicle is a Plug & Charge one, which heads for a free 2.0.1 station.
        Slot pnc = !contracts.isEmpty() && parked++ % 2 == 0
                ? free.stream().filter(s -> s.charger().speaks201()).findFirst().orElse(null) : null;
        if (pnc != null) {
            free.remove(pnc);
            PlugAndChargeContract c = contracts.get(nextContract++ % contracts.size());
            pnc.charger().plugAndCharge(pnc.connectorId(), new Vehicle(v.name(), v.model(), v.arrivalSoc(),
                    v.targetSoc(), v.arrival(), v.departure(), c.emaid()), c.chainPem());
            return;
        }
        Slot slot = free.poll();
        slot.charger().plugIn(slot.connectorId(), v);
    }
}
