package io.evstack.emsp.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which exchange rate converts a pair on a day: direct, else inverse, else cross through EUR; exact decimals. */
class RateTableTest {
    private static final LocalDate MARCH_12 = LocalDate.parse("2026-03-12");

    private static ExchangeRates.Rate rate(String from, String to, String rate, String day) {
        return new ExchangeRates.Rate(from, to, new BigDecimal(rate), LocalDate.parse(day), Instant.EPOCH);
    }

    @Test
    void theInverseOfAStoredPairIsUsedRoundedOnceToTenPlaces() {
        RateTable t = RateTable.of(List.of(rate("USD", "EUR", "0.9215", "2026-03-01")));
        assertThat(t.rate("USD", "EUR", MARCH_12)).contains(new BigDecimal("0.9215"));
        // 1 / 0.9215 = 1.08518719478024959305…, half-even to 10 places
        assertThat(t.rate("EUR", "USD", MARCH_12)).hasValueSatisfying(r -> assertThat(r.toPlainString()).isEqualTo("1.0851871948"));
        assertThat(t.rate("EUR", "USD", LocalDate.parse("2026-02-28"))).as("not in force yet").isEmpty();
    }

    @Test
    void aCrossRateGoesThroughEuroWhenNeitherThePairNorItsInverseIsKnown() {
        RateTable t = RateTable.of(List.of(rate("GBP", "EUR", "1.17", "2026-03-01"), rate("EUR", "CHF", "0.94", "2026-03-01")));
        // GBP→EUR × EUR→CHF = 1.17 × 0.94, exact
        assertThat(t.rate("GBP", "CHF", MARCH_12)).hasValueSatisfying(r -> assertThat(r).isEqualByComparingTo("1.0998"));
        // CHF→EUR (inverse of 0.94) × EUR→GBP (inverse of 1.17) = 1 / 1.0998 = 0.90925622840516…, once to 10 places
        assertThat(t.rate("CHF", "GBP", MARCH_12)).hasValueSatisfying(r -> assertThat(r.toPlainString()).isEqualTo("0.9092562284"));
        assertThat(t.rate("GBP", "USD", MARCH_12)).as("no EUR→USD leg").isEmpty();
    }

    @Test
    void directWinsOverInverseAndInverseOverCrossThenTheLatestInForce() {
        RateTable t = RateTable.of(List.of(
                rate("USD", "EUR", "0.90", "2026-01-01"), rate("USD", "EUR", "0.92", "2026-03-10"),
                // set later than the direct rate, but only the inverse pair's: it does not replace it
                rate("EUR", "USD", "1.25", "2026-03-11"),
                // a cross USD→CHF exists (USD→EUR × EUR→CHF) but the inverse of CHF→USD is preferred
                rate("EUR", "CHF", "0.95", "2026-01-01"), rate("CHF", "USD", "1.25", "2026-01-01")));
        assertThat(t.rate("USD", "EUR", LocalDate.parse("2026-03-09"))).contains(new BigDecimal("0.90"));
        assertThat(t.rate("USD", "EUR", MARCH_12)).contains(new BigDecimal("0.92"));
        assertThat(t.rate("EUR", "USD", MARCH_12)).contains(new BigDecimal("1.25"));
        assertThat(t.rate("USD", "CHF", MARCH_12)).hasValueSatisfying(r -> assertThat(r.toPlainString()).isEqualTo("0.8000000000"));
        assertThat(RateTable.NONE.rate("USD", "EUR", MARCH_12)).isEmpty();
    }
}
