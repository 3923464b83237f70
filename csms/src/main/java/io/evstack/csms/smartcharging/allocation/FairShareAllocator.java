package io.evstack.csms.smartcharging.allocation;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The baseline: every car gets its minimum rate if it fits (higher priority, then earlier arrival,
 * first), then the remaining headroom is shared max-min fairly, weighted by priority (weight 1 +
 * priority), with nobody given more than it can use. Knows nothing of departures or energy needs
 * beyond "no more than it can take before the next allocation".
 */
public final class FairShareAllocator implements Allocator {
    @Override
    public String name() {
        return "fair-share";
    }

    @Override
    public Allocation allocate(AllocationRequest request) {
        Problem p = new Problem(request);
        List<Integer> order = IntStream.range(0, p.size()).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> -p.demands.get(i).priority())
                        .thenComparing(i -> p.demands.get(i).arrival()))
                .toList();
        p.admit(order);
        double[] weight = new double[p.size()];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = 1.0 + Math.max(0, p.demands.get(i).priority());
        }
        p.waterFill(order, weight);
        return p.result(name());
    }
}
