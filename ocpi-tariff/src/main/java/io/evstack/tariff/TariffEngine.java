package io.evstack.tariff;

import io.evstack.tariff.PriceComponent.Dimension;
import io.evstack.tariff.Restrictions.Reservation;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.TreeSet;

/**
 * Prices a session (a CDR's charging periods) under an OCPI 2.2.1 Tariff (section 11, mod_tariffs).
 *
 * <p>Rules applied, with the spec's words:
 * <ul>
 *   <li>Element choice (11.3.1): per dimension "the first Tariff Element with that Dimension in the list
 *       with matching Tariff Restrictions will be used"; no match, no cost for that dimension. Restrictions
 *       "only describe if and when a TariffElement becomes active or inactive during a Charging Session"
 *       (11.4.6), so they are evaluated piecewise: periods are cut wherever a restriction can flip (local
 *       time of day in the location's time zone, local dates, session duration, cumulative kWh) and each
 *       piece is matched at its start.</li>
 *   <li>Step size (11.4.2 note): "step_size SHALL only be taken into account for the last TariffElement
 *       and when switching to another TariffElement for the PriceComponents that is not in the new
 *       TariffElement". Read with its worked examples (switching #1, #2, free-of-charge): each dimension's
 *       exact quantity is priced element by element; the dimension's total is then rounded up to the step
 *       of the last component used for it, and the rounded-up remainder is billed at that component's
 *       price. Units: ENERGY 1 Wh, TIME/PARKING_TIME 1 second; FLAT has no step (11.4.5).</li>
 *   <li>Parking inside billed charging time: example switching #1 says the 2 minutes of parking are not
 *       billed because they lie "within the extra 5 minutes of charging billed because of the step_size".
 *       The Complex Tariff example, however, bills all 42 minutes of parking (rounded to 45) after 147
 *       minutes of charging billed as 150. Both hold only if parking is waived when it lies entirely
 *       within the charging step's remainder, and billed in full otherwise; that is what is done.</li>
 *   <li>FLAT is billed once per session, from the first element matching at the start of charging.</li>
 *   <li>Reservation (11.4.3, 11.4.6): elements with a {@code reservation} restriction price only the
 *       RESERVATION_TIME periods (TIME = reservation time, FLAT = reservation fee), elements without it
 *       only the charging session. For an expired reservation, RESERVATION_EXPIRES elements come first,
 *       then RESERVATION ones ("the time based cost of an expired reservation will be calculated based on
 *       the RESERVATION_EXPIRES TariffElement").</li>
 *   <li>VAT per component (11.4.2: "If omitted, no VAT is applicable"); min_price / max_price both
 *       excl. and incl. VAT (11.3.1 notes: "they both apply").</li>
 *   <li>Money is BigDecimal throughout; totals are rounded once, half-up, to the currency's minor unit
 *       (ISO 4217 digits), never the sum of rounded lines.</li>
 * </ul>
 */
public final class TariffEngine {
    private static final MathContext MC = new MathContext(24, RoundingMode.HALF_EVEN);
    private static final BigDecimal HOUR = BigDecimal.valueOf(3600);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** The session to price: its periods (ordered by start), its end, where it happened. */
    public record Session(List<ChargingPeriod> periods, Instant end, ZoneId zone, boolean reservationExpired) {
        public Session(List<ChargingPeriod> periods, Instant end, ZoneId zone) {
            this(periods, end, zone, false);
        }
    }

    public TariffCost price(Tariff tariff, Session session) {
        List<ChargingPeriod> periods = session.periods().stream()
                .sorted(java.util.Comparator.comparing(ChargingPeriod::start)).toList();
        List<Line> lines = new ArrayList<>();
        if (!periods.isEmpty()) {
            Instant sessionStart = periods.getFirst().start();
            List<Segment> segments = cutAtEnergy(cutAtClock(segments(periods, session.end()), tariff, sessionStart,
                    session.zone()), tariff);
            lines.addAll(priceSegments(tariff, segments, sessionStart, session));
        }
        return totals(tariff, lines);
    }

    // ---- segments ----

