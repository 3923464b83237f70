package io.evstack.tariff;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * A slice of a charging period within which no restriction can change: the engine cuts periods at every
 * local time of day, date and duration a restriction names, and at every kWh threshold. Volumes are split
 * in proportion to wall time (energy boundaries: time in proportion to energy), the second part taking
 * the remainder so nothing is lost to rounding. Energy in kWh, times in seconds.
 */
record Segment(Instant start, Instant end, BigDecimal energy, BigDecimal charging, BigDecimal parking,
        BigDecimal reservation, BigDecimal current, BigDecimal power) {
    private static final MathContext MC = new MathContext(20, RoundingMode.HALF_EVEN);

    boolean isReservation() {
        return reservation.signum() > 0;
    }

    /** Two parts at {@code at}, which must lie strictly inside. */
    Segment[] splitAt(Instant at) {
        long total = Duration.between(start, end).toNanos();
        BigDecimal f = BigDecimal.valueOf(Duration.between(start, at).toNanos()).divide(BigDecimal.valueOf(total), MC);
        return split(at, f, null);
    }

    /** Two parts where the energy reaches {@code firstEnergy} (0 &lt; firstEnergy &lt; energy). */
    Segment[] splitAtEnergy(BigDecimal firstEnergy) {
        BigDecimal f = firstEnergy.divide(energy, MC);
        long nanos = new BigDecimal(Duration.between(start, end).toNanos()).multiply(f).setScale(0, RoundingMode.HALF_EVEN)
                .longValueExact();
        return split(start.plusNanos(nanos), f, firstEnergy);
    }

    private Segment[] split(Instant at, BigDecimal f, BigDecimal firstEnergy) {
        BigDecimal e1 = firstEnergy != null ? firstEnergy : energy.multiply(f, MC);
        BigDecimal c1 = charging.multiply(f, MC);
        BigDecimal p1 = parking.multiply(f, MC);
        BigDecimal r1 = reservation.multiply(f, MC);
        return new Segment[] {
            new Segment(start, at, e1, c1, p1, r1, current, power),
            new Segment(at, end, energy.subtract(e1), charging.subtract(c1), parking.subtract(p1),
                    reservation.subtract(r1), current, power)
        };
    }
}
