package io.evstack.sim;

import io.evstack.ocpp.OcppJson;
import io.evstack.sim.charger.ChargerObserver;
import io.evstack.sim.charger.SimulatedCharger;
import io.evstack.sim.clock.SimClock;
import io.evstack.sim.model.ChargerModel;
import io.evstack.sim.model.ChargerModels;
import io.evstack.sim.ocpp.ChargerEndpoint;
import io.evstack.sim.ocpp.ClientOptions;
import io.evstack.sim.ocpp.OcppClientGroup;
import io.evstack.sim.scenario.ArrivalPlan;
import io.evstack.sim.scenario.ChargerGroup;
import io.evstack.sim.scenario.Scenario;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts a scenario against an OCPP server: {@code Simulator.start(scenario, URI.create("ws://localhost:8180/ocpp"))}
 * connects every charger to {@code serverBase/<chargerId>} (wss:// for security profile 2), brings the
 * scenario's vehicles on the simulated clock, and returns the running {@link Simulation}.
 */
public final class Simulator {
    private Simulator() {}

    public static Simulation start(Scenario scenario, URI serverBase) {
        return start(scenario, serverBase, ClientOptions.DEFAULT);
    }

    public static Simulation start(Scenario scenario, URI serverBase, ClientOptions options) {
        SimClock clock = SimClock.startingNow(scenario.speed());
        OcppClientGroup group = new OcppClientGroup(options, OcppJson.mapper());
        SimMetrics metrics = new SimMetrics();
        Map<String, SimulatedCharger> chargers = new LinkedHashMap<>();
        VehicleDispatcher[] dispatcher = new VehicleDispatcher[1];
        ChargerObserver observer = new ChargerObserver() {
            @Override
            public void booted(String chargerId) {
                metrics.booted(chargerId);
            }

            @Override
            public void transactionStarted(String chargerId, int connectorId, int transactionId) {
                metrics.transactionStarted(chargerId, connectorId, transactionId);
            }

            @Override
            public void transactionStopped(String chargerId, int connectorId, int transactionId, int energyWh) {
                metrics.transactionStopped(chargerId, connectorId, transactionId, energyWh);
            }

            @Override
            public void vehicleLeft(String chargerId, int connectorId) {
                dispatcher[0].vehicleLeft(chargerId, connectorId);
            }

            @Override
            public void error(String chargerId, String what) {
                metrics.error(chargerId, what);
            }
        };
        for (ChargerGroup g : scenario.chargers()) {
            ChargerModel model = ChargerModels.get(g.model());
            for (int i = 1; i <= g.count(); i++) {
                String id = g.chargerId(i);
                if (chargers.containsKey(id)) {
                    throw new IllegalArgumentException("charger id " + id + " appears twice in the scenario");
                }
                ChargerEndpoint endpoint = ChargerEndpoint.under(serverBase, id, g.password(), g.protocol());
                chargers.put(id, new SimulatedCharger(model, endpoint, group, OcppJson.mapper(), clock, observer, metrics));
            }
        }
        dispatcher[0] = new VehicleDispatcher(group.nextLoop(), clock, chargers, metrics);
        Simulation simulation = new Simulation(scenario, clock, group, java.util.Collections.unmodifiableMap(chargers), metrics, dispatcher[0]);
        chargers.values().forEach(SimulatedCharger::start);
        dispatcher[0].schedule(ArrivalPlan.plan(scenario, clock.now(), Duration.ofDays(1)));
        if (scenario.duration() != null) {
            simulation.endAfter(scenario.duration());
        }
        return simulation;
    }
}