    private static List<Segment> segments(List<ChargingPeriod> periods, Instant end) {
        List<Segment> out = new ArrayList<>();
        for (int i = 0; i < periods.size(); i++) {
            ChargingPeriod p = periods.get(i);
            Instant to = i + 1 < periods.size() ? periods.get(i + 1).start() : end;
            if (to == null || to.isBefore(p.start())) {
                to = p.start();
            }
            BigDecimal energy = p.dimensions().containsKey("ENERGY") ? p.volume("ENERGY") : p.volume("ENERGY_IMPORT");
            BigDecimal charging = seconds(p.volume("TIME"));
            BigDecimal current = first(p, "CURRENT", "MAX_CURRENT", "MIN_CURRENT");
            BigDecimal power = first(p, "POWER", "MAX_POWER", "MIN_POWER");
            if (power == null && charging.signum() > 0 && energy.signum() > 0) {
                // No power reported: the period's average, so min/max_power can still be judged.
                power = energy.multiply(HOUR).divide(charging, MC);
            }
            out.add(new Segment(p.start(), to, energy, charging, seconds(p.volume("PARKING_TIME")),
                    seconds(p.volume("RESERVATION_TIME")), current, power));
        }
        return out;
    }

    /**
     * Hours as seconds, to the centisecond. A CDR carries hours as decimals (a CPO writes 40 minutes as
     * 0.666667 h): taken exactly, that is 2400.0012 s, and a 60 s step would bill a 41st minute that
     * nobody parked. The rounding (at most 0.005 s) only undoes such a decimal representation.
     */
    private static BigDecimal seconds(BigDecimal hours) {
        BigDecimal s = hours.multiply(HOUR);
        return s.scale() > 2 ? s.setScale(2, RoundingMode.HALF_UP) : s;
    }

    private static BigDecimal first(ChargingPeriod p, String... types) {
        for (String t : types) {
            if (p.dimensions().containsKey(t)) {
                return p.dimensions().get(t);
            }
        }
        return null;
    }

    /** Cuts at local midnights, every start/end time of day, start/end date, and min/max duration. */
    private static List<Segment> cutAtClock(List<Segment> segments, Tariff tariff, Instant sessionStart, ZoneId zone) {
        if (segments.isEmpty()) {
            return segments;
        }
        TreeSet<Instant> cuts = new TreeSet<>();
        TreeSet<LocalTime> times = new TreeSet<>(List.of(LocalTime.MIDNIGHT));
        for (TariffElement e : tariff.elements()) {
            Restrictions r = e.restrictions();
            if (r.startTime() != null) times.add(r.startTime());
            if (r.endTime() != null) times.add(r.endTime());
            if (r.minDuration() != null) cuts.add(sessionStart.plusSeconds(r.minDuration()));
            if (r.maxDuration() != null) cuts.add(sessionStart.plusSeconds(r.maxDuration()));
        }
        Instant last = segments.getLast().end();
        for (LocalDate d = sessionStart.atZone(zone).toLocalDate().minusDays(1);
                !d.isAfter(last.atZone(zone).toLocalDate().plusDays(1)); d = d.plusDays(1)) {
            for (LocalTime t : times) {
                // ZonedDateTime.of moves a time in a DST gap forward by the gap's length (the wall clock).
                cuts.add(ZonedDateTime.of(d, t, zone).toInstant());
            }
        }
        List<Segment> out = new ArrayList<>();
        for (Segment s : segments) {
            Segment rest = s;
            for (Instant c : cuts.subSet(s.start(), false, s.end(), false)) {
                Segment[] parts = rest.splitAt(c);
                out.add(parts[0]);
                rest = parts[1];
            }
            out.add(rest);
        }
        return out;
    }

