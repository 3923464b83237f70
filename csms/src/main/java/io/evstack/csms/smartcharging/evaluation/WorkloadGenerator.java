package io.evstack.csms.smartcharging.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The three workloads shipped with the stack, generated from a seed so they can be regenerated: an
 * overnight bus depot, a delivery-van depot and a mixed AC/DC workplace car park.
 */
public final class WorkloadGenerator {
    private static final Instant DAY = Instant.parse("2025-03-03T00:00:00Z");

    private WorkloadGenerator() {}

    /** 40 electric buses: back 18:00-23:00, out 04:30-06:30, 150-350 kWh each, 150 kW DC chargers. */
    public static List<WorkloadSession> busDepot(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<WorkloadSession> out = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            Instant arrival = DAY.plus(minutes(r, 18 * 60, 23 * 60));
            Instant departure = DAY.plus(Duration.ofDays(1)).plus(minutes(r, 4 * 60 + 30, 6 * 60 + 30));
            out.add(new WorkloadSession(String.format("bus-%02d", i), arrival, departure, round(150 + r.nextDouble() * 200),
                    150));
        }
        return out;
    }

    /** 60 delivery vans: back 16:00-20:00, out 06:00-08:00, 30-70 kWh, on 11 kW or 22 kW AC wallboxes. */
    public static List<WorkloadSession> vanDepot(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<WorkloadSession> out = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            Instant arrival = DAY.plus(minutes(r, 16 * 60, 20 * 60));
            Instant departure = DAY.plus(Duration.ofDays(1)).plus(minutes(r, 6 * 60, 8 * 60));
            out.add(new WorkloadSession(String.format("van-%02d", i), arrival, departure, round(30 + r.nextDouble() * 40),
                    r.nextDouble() < 0.5 ? 11 : 22));
        }
        return out;
    }

    /**
     * 80 commuters' cars: arrive 07:00-10:00, stay 4-9 hours, 5-40 kWh; 70 % on 11 kW AC, 30 % on 50 kW DC,
     * and a few short DC visits around noon.
     */
    public static List<WorkloadSession> workplace(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<WorkloadSession> out = new ArrayList<>();
        for (int i = 1; i <= 80; i++) {
            boolean dc = r.nextDouble() < 0.3;
            Instant arrival = DAY.plus(minutes(r, 7 * 60, 10 * 60));
            Instant departure = arrival.plus(minutes(r, 4 * 60, 9 * 60));
            out.add(new WorkloadSession(String.format("car-%02d", i), arrival, departure, round(5 + r.nextDouble() * 35),
                    dc ? 50 : 11));
        }
        for (int i = 1; i <= 10; i++) {
            Instant arrival = DAY.plus(minutes(r, 11 * 60, 14 * 60));
            out.add(new WorkloadSession(String.format("visit-%02d", i), arrival, arrival.plus(minutes(r, 30, 60)),
                    round(10 + r.nextDouble() * 20), 50));
        }
        return out;
    }

    private static Duration minutes(SplittableRandom r, int from, int to) {
        return Duration.ofMinutes(from + r.nextInt(to - from + 1));
    }

    private static double round(double kwh) {
        return Math.round(kwh * 10) / 10.0;
    }
}
