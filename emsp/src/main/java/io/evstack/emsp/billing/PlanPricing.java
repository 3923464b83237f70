package io.evstack.emsp.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.tariff.PriceComponent;
import io.evstack.tariff.Restrictions;
import io.evstack.tariff.Tariff;
import io.evstack.tariff.TariffElement;
import io.evstack.tariff.TariffParser;
import io.javalin.openapi.OpenApiDescription;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a driver pays under their plan: for a finished charge (a CDR), before plugging in (a CPO tariff as
 * the driver sees it) and while charging (a live OCPI Session). Pure arithmetic, no database.
 *
 * <p>Rules (every amount excl. VAT until the VAT step):
 * <ul>
 *   <li>The CDR's base price is the CPO's {@code total_cost.excl_vat}, or our tariff engine's price where the
 *       CDR has none (total_cost is required in OCPI 2.2.1 CDRs, but a CPO may send 0 for free sessions).</li>
 *   <li>PAY_AS_YOU_GO and FLEET: {@code price_per_kwh} × kWh when the plan fixes a price, else the base price
 *       × (1 + markup_percent / 100).</li>
 *   <li>SUBSCRIPTION: the kWh of the month are counted in CDR order; the part of this CDR beyond
 *       {@code included_kwh} (so a CDR can cross the limit) is billed at {@code price_per_kwh}, or when the plan
 *       has none, at its share of the base price with the markup. The monthly fee is a line of its own
 *       ({@link #monthlyFee}).</li>
 *   <li>Each charge is rounded once, half-up, to the currency's minor unit (java.util.Currency); VAT is added
 *       on invoices per rate on the sum of the lines ({@link InvoiceCalculator}), and on a single price here.</li>
 * </ul>
 * A markup on the CPO's price needs the CDR in the plan's currency (billing converts it first at the operator's
 * exchange rate, {@link ExchangeRates}; a price shown before or during charging is converted likewise at today's
 * rate and marked as an estimate, {@link Conversion}): otherwise {@link Unpriceable}.
 */
public final class PlanPricing {

    /** The price of one CDR under a plan. {@code exact} is before rounding; {@code exclVat} is rounded. */
    public record ChargePrice(String currency, BigDecimal kwh, BigDecimal billableKwh, BigDecimal exact,
            BigDecimal exclVat, BigDecimal vatPercent, String basis) {}

    /** A CPO tariff as a driver under a plan sees it before plugging in; prices per unit, excl. and incl. VAT. */
    public record DisplayPrice(
            @OpenApiDescription("The plan's currency: every price of components is in it") String currency,
            BigDecimal vatPercent, List<DisplayComponent> components, String note,
            @OpenApiDescription("Set when the CPO's tariff is in another currency than the plan's: the prices were converted "
                    + "at the operator's exchange rate of today and are an estimate; null when no conversion was needed")
            Conversion conversion) {}

    /**
     * One price of a display: {@code dimension} ENERGY (per kWh), TIME / PARKING_TIME (per hour) or FLAT
     * (per session); {@code conditions} says when it applies (from the tariff's restrictions), null = always.
     */
    public record DisplayComponent(String dimension, String unit, BigDecimal exclVat, BigDecimal inclVat, String conditions,
            @OpenApiDescription("Converted prices only: the same price excl. VAT in the tariff's currency "
                    + "(conversion.fromCurrency), before conversion; null otherwise") BigDecimal originalExclVat,
            @OpenApiDescription("Converted prices only: the same price incl. VAT in the tariff's currency; null otherwise")
            BigDecimal originalInclVat) {}

    /** The cost so far of a live session under the plan. */
    public record RunningCost(
            @OpenApiDescription("The plan's currency, that of exclVat, vat and inclVat") String currency, BigDecimal kwh,
            BigDecimal exclVat, BigDecimal vat, BigDecimal inclVat,
            @OpenApiDescription("Set when the CPO's session is in another currency than the plan's: the cost was converted at "
                    + "the operator's exchange rate of today and is an estimate; null when no conversion was needed")
            Conversion conversion,
            @OpenApiDescription("Converted costs only: the cost so far excl. VAT in the session's currency "
                    + "(conversion.fromCurrency), before conversion; null otherwise") BigDecimal originalExclVat,
            @OpenApiDescription("Converted costs only: the cost so far incl. VAT in the session's currency; null otherwise")
            BigDecimal originalInclVat) {}

    /**
     * A driver price shown in the plan's currency though the CPO priced in another: 1 {@code fromCurrency} =
     * {@code rate} {@code toCurrency}, the operator's rate in force on {@code rateDate} (today in the billing zone;
     * {@link RateTable} says which rate wins). Always an estimate: the invoice converts the CDR at the rate in force
     * on the day the session ends, and the CPO's final price may differ.
     */
    @OpenApiDescription("How a price in another currency was converted into the plan's currency; an estimate")
    public record Conversion(@OpenApiDescription("The CPO's currency (the tariff's or the session's)") String fromCurrency,
            @OpenApiDescription("The plan's currency") String toCurrency,
            @OpenApiDescription("1 fromCurrency = rate toCurrency (up to 10 decimal places)") BigDecimal rate,
            @OpenApiDescription("The day whose rate was used (today, in the billing time zone)") LocalDate rateDate,
            @OpenApiDescription("Always true: the invoice converts at the rate of the day the session ends") boolean estimate) {}

    /** A CDR that cannot be priced under the plan (no price known, or another currency than the plan's). */
    public static final class Unpriceable extends RuntimeException {
        public Unpriceable(String message) {
            super(message);
        }
    }

    /**
     * Prices one CDR.
     *
     * @param kwhUsedBefore for a subscription: kWh of the same month billed before this CDR; ignored otherwise
     */
    public ChargePrice price(Plan plan, BillableCdr cdr, BigDecimal kwhUsedBefore) {
        BigDecimal kwh = cdr.kwh() == null ? BigDecimal.ZERO : cdr.kwh();
        BigDecimal billable = billableKwh(plan, kwh, kwhUsedBefore);
        BigDecimal exact;
        String basis;
        String included = billable.compareTo(kwh) == 0 ? ""
                : plain(kwh.subtract(billable)) + " of " + plain(kwh) + " kWh included" + (billable.signum() == 0 ? "" : "; ");
        if (billable.signum() == 0 && kwh.signum() > 0) {
            exact = BigDecimal.ZERO;
            basis = included;
        } else if (plan.pricePerKwh() != null) {
            exact = billable.multiply(plan.pricePerKwh(), Money.MC);
            basis = included + plain(billable) + " kWh × " + unitPrice(plan.pricePerKwh(), plan.currency());
        } else {
            exact = marked(plan, cdr).multiply(share(kwh, billable), Money.MC);
            basis = included + "CPO price" + (billable.compareTo(kwh) == 0 ? "" : " of " + plain(billable) + " kWh") + " + "
                    + plain(markup(plan)) + " %";
        }
        return new ChargePrice(plan.currency(), kwh, billable, exact, Money.round(exact, plan.currency()), plan.vatPercent(), basis);
    }

    /** The plan's monthly fee, rounded to the currency, if it has one. */
    public Optional<BigDecimal> monthlyFee(Plan plan) {
        return plan.hasMonthlyFee() ? Optional.of(Money.round(plan.monthlyFee(), plan.currency())) : Optional.empty();
    }

    /** kWh of a charge beyond what the plan includes: all of them except under a subscription's allowance. */
    static BigDecimal billableKwh(Plan plan, BigDecimal kwh, BigDecimal usedBefore) {
        if (plan.kind() != Plan.Kind.SUBSCRIPTION || plan.includedKwh() == null) {
            return kwh;
        }
        BigDecimal used = usedBefore == null ? BigDecimal.ZERO : usedBefore;
        BigDecimal left = plan.includedKwh().subtract(used).max(BigDecimal.ZERO);
        return kwh.subtract(left).max(BigDecimal.ZERO);
    }

    private static BigDecimal marked(Plan plan, BillableCdr cdr) {
        BigDecimal base = cdr.basePrice();
        if (base == null) {
            throw new Unpriceable("CDR " + cdr.cdrId() + " has no total_cost and was not priced by the tariff engine");
        }
        if (!plan.currency().equals(cdr.currency())) {
            throw new Unpriceable("CDR " + cdr.cdrId() + " is in " + cdr.currency() + ", plan " + plan.code() + " in " + plan.currency());
        }
        return base.multiply(Money.factor(markup(plan)), Money.MC);
    }

    private static BigDecimal share(BigDecimal kwh, BigDecimal billable) {
        if (billable.compareTo(kwh) == 0) return BigDecimal.ONE;
        return kwh.signum() == 0 ? BigDecimal.ZERO : billable.divide(kwh, Money.MC);
    }

    private static BigDecimal markup(Plan plan) {
        return plan.markupPercent() == null ? BigDecimal.ZERO : plan.markupPercent();
    }

    /** {@link #displayPrice(Plan, Tariff)} for a tariff as received over OCPI (JSON, section 11.3.1). */
    public DisplayPrice displayPrice(Plan plan, JsonNode tariffJson) {
        return displayPrice(plan, TariffParser.parse(tariffJson));
    }

    /** {@link #displayPrice(Plan, Tariff, RateTable, LocalDate)} for a tariff as received over OCPI. */
    DisplayPrice displayPrice(Plan plan, JsonNode tariffJson, RateTable rates, LocalDate day) {
        return displayPrice(plan, TariffParser.parse(tariffJson), rates, day);
    }

    /** {@link #displayPrice(Plan, Tariff, RateTable, LocalDate)} without exchange rates. */
    public DisplayPrice displayPrice(Plan plan, Tariff tariff) {
        return displayPrice(plan, tariff, RateTable.NONE, null);
    }

    /**
     * The prices a driver sees for a CPO tariff before plugging in. With a fixed plan price: that price per
     * kWh (and, for a subscription, what is included). With a markup: every price component of the tariff
     * raised by it, with the conditions under which it applies. Unit prices are shown to two more places
     * than the currency's minor unit (e.g. EUR 0.3450 per kWh), half-up; VAT is the plan's rate, since the
     * driver buys the charge from us.
     *
     * <p>A markup on a tariff in another currency than the plan's: each marked-up price is converted at the rate in
     * force on {@code day} ({@link RateTable#rate}), exact, and only then rounded for display; the same price in the
     * tariff's currency is kept beside it. Without a rate, {@link Unpriceable}.
     */
    DisplayPrice displayPrice(Plan plan, Tariff tariff, RateTable rates, LocalDate day) {
        List<DisplayComponent> components = new ArrayList<>();
        String note = null;
        Conversion conversion = null;
        if (plan.pricePerKwh() != null) {
            components.add(component(plan, "ENERGY", plan.pricePerKwh(), null, null));
            if (plan.kind() == Plan.Kind.SUBSCRIPTION && plan.includedKwh() != null) {
                note = plan.includedKwh().stripTrailingZeros().toPlainString() + " kWh a month included in the monthly fee";
            }
        } else {
            if (!plan.currency().equals(tariff.currency())) {
                BigDecimal rate = rates.rate(tariff.currency(), plan.currency(), day).orElseThrow(() -> new Unpriceable("Tariff "
                        + tariff.id() + " is in " + tariff.currency() + ", plan " + plan.code() + " in " + plan.currency()
                        + " and no exchange rate is known for " + day));
                conversion = new Conversion(tariff.currency(), plan.currency(), rate, day, true);
            }
            BigDecimal factor = Money.factor(markup(plan));
            for (TariffElement e : tariff.elements()) {
                String conditions = conditions(e.restrictions());
                for (PriceComponent pc : e.priceComponents()) {
                    BigDecimal marked = pc.price().multiply(factor, Money.MC);
                    DisplayComponent original = conversion == null ? null
                            : component(plan.vatPercent(), tariff.currency(), pc.type().name(), marked, conditions, null);
                    BigDecimal price = conversion == null ? marked : marked.multiply(conversion.rate(), Money.MC);
                    components.add(component(plan, pc.type().name(), price, conditions, original));
                }
            }
            if (plan.kind() == Plan.Kind.SUBSCRIPTION && plan.includedKwh() != null) {
                note = plan.includedKwh().stripTrailingZeros().toPlainString() + " kWh a month included in the monthly fee";
            }
        }
        return new DisplayPrice(plan.currency(), plan.vatPercent(), List.copyOf(components), note, conversion);
    }

    private static DisplayComponent component(Plan plan, String dimension, BigDecimal exclVat, String conditions,
            DisplayComponent original) {
        return component(plan.vatPercent(), plan.currency(), dimension, exclVat, conditions, original);
    }

    /** A unit price shown to two more places than the currency's minor unit, half-up, from the exact price. */
    private static DisplayComponent component(BigDecimal vatPercent, String currency, String dimension, BigDecimal exclVat,
            String conditions, DisplayComponent original) {
        int scale = Money.digits(currency) + 2;
        BigDecimal excl = exclVat.setScale(scale, RoundingMode.HALF_UP);
        BigDecimal incl = exclVat.multiply(Money.factor(vatPercent), Money.MC).setScale(scale, RoundingMode.HALF_UP);
        String unit = switch (dimension) {
            case "ENERGY" -> "kWh";
            case "TIME", "PARKING_TIME" -> "hour";
            default -> "session";
        };
        return new DisplayComponent(dimension, unit, excl, incl, conditions, original == null ? null : original.exclVat(),
                original == null ? null : original.inclVat());
    }

    private static String conditions(Restrictions r) {
        List<String> parts = new ArrayList<>();
        if (r.startTime() != null || r.endTime() != null) {
            parts.add((r.startTime() == null ? "00:00" : r.startTime()) + "–" + (r.endTime() == null ? "24:00" : r.endTime()));
        }
        if (!r.dayOfWeek().isEmpty()) {
            parts.add(r.dayOfWeek().stream().sorted().map(d -> d.name().substring(0, 3)).collect(Collectors.joining(",")));
        }
        if (r.startDate() != null) parts.add("from " + r.startDate());
        if (r.endDate() != null) parts.add("until " + r.endDate());
        if (r.minKwh() != null) parts.add("from " + plain(r.minKwh()) + " kWh");
        if (r.maxKwh() != null) parts.add("below " + plain(r.maxKwh()) + " kWh");
        if (r.minPower() != null) parts.add("from " + plain(r.minPower()) + " kW");
        if (r.maxPower() != null) parts.add("below " + plain(r.maxPower()) + " kW");
        if (r.minCurrent() != null) parts.add("from " + plain(r.minCurrent()) + " A");
        if (r.maxCurrent() != null) parts.add("below " + plain(r.maxCurrent()) + " A");
        if (r.minDuration() != null) parts.add("after " + r.minDuration() / 60 + " min");
        if (r.maxDuration() != null) parts.add("first " + r.maxDuration() / 60 + " min");
        if (r.reservation() != null) parts.add(r.reservation() == Restrictions.Reservation.RESERVATION ? "reservation" : "expired reservation");
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    private static String plain(BigDecimal b) {
        BigDecimal s = b.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }

    /** A price per unit without trailing zeros beyond the currency's digits: 0.30, 0.345. */
    private static String unitPrice(BigDecimal price, String currency) {
        BigDecimal s = price.stripTrailingZeros();
        return s.scale() < Money.digits(currency) ? price.setScale(Money.digits(currency)).toPlainString() : s.toPlainString();
    }

    /**
     * The running cost of a live session: kWh so far and, where the plan marks up the CPO's price, the CPO's
     * {@code total_cost.excl_vat} so far. Empty when the plan needs the CPO's cost and the session has none yet.
     *
     * @param kwhUsedThisMonth for a subscription: kWh already used this month, for the included allowance
     */
    public Optional<RunningCost> runningCost(Plan plan, BigDecimal kwh, BigDecimal cpoExclVatSoFar, String currency,
            BigDecimal kwhUsedThisMonth) {
        return runningCost(plan, kwh, cpoExclVatSoFar, currency, kwhUsedThisMonth, RateTable.NONE, null);
    }

    /**
     * {@link #runningCost(Plan, BigDecimal, BigDecimal, String, BigDecimal)}; a CPO cost in another currency than
     * the plan's is converted as billing converts a CDR (the exact CPO amount × the rate in force on {@code day},
     * then the plan's markup, rounded once to the plan's currency), and the same cost in the CPO's currency is kept
     * beside it. Without a rate, {@link Unpriceable}.
     */
    Optional<RunningCost> runningCost(Plan plan, BigDecimal kwh, BigDecimal cpoExclVatSoFar, String currency,
            BigDecimal kwhUsedThisMonth, RateTable rates, LocalDate day) {
        if (plan.pricePerKwh() == null && cpoExclVatSoFar == null) {
            return Optional.empty();
        }
        BillableCdr live = new BillableCdr(null, null, "live", null, currency, null, null, kwh, cpoExclVatSoFar, null, null);
        Conversion conversion = null;
        BigDecimal originalExcl = null;
        BigDecimal originalIncl = null;
        if (plan.pricePerKwh() == null && !plan.currency().equals(currency)) {
            BigDecimal rate = rates.rate(currency, plan.currency(), day).orElseThrow(() -> new Unpriceable("Session in " + currency
                    + ", plan " + plan.code() + " in " + plan.currency() + " and no exchange rate is known for " + day));
            conversion = new Conversion(currency, plan.currency(), rate, day, true);
            originalExcl = price(plan.inCurrency(currency), live, kwhUsedThisMonth).exclVat();
            originalIncl = originalExcl.add(Money.round(Money.percentOf(originalExcl, plan.vatPercent()), currency));
            live = live.converted(plan.currency(), rate);
        }
        BigDecimal excl = price(plan, live, kwhUsedThisMonth).exclVat();
        BigDecimal vat = Money.round(Money.percentOf(excl, plan.vatPercent()), plan.currency());
        return Optional.of(new RunningCost(plan.currency(), kwh, excl, vat, excl.add(vat), conversion, originalExcl, originalIncl));
    }

    /** {@link #runningCost(Plan, BigDecimal, BigDecimal, String, BigDecimal)} for an OCPI 2.2.1 Session (9.3.1). */
    public Optional<RunningCost> runningCost(Plan plan, JsonNode session, BigDecimal kwhUsedThisMonth) {
        JsonNode cost = session.path("total_cost").path("excl_vat");
        BigDecimal kwh = session.path("kwh").isNumber() ? session.path("kwh").decimalValue() : BigDecimal.ZERO;
        return runningCost(plan, kwh, cost.isNumber() ? cost.decimalValue() : null, session.path("currency").asText(plan.currency()),
                kwhUsedThisMonth);
    }
}
