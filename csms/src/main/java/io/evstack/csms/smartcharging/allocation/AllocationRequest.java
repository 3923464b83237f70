package io.evstack.csms.smartcharging.allocation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One allocation problem: the site, the cars charging, and the load the allocator cannot steer.
 *
 * @param fixedW EVSEs whose draw is not ours to set this time, with what they may draw: an offline
 *     charger at its fallback (or at its last profile until that expires), an idle EVSE at the
 *     TxDefaultProfile a new transaction starts under. Counted against every limit above them.
 * @param step how long the allocation will stay in force at most; no car is given more than it can
 *     take in that time
 */
public record AllocationRequest(SiteSpec site, List<Demand> demands, Map<String, Double> fixedW, Instant now,
        Duration step) {
    public AllocationRequest {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(now, "now");
        demands = List.copyOf(demands);
        fixedW = Map.copyOf(fixedW);
        step = step == null ? Duration.ofMinutes(5) : step;
    }
}
