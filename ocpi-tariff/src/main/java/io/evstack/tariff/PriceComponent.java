package io.evstack.tariff;

import java.math.BigDecimal;

/**
 * OCPI PriceComponent (section 11.4.2). {@code price} is per kWh (ENERGY), per hour (TIME, PARKING_TIME)
 * or per session (FLAT), excluding VAT. {@code vat} is a percentage; null means "no VAT applicable",
 * which the spec distinguishes from 0 %. {@code stepSize} is in Wh or seconds.
 */
public record PriceComponent(Dimension type, BigDecimal price, BigDecimal vat, long stepSize) {
    /** TariffDimensionType (section 11.4.5). */
    public enum Dimension { ENERGY, FLAT, PARKING_TIME, TIME }
}
