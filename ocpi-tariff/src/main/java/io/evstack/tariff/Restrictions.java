package io.evstack.tariff;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Set;

/**
 * OCPI TariffRestrictions (section 11.4.6); every field may be null (no restriction). Times and dates are
 * local to the location. Bounds, as the spec words them: start_time, start_date, min_kwh, min_duration
 * inclusive ("valid from"); end_time, end_date, max_kwh, max_duration exclusive ("valid until",
 * "(exclusive)"). For current and power the spec says "more than" / "less than" and uses the same value
 * as max of one element and min of the next (the Complex Tariff example: max_current 32 then min_current
 * 32), so min is taken inclusive and max exclusive there too, which keeps such elements from overlapping.
 */
public record Restrictions(LocalTime startTime, LocalTime endTime, LocalDate startDate, LocalDate endDate,
        BigDecimal minKwh, BigDecimal maxKwh, BigDecimal minCurrent, BigDecimal maxCurrent, BigDecimal minPower,
        BigDecimal maxPower, Long minDuration, Long maxDuration, Set<DayOfWeek> dayOfWeek, Reservation reservation) {

    /** ReservationRestrictionType (section 11.4.3). */
    public enum Reservation { RESERVATION, RESERVATION_EXPIRES }

    public static final Restrictions NONE = new Restrictions(null, null, null, null, null, null, null, null, null,
            null, null, null, Set.of(), null);

    public Restrictions {
        dayOfWeek = dayOfWeek == null ? Set.of() : Set.copyOf(dayOfWeek);
    }
}
