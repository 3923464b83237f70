package io.evstack.tariff;

import java.math.BigDecimal;
import java.util.List;

/**
 * The cost of a session under a tariff: totals rounded to the currency's minor unit, and the breakdown
 * per price component used, each with the exact (unrounded) amount. {@code vatComplete} is false when a
 * billed component had no VAT (then incl. VAT counts it without VAT, as the spec's "First hour free
 * energy" example says the incl. VAT total cannot be known).
 */
public record TariffCost(String currency, BigDecimal exclVat, BigDecimal inclVat, boolean vatComplete,
        boolean minPriceApplied, boolean maxPriceApplied, List<Line> lines) {

    /**
     * One component's share: {@code dimension} is ENERGY, TIME, PARKING_TIME, FLAT, RESERVATION_TIME or
     * RESERVATION_FLAT; {@code quantity} in kWh, hours or 1; {@code elementIndex} into the tariff's elements.
     */
    public record Line(String dimension, int elementIndex, BigDecimal quantity, BigDecimal unitPrice, BigDecimal vat,
            BigDecimal exclVat, BigDecimal inclVat) {}

    public TariffCost {
        lines = List.copyOf(lines);
    }

    public BigDecimal exclVat(String dimension) {
        return lines.stream().filter(l -> l.dimension().equals(dimension)).map(Line::exclVat)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