    /** Cuts where the session's cumulative energy crosses a min_kwh / max_kwh threshold. */
    private static List<Segment> cutAtEnergy(List<Segment> segments, Tariff tariff) {
        TreeSet<BigDecimal> thresholds = new TreeSet<>();
        for (TariffElement e : tariff.elements()) {
            if (e.restrictions().minKwh() != null) thresholds.add(e.restrictions().minKwh());
            if (e.restrictions().maxKwh() != null) thresholds.add(e.restrictions().maxKwh());
        }
        List<Segment> out = new ArrayList<>();
        BigDecimal cumulative = BigDecimal.ZERO;
        for (Segment s : segments) {
            Segment rest = s;
            BigDecimal at = cumulative;
            for (BigDecimal t : thresholds) {
                if (t.compareTo(at) > 0 && t.compareTo(at.add(rest.energy())) < 0) {
                    Segment[] parts = rest.splitAtEnergy(t.subtract(at));
                    out.add(parts[0]);
                    at = t;
                    rest = parts[1];
                }
            }
            out.add(rest);
            cumulative = cumulative.add(s.energy());
        }
        return out;
    }

    // ---- matching ----

    private record State(LocalTime time, LocalDate date, BigDecimal kwh, long durationSeconds, BigDecimal current,
            BigDecimal power) {}

    private static boolean matches(Restrictions r, State s) {
        if (r.startTime() != null || r.endTime() != null) {
            LocalTime from = r.startTime() == null ? LocalTime.MIDNIGHT : r.startTime();
            boolean inside;
            if (r.endTime() == null) {
                inside = !s.time().isBefore(from);
            } else if (r.endTime().isAfter(from)) {
                inside = !s.time().isBefore(from) && s.time().isBefore(r.endTime());
            } else {
                // end_time before (or equal to) start_time: the range runs over midnight, e.g. 22:00-06:00.
                inside = !s.time().isBefore(from) || s.time().isBefore(r.endTime());
            }
            if (!inside) return false;
        }
        if (r.startDate() != null && s.date().isBefore(r.startDate())) return false;
        if (r.endDate() != null && !s.date().isBefore(r.endDate())) return false;
        if (!r.dayOfWeek().isEmpty() && !r.dayOfWeek().contains(s.date().getDayOfWeek())) return false;
        if (!within(s.kwh(), r.minKwh(), r.maxKwh())) return false;
        if (!within(BigDecimal.valueOf(s.durationSeconds()), r.minDuration() == null ? null : BigDecimal.valueOf(r.minDuration()),
                r.maxDuration() == null ? null : BigDecimal.valueOf(r.maxDuration()))) return false;
        if (!within(s.current(), r.minCurrent(), r.maxCurrent())) return false;
        return within(s.power(), r.minPower(), r.maxPower());
    }

    /** min inclusive, max exclusive; an unknown value never satisfies a bound. */
    private static boolean within(BigDecimal v, BigDecimal min, BigDecimal max) {
        if (min == null && max == null) return true;
        if (v == null) return false;
        return (min == null || v.compareTo(min) >= 0) && (max == null || v.compareTo(max) < 0);
    }

    private record Pick(int index, PriceComponent component) {}

    private static Pick pick(Tariff tariff, Dimension dimension, State state, Reservation kind) {
        for (int i = 0; i < tariff.elements().size(); i++) {
            TariffElement e = tariff.elements().get(i);
            if (e.restrictions().reservation() != kind || !matches(e.restrictions(), state)) continue;
            for (PriceComponent pc : e.priceComponents()) {
                if (pc.type() == dimension) return new Pick(i, pc);
            }
        }
        return null;
    }

    private static Pick pickReservation(Tariff tariff, Dimension dimension, State state, boolean expired) {
        Pick p = expired ? pick(tariff, dimension, state, Reservation.RESERVATION_EXPIRES) : null;
        return p != null ? p : pick(tariff, dimension, state, Reservation.RESERVATION);
    }

    // ---- pricing ----

    /** Per billed dimension: the quantities priced by each component in time order (Wh or seconds). */
    private record Use(String key, Pick pick, BigDecimal quantity, Segment segment) {}

