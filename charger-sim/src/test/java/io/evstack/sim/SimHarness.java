package io.evstack.sim;

import io.evstack.ocpp.OcppJson;
import io.evstack.sim.charger.ChargerObserver;
import io.evstack.sim.charger.ChargerSnapshot;
import io.evstack.sim.charger.SimulatedCharger;
import io.evstack.sim.clock.SimClock;
import io.evstack.sim.model.ChargerModels;
import io.evstack.sim.ocpp.Backoff;
import io.evstack.sim.ocpp.ChargerEndpoint;
import io.evstack.sim.ocpp.ClientOptions;
import io.evstack.sim.ocpp.LinkMetrics;
import io.evstack.sim.ocpp.OcppClientGroup;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Simulated chargers for a test: one client group (two event loops) and one clock. */
public final class SimHarness implements AutoCloseable {
    public static final ClientOptions OPTIONS = ClientOptions.DEFAULT.withIoThreads(2).withCallTimeout(Duration.ofSeconds(5))
            .withBackoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), 2.0, 0.2));

    public final SimClock clock;
    public final OcppClientGroup group;
    private final List<SimulatedCharger> chargers = new ArrayList<>();

    public SimHarness(double speed) {
        this(speed, OPTIONS);
    }

    public SimHarness(double speed, ClientOptions options) {
        clock = SimClock.startingNow(speed);
        group = new OcppClientGroup(options, OcppJson.mapper());
    }

    public SimulatedCharger charger(String model, URI base, String id, String password) {
        SimulatedCharger c = new SimulatedCharger(ChargerModels.get(model), ChargerEndpoint.under(base, id, password), group,
                OcppJson.mapper(), clock, ChargerObserver.NONE, LinkMetrics.NONE);
        chargers.add(c);
        return c;
    }

    public static ChargerSnapshot snapshot(SimulatedCharger c) {
        try {
            return c.snapshot().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        chargers.forEach(c -> c.stop().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join());
        group.close();
    }
}
