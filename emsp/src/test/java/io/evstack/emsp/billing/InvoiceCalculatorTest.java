package io.evstack.emsp.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** VAT per rate on the invoice, shared out to the lines so that everything adds up to the cent. */
class InvoiceCalculatorTest {

    static InvoiceCalculator.Draft line(String excl, String rate) {
        return new InvoiceCalculator.Draft(InvoiceLine.LineKind.CHARGE, "x", null, null, null, null, null, null, null, null, null,
                BigDecimal.ONE, new BigDecimal(excl), new BigDecimal(rate));
    }

    @Test
    void vatIsComputedOnEachRatesTotalNotSummedFromRoundedLines() {
        // Three lines of 0.07 at 21 %: each line's VAT would be 0.0147 → 0.01, summing to 0.03; on the rate's
        // total, 0.21 × 21 % = 0.0441 → 0.04. The invoice says 0.04; the leftover cent goes to the first line
        // (all three dropped the same fraction, 0.0047).
        var r = InvoiceCalculator.calculate(List.of(line("0.07", "21"), line("0.07", "21"), line("0.07", "21")), "EUR");
        assertThat(r.vatBreakdown()).singleElement().satisfies(v -> {
            assertThat(v.taxableAmount()).isEqualByComparingTo("0.21");
            assertThat(v.vatAmount()).isEqualByComparingTo("0.04");
        });
        assertThat(r.lines()).extracting(l -> l.vatAmount().toPlainString()).containsExactly("0.02", "0.01", "0.01");
        assertThat(r.totalInclVat()).isEqualByComparingTo("0.25");
    }

    @Test
    void twoRatesGetTheirOwnBreakdownAndLinesAddUpToTheTotalsExactly() {
        // 21 %: 9.99 + 1.50 = 11.49 → VAT 2.4129 → 2.41; shares 2.0979 → 2.09 (+0.01: fraction .0079) and
        // 0.315 → 0.31 (fraction .005): the leftover cent goes to the larger fraction: 2.10 and 0.31.
        //  9 %: 4.35 → VAT 0.3915 → 0.39.
        var r = InvoiceCalculator.calculate(List.of(line("9.99", "21"), line("4.35", "9"), line("1.50", "21")), "EUR");
        assertThat(r.vatBreakdown()).extracting(v -> v.ratePercent() + ":" + v.taxableAmount() + ":" + v.vatAmount())
                .containsExactly("9.00:4.35:0.39", "21.00:11.49:2.41");
        assertThat(r.lines()).extracting(l -> l.vatAmount().toPlainString()).containsExactly("2.10", "0.39", "0.31");
        assertThat(r.totalExclVat()).isEqualByComparingTo("15.84");
        assertThat(r.totalVat()).isEqualByComparingTo("2.80");
        assertThat(r.totalInclVat()).isEqualByComparingTo("18.64");
        assertThat(r.lines().stream().map(InvoiceLine::amountInclVat).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(r.totalInclVat());
        assertThat(r.lines().stream().map(InvoiceLine::amountExclVat).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(r.totalExclVat());
    }
}