    private static List<Line> priceSegments(Tariff tariff, List<Segment> segments, Instant sessionStart, Session session) {
        List<Use> uses = new ArrayList<>();
        BigDecimal cumulative = BigDecimal.ZERO;
        boolean flatDone = false;
        boolean reservationFlatDone = false;
        for (Segment s : segments) {
            ZonedDateTime local = s.start().atZone(session.zone());
            State state = new State(local.toLocalTime(), local.toLocalDate(), cumulative,
                    Duration.between(sessionStart, s.start()).toSeconds(), s.current(), s.power());
            if (s.isReservation()) {
                if (!reservationFlatDone) {
                    reservationFlatDone = true;
                    add(uses, "RESERVATION_FLAT", pickReservation(tariff, Dimension.FLAT, state, session.reservationExpired()), BigDecimal.ONE, s);
                }
                add(uses, "RESERVATION_TIME", pickReservation(tariff, Dimension.TIME, state, session.reservationExpired()), s.reservation(), s);
            } else {
                if (!flatDone) {
                    flatDone = true;
                    add(uses, "FLAT", pick(tariff, Dimension.FLAT, state, null), BigDecimal.ONE, s);
                }
                add(uses, "ENERGY", pick(tariff, Dimension.ENERGY, state, null), s.energy().multiply(THOUSAND), s);
                add(uses, "TIME", pick(tariff, Dimension.TIME, state, null), s.charging(), s);
                add(uses, "PARKING_TIME", pick(tariff, Dimension.PARKING_TIME, state, null), s.parking(), s);
            }
            cumulative = cumulative.add(s.energy());
        }
        BigDecimal timeRemainder = stepRemainder(uses, "TIME");
        BigDecimal reservationRemainder = stepRemainder(uses, "RESERVATION_TIME");
        if (parkingWithinChargingRemainder(uses, segments, timeRemainder)) {
            uses.removeIf(u -> u.key().equals("PARKING_TIME"));
        }
        BigDecimal energyRemainder = stepRemainder(uses, "ENERGY");
        BigDecimal parkingRemainder = stepRemainder(uses, "PARKING_TIME");
        List<Line> lines = new ArrayList<>();
        for (String key : List.of("FLAT", "ENERGY", "TIME", "PARKING_TIME", "RESERVATION_FLAT", "RESERVATION_TIME")) {
            BigDecimal remainder = switch (key) {
                case "ENERGY" -> energyRemainder;
                case "TIME" -> timeRemainder;
                case "PARKING_TIME" -> parkingRemainder;
                case "RESERVATION_TIME" -> reservationRemainder;
                default -> BigDecimal.ZERO;
            };
            lines.addAll(lines(uses.stream().filter(u -> u.key().equals(key)).toList(), remainder));
        }
        return lines;
    }

    private static void add(List<Use> uses, String key, Pick pick, BigDecimal quantity, Segment s) {
        if (pick != null && quantity.signum() > 0) {
            uses.add(new Use(key, pick, quantity, s));
        }
    }

    /** What the last component's step adds to the dimension's total (0 when it is a whole number of steps). */
    private static BigDecimal stepRemainder(List<Use> uses, String key) {
        List<Use> of = uses.stream().filter(u -> u.key().equals(key)).toList();
        if (of.isEmpty()) return BigDecimal.ZERO;
        long step = of.getLast().pick().component().stepSize();
        BigDecimal total = of.stream().map(Use::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (step <= 0) return BigDecimal.ZERO;
        // Also with step 1: 115.2 Wh is billed as 116 Wh (11.4.2 note).
        BigDecimal stepSize = BigDecimal.valueOf(step);
        BigDecimal rounded = total.divide(stepSize, 0, RoundingMode.CEILING).multiply(stepSize);
        return rounded.subtract(total);
    }

    private static boolean parkingWithinChargingRemainder(List<Use> uses, List<Segment> segments, BigDecimal remainder) {
        if (remainder.signum() <= 0) return false;
        Instant chargingEnd = null;
        for (Segment s : segments) {
            if (s.charging().signum() > 0) chargingEnd = s.end();
        }
        if (chargingEnd == null) return false;
        BigDecimal parking = BigDecimal.ZERO;
        for (Segment s : segments) {
            if (s.parking().signum() > 0) {
                if (s.start().isBefore(chargingEnd)) return false;
                parking = parking.add(s.parking());
            }
        }
        return parking.signum() > 0 && parking.compareTo(remainder) <= 0;
    }

    /** Merges consecutive uses of one component into a line; the step remainder goes to the last. */
    private static List<Line> lines(List<Use> uses, BigDecimal remainder) {
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < uses.size(); i++) {
            Use u = uses.get(i);
            BigDecimal q = u.quantity();
            while (i + 1 < uses.size() && uses.get(i + 1).pick().index() == u.pick().index()) {
                q = q.add(uses.get(++i).quantity());
            }
            if (i == uses.size() - 1) q = q.add(remainder);
            out.add(new Line(u.key(), u.pick(), q));
        }
        return out;
    }

