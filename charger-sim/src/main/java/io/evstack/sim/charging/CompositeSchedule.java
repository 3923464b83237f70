package io.evstack.sim.charging;

import io.evstack.ocpp.v16.ChargingRateUnitType;
import io.evstack.ocpp.v16.ChargingSchedule;
import io.evstack.ocpp.v16.ChargingSchedulePeriod;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A charger's composite schedule: from {@code start}, for {@code durationSeconds}, the limit in force. */
public record CompositeSchedule(Instant start, int durationSeconds, ChargingRateUnitType unit, List<Period> periods) {
    /** @param startPeriod seconds from {@link #start()} */
    public record Period(int startPeriod, double limit) {}

    public CompositeSchedule {
        periods = List.copyOf(periods);
    }

    /** The limit at {@code secondsFromStart}. */
    public double limitAt(int secondsFromStart) {
        double limit = periods.getFirst().limit();
        for (Period p : periods) {
            if (p.startPeriod() <= secondsFromStart) {
                limit = p.limit();
            }
        }
        return limit;
    }

    public ChargingSchedule toOcpp() {
        return new ChargingSchedule()
                .withDuration(durationSeconds)
                .withStartSchedule(start.atOffset(ZoneOffset.UTC))
                .withChargingRateUnit(unit)
                .withChargingSchedulePeriod(periods.stream()
                        .map(p -> new ChargingSchedulePeriod().withStartPeriod(p.startPeriod()).withLimit(round1(p.limit())))
                        .toList());
    }

    private static double round1(double v) {
        return Math.floor(v * 10.0) / 10.0; // down, never above the limit
    }
}
