package io.evstack.emsp.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The operator's exchange rates as of one read (V24 emsp_exchange_rate): 1 from = rate to, from a day on.
 *
 * <p>Which rate converts {@code from} into {@code to} on a day, the first that exists:
 * <ol>
 *   <li>direct: the from→to rate in force (the latest effective on or before the day);</li>
 *   <li>inverse: 1 / the to→from rate in force;</li>
 *   <li>cross through {@value #PIVOT}: from→{@value #PIVOT} × {@value #PIVOT}→to, each leg direct, else inverse.</li>
 * </ol>
 * A direct rate wins over an inverse and an inverse over a cross even when the other was set later: the pair the
 * operator set is the rate they mean for it, a derived one only fills a gap. Within a kind, the latest rate in
 * force on the day wins.
 *
 * <p>A derived rate is computed exactly (24 significant digits, {@link Money#MC}) and rounded once, half-even, to
 * {@value #SCALE} decimal places, the scale rates are stored with (DECIMAL(20,10)): the rate an invoice line
 * records is the very one its amount was converted with. Money is rounded only after converting, to the
 * currency's minor unit.
 */
record RateTable(Map<String, NavigableMap<LocalDate, BigDecimal>> byPair) {
    /** The currency of the cross rate's two legs. */
    static final String PIVOT = "EUR";
    /** Decimal places of a derived (inverse or cross) rate. */
    static final int SCALE = 10;
    /** No rates at all: only prices in the plan's own currency can be shown. */
    static final RateTable NONE = new RateTable(Map.of());

    static RateTable of(List<ExchangeRates.Rate> rates) {
        Map<String, NavigableMap<LocalDate, BigDecimal>> byPair = new HashMap<>();
        for (ExchangeRates.Rate r : rates) {
            byPair.computeIfAbsent(r.fromCurrency() + ">" + r.toCurrency(), k -> new TreeMap<>()).put(r.effectiveFrom(), r.rate());
        }
        return new RateTable(byPair);
    }

    /** 1 {@code from} = the result in {@code to}, on {@code day}; empty when no rate, inverse or cross is known. */
    Optional<BigDecimal> rate(String from, String to, LocalDate day) {
        if (day == null) return Optional.empty();
        Optional<BigDecimal> set = direct(from, to, day);
        if (set.isPresent()) return set;
        Optional<BigDecimal> exact = exactInverse(from, to, day);
        if (exact.isEmpty() && !from.equals(PIVOT) && !to.equals(PIVOT)) {
            Optional<BigDecimal> toPivot = leg(from, PIVOT, day);
            Optional<BigDecimal> fromPivot = leg(PIVOT, to, day);
            if (toPivot.isPresent() && fromPivot.isPresent()) exact = Optional.of(toPivot.get().multiply(fromPivot.get(), Money.MC));
        }
        return exact.map(r -> r.setScale(SCALE, RoundingMode.HALF_EVEN)).filter(r -> r.signum() > 0);
    }

    /** The rate as set for the pair, in force on the day. */
    private Optional<BigDecimal> direct(String from, String to, LocalDate day) {
        NavigableMap<LocalDate, BigDecimal> rates = byPair.get(from + ">" + to);
        return Optional.ofNullable(rates == null ? null : rates.floorEntry(day)).map(Map.Entry::getValue);
    }

    /** 1 / the reverse pair's rate, exact to 24 digits (not yet rounded to the rate scale). */
    private Optional<BigDecimal> exactInverse(String from, String to, LocalDate day) {
        return direct(to, from, day).map(r -> BigDecimal.ONE.divide(r, Money.MC));
    }

    /** One leg of a cross rate: direct, else inverse, unrounded. */
    private Optional<BigDecimal> leg(String from, String to, LocalDate day) {
        Optional<BigDecimal> d = direct(from, to, day);
        return d.isPresent() ? d : exactInverse(from, to, day);
    }
}
