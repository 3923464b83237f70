package io.evstack.emsp.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The plans a driver or a company held, each from its effective date until the next one's. Pure arithmetic:
 * which plan was in force at an instant (a CDR is priced with the plan in force when its session started), and
 * how a billing month splits into plan periods, each with its days in force and its prorated fee and included
 * kWh.
 *
 * <p>Proration counts calendar days in the billing zone: a period from the 15th to the end of a 31-day month
 * has 17 of 31 days. A change that takes effect during a day (only a sign-up does; the API takes dates)
 * gives that day to the new plan. The fee is fee × days / days-of-month, exact, then rounded half-up once to
 * the currency; included kWh likewise, to the Wh (3 places, half-up).
 */
public record PlanHistory(List<Change> changes) {

    /** A plan in force from {@code effectiveFrom} until the next change. */
    public record Change(Plan plan, Instant effectiveFrom) {}

    /**
     * The part of a billing month one change covers: {@code from}/{@code until} are the change's own bounds
     * (until null = still in force), {@code days} how many days of the month it was in force.
     */
    public record Segment(Change change, Instant from, Instant until, int days, int daysInMonth) {
        public Plan plan() {
            return change.plan();
        }

        /** The monthly fee for the days in force, rounded to the currency; zero without a fee. */
        public BigDecimal fee() {
            Plan p = plan();
            if (!p.hasMonthlyFee()) return BigDecimal.ZERO.setScale(Money.digits(p.currency()));
            return Money.round(prorate(p.monthlyFee()), p.currency());
        }

        /** The included kWh for the days in force (3 places), null when the plan includes none. */
        public BigDecimal includedKwh() {
            BigDecimal kwh = plan().includedKwh();
            return kwh == null ? null : prorate(kwh).setScale(3, RoundingMode.HALF_UP);
        }

        public boolean wholeMonth() {
            return days == daysInMonth;
        }

        private BigDecimal prorate(BigDecimal monthly) {
            if (wholeMonth()) return monthly;
            return monthly.multiply(BigDecimal.valueOf(days), Money.MC).divide(BigDecimal.valueOf(daysInMonth), Money.MC);
        }
    }

    public PlanHistory {
        changes = changes.stream().sorted(Comparator.comparing(Change::effectiveFrom)).toList();
    }

    /**
     * The plan in force at {@code t}; before the first change, the first plan (the one an account starts on
     * also covers a session a charger dated before the sign-up: clocks disagree, offline chargers report
     * late); empty only without any plan.
     */
    public Optional<Change> at(Instant t) {
        Change found = changes.isEmpty() ? null : changes.getFirst();
        for (Change c : changes) {
            if (c.effectiveFrom().isAfter(t)) break;
            found = c;
        }
        return Optional.ofNullable(found);
    }

    /** When the change after {@code c} took effect, null if none did. */
    public Instant until(Change c) {
        int i = changes.indexOf(c);
        return i < 0 || i + 1 >= changes.size() ? null : changes.get(i + 1).effectiveFrom();
    }

    /** The segment of {@code month} that {@code c} covers (0 days when it was not in force during the month). */
    public Segment segment(Change c, YearMonth month, ZoneId zone) {
        Instant monthStart = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        Instant until = until(c);
        Instant from = c.effectiveFrom().isAfter(monthStart) ? c.effectiveFrom() : monthStart;
        Instant to = until == null || until.isAfter(monthEnd) ? monthEnd : until;
        int days = 0;
        if (from.isBefore(to)) {
            LocalDate a = from.atZone(zone).toLocalDate();
            LocalDate b = to.equals(monthEnd) ? month.plusMonths(1).atDay(1) : to.atZone(zone).toLocalDate();
            days = (int) ChronoUnit.DAYS.between(a, b);
        }
        return new Segment(c, c.effectiveFrom(), until, days, month.lengthOfMonth());
    }

    /** The plan periods of a month that had at least one day, in order. */
    public List<Segment> segments(YearMonth month, ZoneId zone) {
        List<Segment> out = new ArrayList<>();
        for (Change c : changes) {
            Segment s = segment(c, month, zone);
            if (s.days() > 0) out.add(s);
        }
        return out;
    }
}
