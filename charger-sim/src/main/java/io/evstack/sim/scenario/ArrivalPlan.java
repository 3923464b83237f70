package io.evstack.sim.scenario;

import io.evstack.sim.model.EvModels;
import io.evstack.sim.model.Vehicle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a scenario's {@link Arrivals} into the list of vehicle visits over its duration (or the first
 * {@code horizon} when it has none): the fixed ones plus a Poisson process. Seeded, so a scenario
 * always brings the same cars.
 */
public final class ArrivalPlan {
    private ArrivalPlan() {}

    public static List<Vehicle> plan(Scenario scenario, Instant start, Duration horizon) {
        Arrivals a = scenario.arrivals();
        SplittableRandom random = new SplittableRandom(scenario.seed() == null ? 1L : scenario.seed());
        List<String> tags = scenario.idTags();
        int[] nextTag = {0};
        List<Vehicle> vehicles = new ArrayList<>();
        for (FixedArrival f : a.fixed()) {
            Instant at = start.plus(f.at());
            String tag = f.idTag() != null ? f.idTag() : tags.isEmpty() ? null : tags.get(nextTag[0]++ % tags.size());
            vehicles.add(new Vehicle("fixed-" + vehicles.size(), EvModels.get(f.evModel()), f.soc(), f.targetSoc(), at,
                    at.plus(f.stay()), tag));
        }
        Duration span = scenario.duration() != null ? scenario.duration() : horizon;
        if (a.ratePerHour() > 0) {
            double meanGapSeconds = 3600.0 / a.ratePerHour();
            Instant t = start;
            while (true) {
                t = t.plusMillis((long) (-Math.log(1.0 - random.nextDouble()) * meanGapSeconds * 1000));
                if (!t.isBefore(start.plus(span))) {
                    break;
                }
                String model = a.evModels().get(random.nextInt(a.evModels().size()));
                double soc = a.minSoc() + random.nextDouble() * (a.maxSoc() - a.minSoc());
                long staySeconds = Math.max(a.minStay().toSeconds(),
                        (long) (-Math.log(1.0 - random.nextDouble()) * a.meanStay().toSeconds()));
                String tag = tags.isEmpty() ? null : tags.get(nextTag[0]++ % tags.size());
                vehicles.add(new Vehicle("ev-" + vehicles.size(), EvModels.get(model), soc,
                        Math.max(soc, a.targetSoc()), t, t.plusSeconds(staySeconds), tag));
            }
        }
        vehicles.sort(Comparator.comparing(Vehicle::arrival));
        return vehicles;
    }
}
