package io.evstack.emsp.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The operator's exchange rates as of one billing run: for each pair, the rate in force on a day is the one
 * with the latest effective date on or before it. Only the pair as set is used, never its inverse (1/rate
 * is not exact).
 */
record RateTable(Map<String, NavigableMap<LocalDate, BigDecimal>> byPair) {

    static RateTable of(List<ExchangeRates.Rate> rates) {
        Map<String, NavigableMap<LocalDate, BigDecimal>> byPair = new HashMap<>();
        for (ExchangeRates.Rate r : rates) {
            byPair.computeIfAbsent(r.fromCurrency() + ">" + r.toCurrency(), k -> new TreeMap<>()).put(r.effectiveFrom(), r.rate());
        }
        return new RateTable(byPair);
    }

    /** 1 {@code from} = the result in {@code to}, on {@code day}; empty when no rate is known. */
    Optional<BigDecimal> rate(String from, String to, LocalDate day) {
        NavigableMap<LocalDate, BigDecimal> rates = byPair.get(from + ">" + to);
        return Optional.ofNullable(rates == null ? null : rates.floorEntry(day)).map(Map.Entry::getValue);
    }
}