    private record Line(String key, Pick pick, BigDecimal rawQuantity) {
        /** kWh, hours or 1. */
        BigDecimal quantity() {
            return switch (key) {
                case "ENERGY" -> rawQuantity.divide(THOUSAND, MC);
                case "TIME", "PARKING_TIME", "RESERVATION_TIME" -> rawQuantity.divide(HOUR, MC);
                default -> BigDecimal.ONE;
            };
        }

        BigDecimal exclVat() {
            return pick.component().price().multiply(quantity(), MC);
        }

        BigDecimal inclVat() {
            BigDecimal vat = pick.component().vat();
            return vat == null ? exclVat() : exclVat().multiply(BigDecimal.ONE.add(vat.divide(HUNDRED, MC)), MC);
        }
    }

    private static TariffCost totals(Tariff tariff, List<Line> lines) {
        BigDecimal excl = BigDecimal.ZERO;
        BigDecimal incl = BigDecimal.ZERO;
        boolean vatComplete = true;
        List<TariffCost.Line> out = new ArrayList<>();
        for (Line l : lines) {
            excl = excl.add(l.exclVat());
            incl = incl.add(l.inclVat());
            if (l.pick().component().vat() == null && l.exclVat().signum() != 0) vatComplete = false;
            out.add(new TariffCost.Line(l.key(), l.pick().index(), l.quantity().stripTrailingZeros(),
                    l.pick().component().price(), l.pick().component().vat(), l.exclVat().stripTrailingZeros(),
                    l.inclVat().stripTrailingZeros()));
        }
        boolean minApplied = false;
        boolean maxApplied = false;
        Tariff.Price min = tariff.minPrice();
        if (min != null) {
            if (excl.compareTo(min.exclVat()) < 0) {
                excl = min.exclVat();
                minApplied = true;
            }
            BigDecimal minIncl = min.inclVat() != null ? min.inclVat() : minApplied ? min.exclVat() : null;
            if (minIncl != null && incl.compareTo(minIncl) < 0) {
                incl = minIncl;
                minApplied = true;
            }
        }
        Tariff.Price max = tariff.maxPrice();
        if (max != null) {
            if (excl.compareTo(max.exclVat()) > 0) {
                excl = max.exclVat();
                maxApplied = true;
            }
            if (max.inclVat() != null && incl.compareTo(max.inclVat()) > 0) {
                incl = max.inclVat();
                maxApplied = true;
            } else if (max.inclVat() == null && incl.compareTo(excl) > 0 && maxApplied) {
                // Only an excl. VAT cap given: keep the VAT on top of the capped amount in proportion.
                incl = incl.multiply(max.exclVat(), MC).divide(lines.stream().map(Line::exclVat)
                        .reduce(BigDecimal.ZERO, BigDecimal::add), MC);
            }
        }
        int digits = digits(tariff.currency());
        return new TariffCost(tariff.currency(), excl.setScale(digits, RoundingMode.HALF_UP),
                incl.setScale(digits, RoundingMode.HALF_UP), vatComplete, minApplied, maxApplied, out);
    }

    /** ISO 4217 minor unit digits (EUR 2, JPY 0, KWD 3); 2 for a code the JDK does not know. */
    public static int digits(String currency) {
        try {
            int d = Currency.getInstance(currency).getDefaultFractionDigits();
            return d < 0 ? 2 : d;
        } catch (IllegalArgumentException | NullPointerException e) {
            return 2;
        }
    }
}
