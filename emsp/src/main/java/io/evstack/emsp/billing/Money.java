package io.evstack.emsp.billing;

import io.evstack.tariff.TariffEngine;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Exact money arithmetic: rounding to the currency's minor unit (java.util.Currency), never a double. */
final class Money {
    static final MathContext MC = new MathContext(24, RoundingMode.HALF_EVEN);
    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Money() {}

    /** ISO 4217 minor unit digits of the currency (EUR 2, JPY 0), from java.util.Currency. */
    static int digits(String currency) {
        return TariffEngine.digits(currency);
    }

    /** Half-up to the currency's minor unit. */
    static BigDecimal round(BigDecimal amount, String currency) {
        return amount.setScale(digits(currency), RoundingMode.HALF_UP);
    }

    /** An amount as stored (DECIMAL with more places) back at the currency's scale; exact, never rounds. */
    static BigDecimal scaled(BigDecimal amount, String currency) {
        return amount == null ? null : amount.setScale(digits(currency), RoundingMode.UNNECESSARY);
    }

    /** An exact amount shown with at least the currency's minor unit digits (5.00, 1.1111), never rounded. */
    static BigDecimal shown(BigDecimal amount, String currency) {
        BigDecimal s = amount.stripTrailingZeros();
        return s.scale() < digits(currency) ? s.setScale(digits(currency)) : s;
    }

    /** amount × percent / 100, exact to 24 digits. */
    static BigDecimal percentOf(BigDecimal amount, BigDecimal percent) {
        return amount.multiply(percent, MC).divide(HUNDRED, MC);
    }

    /** 1 + percent / 100. */
    static BigDecimal factor(BigDecimal percent) {
        return percent == null ? BigDecimal.ONE : BigDecimal.ONE.add(percent.divide(HUNDRED, MC));
    }
}
