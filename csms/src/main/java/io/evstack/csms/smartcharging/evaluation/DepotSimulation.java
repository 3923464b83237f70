package io.evstack.csms.smartcharging.evaluation;

import io.evstack.csms.smartcharging.allocation.Allocation;
import io.evstack.csms.smartcharging.allocation.AllocationRequest;
import io.evstack.csms.smartcharging.allocation.Allocator;
import io.evstack.csms.smartcharging.allocation.Demand;
import io.evstack.csms.smartcharging.allocation.EvseSpec;
import io.evstack.csms.smartcharging.allocation.SiteSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs an {@link Allocator} online over a workload: at every step it sees only the cars that have
 * arrived, with their declared departure and remaining need (never a future arrival), exactly as the
 * live balancer does; each car has an EVSE of its own (DC above 22 kW, else three-phase AC) under one
 * site limit. Each car then takes what it was given for the step, up to what it still needs.
 */
public final class DepotSimulation {
    private DepotSimulation() {}

    public static DepotReport run(List<WorkloadSession> sessions, double siteLimitKw, Duration step, Allocator allocator) {
        return run(sessions, siteLimitKw, step, allocator, 0);
    }

    /**
     * As the live balancer with a safety margin: the allocator keeps {@code marginPct} of the site limit
     * free; a violation is still only what exceeds the limit itself.
     */
    public static DepotReport run(List<WorkloadSession> sessions, double siteLimitKw, Duration step, Allocator allocator,
            double marginPct) {
        TimeGrid grid = TimeGrid.of(sessions, step);
        double[] remainingKwh = sessions.stream().mapToDouble(WorkloadSession::energyKwh).toArray();
        EvseSpec[] evses = new EvseSpec[sessions.size()];
        for (int i = 0; i < evses.length; i++) {
            evses[i] = evseFor(sessions.get(i));
        }
        double limitW = siteLimitKw * 1000;
        double peakW = 0;
        int violations = 0;
        long totalNanos = 0;
        long maxNanos = 0;
        int allocations = 0;
        for (int k = 0; k < grid.steps(); k++) {
            List<EvseSpec> present = new ArrayList<>();
            List<Demand> demands = new ArrayList<>();
            for (int i = 0; i < evses.length; i++) {
                WorkloadSession s = sessions.get(i);
                if (grid.usable(s, k) && remainingKwh[i] > 1e-9) {
                    present.add(evses[i]);
                    // the car charges in whole steps only, so it declares the end of its last whole step
                    Instant leaves = grid.at(grid.lastStep(s) + 1);
                    demands.add(new Demand(s.id(), s.id(), s.arrival(), leaves, remainingKwh[i] * 1000, 0,
                            s.maxKw() * 1000, null, null));
                }
            }
            if (demands.isEmpty()) {
                continue;
            }
            AllocationRequest request = new AllocationRequest(new SiteSpec("depot", limitW, null, List.of(), present, marginPct),
                    demands, Map.of(), grid.at(k), step);
            long t0 = System.nanoTime();
            Allocation a = allocator.allocate(request);
            long took = System.nanoTime() - t0;
            totalNanos += took;
            maxNanos = Math.max(maxNanos, took);
            allocations++;
            double siteW = 0;
            for (int i = 0; i < evses.length; i++) {
                double w = a.limitW(sessions.get(i).id());
                if (w <= 0) {
                    continue;
                }
                if (w > evses[i].maxW() + 1e-6 || (w + 1e-6 < evses[i].minW())) {
                    violations++;
                }
                double kwh = Math.min(remainingKwh[i], w / 1000 * grid.hours());
                remainingKwh[i] -= kwh;
                siteW += w;
            }
            if (siteW > limitW + 1e-6) {
                violations++;
            }
            peakW = Math.max(peakW, siteW);
        }
        double requested = sessions.stream().mapToDouble(WorkloadSession::energyKwh).sum();
        double delivered = requested - java.util.Arrays.stream(remainingKwh).sum();
        return new DepotReport(allocator.name(), sessions.size(), grid.steps(), requested, delivered, peakW / 1000,
                violations, allocations == 0 ? 0 : totalNanos / 1e6 / allocations, maxNanos / 1e6);
    }

    /** The EVSE a workload car charges at: DC above 22 kW, else three-phase AC (one-phase below 4.14 kW). */
    static EvseSpec evseFor(WorkloadSession s) {
        if (s.dc()) {
            return EvseSpec.dc(s.id(), null, s.maxKw() * 1000);
        }
        int phases = s.maxKw() * 1000 < EvseSpec.MIN_AC_AMPS * EvseSpec.VOLTAGE * 3 ? 1 : 3;
        return EvseSpec.ac(s.id(), null, phases, s.maxKw() * 1000 / (EvseSpec.VOLTAGE * phases));
    }
}
