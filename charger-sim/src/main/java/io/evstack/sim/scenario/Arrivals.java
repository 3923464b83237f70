package io.evstack.sim.scenario;

import java.time.Duration;
import java.util.List;

/**
 * How vehicles come: a Poisson process of {@code ratePerHour} (exponential gaps, simulated time) with
 * random EV models, arrival SoC uniform in [minSoc, maxSoc] and an exponential stay of mean
 * {@code meanStay} (at least {@code minStay}); and/or a {@code fixed} list. Missing fields take the
 * defaults of {@link #withDefaults()}.
 */
public record Arrivals(Double ratePerHour, List<String> evModels, Double minSoc, Double maxSoc, Double targetSoc,
        Duration meanStay, Duration minStay, List<FixedArrival> fixed) {

    public static final Arrivals NONE = new Arrivals(0.0, null, null, null, null, null, null, List.of());

    public Arrivals withDefaults() {
        return new Arrivals(ratePerHour == null ? 0.0 : ratePerHour,
                evModels == null || evModels.isEmpty() ? List.of("compact-40", "midsize-60", "premium-100") : evModels,
                minSoc == null ? 0.1 : minSoc, maxSoc == null ? 0.5 : maxSoc, targetSoc == null ? 0.8 : targetSoc,
                meanStay == null ? Duration.ofHours(2) : meanStay, minStay == null ? Duration.ofMinutes(20) : minStay,
                fixed == null ? List.of() : fixed);
    }
}
