package io.evstack.sim.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A depot to simulate: its chargers, the vehicles that come, the cards their drivers carry, how fast the
 * simulated clock runs and for how long (simulated time; null runs until stopped). Read from JSON by
 * {@link ScenarioLoader}.
 */
public record Scenario(String name, double speed, Duration duration, List<ChargerGroup> chargers, Arrivals arrivals,
        List<String> idTags, Long seed) {

    public Scenario {
        Objects.requireNonNull(chargers, "chargers");
        chargers = List.copyOf(chargers);
        idTags = idTags == null ? List.of() : List.copyOf(idTags);
        arrivals = (arrivals == null ? Arrivals.NONE : arrivals).withDefaults();
        if (speed == 0) {
            speed = 1.0;
        }
        if (speed < 0) {
            throw new IllegalArgumentException("speed must be positive");
        }
        if (name == null) {
            name = "scenario";
        }
    }

    /** N chargers of one model and nothing else: for connection tests and remote-started sessions. */
    public static Scenario chargersOnly(String model, int count, String idPrefix, String password, double speed) {
        return new Scenario("chargers", speed, null, List.of(new ChargerGroup(model, count, idPrefix, password)), null,
                List.of(), null);
    }

    public int chargerCount() {
        return chargers.stream().mapToInt(ChargerGroup::count).sum();
    }

    public Scenario withSpeed(double newSpeed) {
        return new Scenario(name, newSpeed, duration, chargers, arrivals, idTags, seed);
    }

    public Scenario withDuration(Duration newDuration) {
        return new Scenario(name, speed, newDuration, chargers, arrivals, idTags, seed);
    }

    /** Every group's protocol replaced (the --protocol option). */
    public Scenario withProtocol(io.evstack.sim.ocpp.OcppProtocol protocol) {
        return new Scenario(name, speed, duration, chargers.stream().map(g -> g.withProtocol(protocol)).toList(),
                arrivals, idTags, seed);
    }

    /** Every group's password replaced (the --password option). */
    public Scenario withPassword(String password) {
        return new Scenario(name, speed, duration,
                chargers.stream().map(g -> new ChargerGroup(g.model(), g.count(), g.idPrefix(), password, g.protocol())).toList(),
                arrivals, idTags, seed);
    }
}
