package io.evstack.csms.smartcharging.allocation;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Deadline-aware: least laxity first with headroom redistribution. A car's laxity is the slack it has
 * before it must charge flat out to get its energy by its departure: (time left) - (energy needed /
 * its maximum rate). In order of priority, then laxity (the most urgent first):
 * <ol>
 *   <li>every car gets its minimum rate if it fits (AC 6 A or nothing);</li>
 *   <li>every car is raised to the rate that finishes it exactly at its departure (energy / time left);</li>
 *   <li>the headroom left is handed out in the same order, each car up to what it can take, so no
 *       power the connection could deliver is left unused while a car still needs energy.</li>
 * </ol>
 * Minimum rates are not handed out ahead of urgency: 6 A for every patient AC car would starve the
 * urgent DC car that arrived behind them. Charging as early as possible in laxity order keeps the online algorithm close to the offline optimum:
 * capacity not used now is lost, and the cars most at risk of leaving short are served first.
 */
public final class DeadlineAllocator implements Allocator {
    @Override
    public String name() {
        return "deadline";
    }

    @Override
    public Allocation allocate(AllocationRequest request) {
        Problem p = new Problem(request);
        int n = p.size();
        double[] laxity = new double[n];
        double[] required = new double[n];
        for (int i = 0; i < n; i++) {
            Demand d = p.demands.get(i);
            double hours = p.hoursLeft(i);
            double maxW = Math.max(1, Math.min(p.evse[i].maxW(), d.maxW()));
            double need = Double.isInfinite(d.remainingWh()) ? maxW * hours : d.remainingWh();
            laxity[i] = hours - need / maxW;
            required[i] = need / hours;
        }
        List<Integer> order = IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> -p.demands.get(i).priority())
                        .thenComparingDouble(i -> laxity[i])
                        .thenComparing(i -> p.demands.get(i).arrival()))
                .toList();
        p.greedy(order, required);
        p.greedy(order, p.upperW);
        return p.result(name());
    }
}
