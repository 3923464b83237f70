package io.evstack.csms.smartcharging.allocation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A site as the allocator sees it: the grid connection's limit now (kW, and optionally A per phase),
 * the tree of circuits under it and the EVSEs hanging from the circuits (or from the site directly).
 *
 * @param limitW the connection's power limit in force for the allocation (the caller evaluates any schedule)
 * @param limitAPerPhase the connection's current limit per phase, null when only a power limit applies
 * @param marginPct headroom kept free below every limit (the site's and each circuit's, power and current),
 *     in percent of that limit: meters are not exact and a car overshoots while it ramps to a new limit, so
 *     an allocation right at a fuse's rating would trip it now and then
 */
public record SiteSpec(String id, double limitW, Double limitAPerPhase, List<Circuit> circuits, List<EvseSpec> evses,
        double marginPct) {

    /** Without a margin: every limit may be used in full. */
    public SiteSpec(String id, double limitW, Double limitAPerPhase, List<Circuit> circuits, List<EvseSpec> evses) {
        this(id, limitW, limitAPerPhase, circuits, evses, 0);
    }

    public SiteSpec {
        Objects.requireNonNull(id, "id");
        if (!(marginPct >= 0 && marginPct < 100)) {
            throw new IllegalArgumentException("site " + id + ": the margin must be at least 0 % and below 100 %");
        }
        circuits = List.copyOf(circuits);
        evses = List.copyOf(evses);
        Map<String, Circuit> byId = new HashMap<>();
        for (Circuit c : circuits) {
            if (byId.put(c.id(), c) != null) {
                throw new IllegalArgumentException("circuit " + c.id() + " appears twice");
            }
        }
        for (Circuit c : circuits) {
            // walking up from every circuit must end at the site: no unknown parent, no cycle
            String p = c.parentId();
            for (int depth = 0; p != null; depth++) {
                Circuit parent = byId.get(p);
                if (parent == null) {
                    throw new IllegalArgumentException("circuit " + c.id() + " has unknown parent " + p);
                }
                if (depth > circuits.size()) {
                    throw new IllegalArgumentException("circuit " + c.id() + " is part of a cycle");
                }
                p = parent.parentId();
            }
        }
        for (EvseSpec e : evses) {
            if (e.circuitId() != null && !byId.containsKey(e.circuitId())) {
                throw new IllegalArgumentException("EVSE " + e.id() + " is on unknown circuit " + e.circuitId());
            }
        }
    }

    /**
     * A feeder or fuse. Either limit may be null (no limit of that kind).
     *
     * @param parentId null when it hangs directly from the grid connection
     */
    public record Circuit(String id, String parentId, Double limitW, Double limitAPerPhase) {
        public Circuit {
            Objects.requireNonNull(id, "id");
        }
    }

    public SiteSpec withLimitW(double newLimitW) {
        return new SiteSpec(id, newLimitW, limitAPerPhase, circuits, evses, marginPct);
    }

    public SiteSpec withMarginPct(double pct) {
        return new SiteSpec(id, limitW, limitAPerPhase, circuits, evses, pct);
    }
}
