package io.evstack.emsp.billing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A row of {@code emsp_plan}: how a driver's (or a fleet company's) charging is priced. Every amount is
 * excluding VAT; {@code vatPercent} is the VAT we charge the driver.
 *
 * @param markupPercent over the CPO's price, when {@code pricePerKwh} is null (pay-as-you-go: 15 to 30)
 * @param pricePerKwh a fixed driver price per kWh; for a subscription the price beyond the included kWh
 * @param monthlyFee billed once per month (subscription, or a fleet contract's fee), null when none
 * @param includedKwh kWh per month covered by the fee (subscription), null when none
 */
public record Plan(long pk, String code, String name, Kind kind, String currency, BigDecimal markupPercent,
        BigDecimal pricePerKwh, BigDecimal monthlyFee, BigDecimal includedKwh, BigDecimal vatPercent) {

    /** The plan kinds V6 allows. */
    public enum Kind { PAY_AS_YOU_GO, SUBSCRIPTION, FLEET }

    public Plan {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(vatPercent, "vatPercent");
    }

    /** The same plan with another monthly allowance (a prorated one, for part of a month). */
    public Plan withIncludedKwh(BigDecimal kwh) {
        return new Plan(pk, code, name, kind, currency, markupPercent, pricePerKwh, monthlyFee, kwh, vatPercent);
    }

    /** The same prices in another currency: the plan as it prices a CPO amount before conversion (an estimate). */
    public Plan inCurrency(String other) {
        return new Plan(pk, code, name, kind, other, markupPercent, pricePerKwh, monthlyFee, includedKwh, vatPercent);
    }

    /** True when the plan bills a monthly fee. */
    public boolean hasMonthlyFee() {
        return monthlyFee != null && monthlyFee.signum() > 0;
    }
}
