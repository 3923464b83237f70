package io.evstack.emsp.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns priced lines into an invoice's VAT and totals.
 *
 * <p>Rounding rule: each line's amount excl. VAT is already rounded half-up to the currency's minor unit
 * (one charge, one rounding). VAT is computed per rate on the sum of that rate's lines and rounded half-up
 * once; it is not the sum of per-line rounded VAT. EU law leaves the rounding method to the member states
 * (CJEU C-484/06 Koninklijke Ahold, 10 July 2008) and asks the invoice to state, per rate, the taxable amount
 * and the VAT payable (Directive 2006/112/EC art. 226 (8)-(10)); VAT on the per-rate total is the common
 * practice and the rule of the EU e-invoicing standard EN 16931 (business rule BR-CO-17: VAT category tax
 * amount = taxable amount × rate / 100, rounded to two decimals), and it keeps the VAT from drifting by a
 * cent per line. So that lines still add up to the totals, each line shows its share of
 * its rate's VAT: the exact share rounded down, and the cents left over given one each to the lines with the
 * largest dropped fractions (earlier line first on a tie).
 */
final class InvoiceCalculator {

    /** A line before VAT: amount excl. VAT rounded to the currency, VAT rate in percent. */
    record Draft(InvoiceLine.LineKind kind, String description, String cdrCountry, String cdrParty, String cdrId,
            String tokenUid, Long driverPk, String driverName, String vehiclePlate, java.time.Instant sessionStart,
            java.time.Instant sessionEnd, BigDecimal kwh, BigDecimal amountExclVat, BigDecimal vatPercent, String planCode,
            InvoiceLine.Conversion conversion) {
        Draft(InvoiceLine.LineKind kind, String description, String cdrCountry, String cdrParty, String cdrId,
                String tokenUid, Long driverPk, String driverName, String vehiclePlate, java.time.Instant sessionStart,
                java.time.Instant sessionEnd, BigDecimal kwh, BigDecimal amountExclVat, BigDecimal vatPercent) {
            this(kind, description, cdrCountry, cdrParty, cdrId, tokenUid, driverPk, driverName, vehiclePlate, sessionStart,
                    sessionEnd, kwh, amountExclVat, vatPercent, null, null);
        }
    }

    record Result(List<InvoiceLine> lines, List<Invoice.VatAmount> vatBreakdown, BigDecimal totalExclVat,
            BigDecimal totalVat, BigDecimal totalInclVat) {}

    private InvoiceCalculator() {}

    static Result calculate(List<Draft> drafts, String currency) {
        int digits = Money.digits(currency);
        BigDecimal unit = BigDecimal.ONE.movePointLeft(digits);
        BigDecimal[] vat = new BigDecimal[drafts.size()];
        Map<BigDecimal, List<Integer>> byRate = new TreeMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            if (d.amountExclVat().scale() > digits || d.amountExclVat().signum() < 0) {
                throw new IllegalArgumentException("A line must be rounded to the currency and not negative: " + d.amountExclVat());
            }
            byRate.computeIfAbsent(d.vatPercent().stripTrailingZeros(), r -> new ArrayList<>()).add(i);
        }
        List<Invoice.VatAmount> breakdown = new ArrayList<>();
        BigDecimal totalExcl = BigDecimal.ZERO.setScale(digits);
        BigDecimal totalVat = BigDecimal.ZERO.setScale(digits);
        for (Map.Entry<BigDecimal, List<Integer>> rate : byRate.entrySet()) {
            BigDecimal taxable = BigDecimal.ZERO.setScale(digits);
            BigDecimal[] exact = new BigDecimal[drafts.size()];
            BigDecimal floored = BigDecimal.ZERO.setScale(digits);
            for (int i : rate.getValue()) {
                taxable = taxable.add(drafts.get(i).amountExclVat());
                exact[i] = Money.percentOf(drafts.get(i).amountExclVat(), rate.getKey());
                vat[i] = exact[i].setScale(digits, RoundingMode.FLOOR);
                floored = floored.add(vat[i]);
            }
            BigDecimal rateVat = Money.percentOf(taxable, rate.getKey()).setScale(digits, RoundingMode.HALF_UP);
            int leftover = rateVat.subtract(floored).divide(unit).intValueExact();
            List<Integer> order = new ArrayList<>(rate.getValue());
            order.sort(Comparator.comparing((Integer i) -> exact[i].subtract(vat[i])).reversed().thenComparing(i -> i));
            for (int k = 0; k < leftover; k++) {
                int i = order.get(k);
                vat[i] = vat[i].add(unit);
            }
            breakdown.add(new Invoice.VatAmount(rate.getKey().setScale(2, RoundingMode.UNNECESSARY), taxable, rateVat));
            totalExcl = totalExcl.add(taxable);
            totalVat = totalVat.add(rateVat);
        }
        List<InvoiceLine> lines = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            BigDecimal excl = d.amountExclVat().setScale(digits, RoundingMode.UNNECESSARY);
            lines.add(new InvoiceLine(i + 1, d.kind(), d.description(), d.cdrCountry(), d.cdrParty(), d.cdrId(), d.tokenUid(),
                    d.driverPk(), d.driverName(), d.vehiclePlate(), d.sessionStart(), d.sessionEnd(), d.kwh(), excl,
                    d.vatPercent().setScale(2, RoundingMode.UNNECESSARY), vat[i], excl.add(vat[i]), d.planCode(),
                    d.conversion()));
        }
        return new Result(lines, breakdown, totalExcl, totalVat, totalExcl.add(totalVat));
    }
}
