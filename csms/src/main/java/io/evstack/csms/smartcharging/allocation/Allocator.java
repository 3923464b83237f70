package io.evstack.csms.smartcharging.allocation;

import java.util.Locale;

/**
 * Decides how much each EVSE may draw. Implementations are pure and stateless: the live balancer and
 * the offline depot simulation call the same code with the same kind of request.
 */
public interface Allocator {
    String name();

    Allocation allocate(AllocationRequest request);

    /** The algorithms a site can choose: {@code fair-share} and {@code deadline} (least laxity first). */
    static Allocator named(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "fair-share", "fair", "fairshare" -> new FairShareAllocator();
            case "deadline", "llf", "deadline-aware" -> new DeadlineAllocator();
            default -> throw new IllegalArgumentException("unknown algorithm '" + name + "'; known: fair-share, deadline");
        };
    }
}
