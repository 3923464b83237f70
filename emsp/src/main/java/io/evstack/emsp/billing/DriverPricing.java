package io.evstack.emsp.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.emsp.account.Caller;
import io.evstack.tariff.ChargingPeriod;
import io.evstack.tariff.TariffCost;
import io.evstack.tariff.TariffEngine;
import io.evstack.tariff.TariffParser;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver API's view of plan pricing: which plan a caller is priced by (the account's, or the company's
 * for a fleet account, from the plan history exactly as a billing run takes it: {@link PlansInForce}), the CPO
 * tariff as that plan shows it, and the running cost of a live session. A tariff or session in another currency
 * than the plan's is converted at the operator's exchange rate of today and marked as an estimate
 * ({@link PlanPricing.Conversion}). What cannot be priced (no rate for the currency, a tariff that does not parse)
 * is shown as no price rather than failing the request.
 */
public final class DriverPricing {
    private static final Logger log = LoggerFactory.getLogger(DriverPricing.class);
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    /**
     * A live session's cost so far: the CPO's (from its Session's total_cost, or, when the CPO sends none,
     * our tariff engine's estimate under the connector's tariff: {@code cpoEstimated}) and the driver's
     * under their plan; either may be null when unknown.
     */
    public record LiveCost(BigDecimal cpoExclVat, BigDecimal cpoInclVat, boolean cpoEstimated,
            PlanPricing.RunningCost driver) {}

    private final PlansInForce plans;
    private final Supplier<RateTable> rates;
    private final ZoneId billingZone;
    private final PlanPricing pricing = new PlanPricing();
    private final TariffEngine engine = new TariffEngine();

    /**
     * @param rates       the operator's exchange rates, for tariffs and sessions in another currency than the plan's
     * @param billingZone the zone whose calendar months are billing periods ({@link BillingConfig#zone()})
     */
    public DriverPricing(PlansInForce plans, ExchangeRates rates, ZoneId billingZone) {
        this(plans, rates::table, billingZone);
    }

    DriverPricing(PlansInForce plans, Supplier<RateTable> rates, ZoneId billingZone) {
        this.plans = plans;
        this.rates = rates;
        this.billingZone = billingZone;
    }

    /** The billing month an instant falls in (a charge belongs to the month its session ended in). */
    public YearMonth billingMonth(Instant t) {
        return YearMonth.from(t.atZone(billingZone));
    }

    /**
     * The plan the caller's charging is priced with at {@code t} (plan history: a scheduled change applies from its
     * instant). A live session is priced with the plan in force at its start, as billing prices its CDR.
     */
    public Optional<Plan> planOf(Caller caller, Instant t) {
        return plans.at(caller, t);
    }

    /**
     * What a live session that started at {@code start} is priced with, as billing will price its CDR when it
     * ends this month: the plan in force at the start, for a subscription with the included kWh of that plan's
     * period in this month (prorated by days in force), and the session starts {@code [countFrom, countUntil)}
     * whose kWh count against them (countUntil null: open).
     */
    public record LivePlan(Plan plan, Instant countFrom, Instant countUntil) {}

    /** {@link LivePlan} of the caller for a session started at {@code start}; empty without a plan. */
    public Optional<LivePlan> livePlan(Caller caller, Instant start, Instant now) {
        return plans.history(caller).flatMap(h -> h.at(start).map(c -> {
            PlanHistory.Segment seg = h.segment(c, billingMonth(now), billingZone);
            Plan plan = c.plan().includedKwh() == null ? c.plan() : c.plan().withIncludedKwh(seg.includedKwh());
            // The first plan also covers sessions dated before it (PlanHistory.at), as in BillingService.
            Instant from = c == h.changes().getFirst() ? Instant.EPOCH : c.effectiveFrom();
            return new LivePlan(plan, from, seg.until());
        }));
    }

    /**
     * CPO tariffs (OCPI 2.2.1 section 11.3.1) as the plan shows them {@code now}: null for a tariff it cannot
     * price. The operator's exchange rates (a handful of rows) are read once for the lot.
     */
    public Function<JsonNode, PlanPricing.DisplayPrice> displayPrices(Plan plan, Instant now) {
        RateTable table = rates.get();
        LocalDate day = now.atZone(billingZone).toLocalDate();
        return tariff -> {
            try {
                return pricing.displayPrice(plan, tariff, table, day);
            } catch (PlanPricing.Unpriceable | IllegalArgumentException e) {
                log.debug("Tariff {} not shown under plan {}: {}", tariff.path("id").asText(), plan.code(), e.getMessage());
                return null;
            }
        };
    }

    private static boolean foreign(Plan plan, String currency) {
        return currency != null && !currency.equals(plan.currency());
    }

    /**
     * The cost so far of a live OCPI Session (section 9.3.1).
     *
     * @param tariff           the connector's tariff, used when the Session carries no total_cost (it is
     *                         optional in a Session); null when unknown
     * @param zone             the location's time zone, for time-of-day restrictions
     * @param kwhUsedThisMonth for a subscription: kWh already charged against its allowance this month
     *                         ({@link LivePlan}: sessions started in the plan's period)
     */
    public LiveCost live(Plan plan, JsonNode session, JsonNode tariff, ZoneId zone, Instant now, BigDecimal kwhUsedThisMonth) {
        BigDecimal kwh = session.path("kwh").isNumber() ? session.path("kwh").decimalValue() : BigDecimal.ZERO;
        JsonNode total = session.path("total_cost");
        BigDecimal cpoExcl = total.path("excl_vat").isNumber() ? total.path("excl_vat").decimalValue() : null;
        BigDecimal cpoIncl = total.path("incl_vat").isNumber() ? total.path("incl_vat").decimalValue() : null;
        String currency = session.path("currency").asText(plan.currency());
        boolean estimated = false;
        if (cpoExcl == null && tariff != null) {
            Optional<TariffCost> cost = estimate(session, kwh, tariff, zone, now);
            if (cost.isPresent()) {
                cpoExcl = cost.get().exclVat();
                cpoIncl = cost.get().inclVat();
                currency = cost.get().currency();
                estimated = true;
            }
        }
        PlanPricing.RunningCost driver;
        try {
            RateTable table = foreign(plan, currency) && plan.pricePerKwh() == null ? rates.get() : RateTable.NONE;
            driver = pricing.runningCost(plan, kwh, cpoExcl, currency, kwhUsedThisMonth, table, now.atZone(billingZone).toLocalDate())
                    .orElse(null);
        } catch (PlanPricing.Unpriceable e) {
            log.debug("Session {} not priced under plan {}: {}", session.path("id").asText(), plan.code(), e.getMessage());
            driver = null;
        }
        return new LiveCost(cpoExcl, cpoIncl, estimated, driver);
    }

    /**
     * What the CPO's tariff gives for the session so far, as if it ended now: one charging period from the
     * start with the kWh so far and the time so far as charging time (a Session without charging_periods
     * tells no more).
     */
    private Optional<TariffCost> estimate(JsonNode session, BigDecimal kwh, JsonNode tariff, ZoneId zone, Instant now) {
        try {
            Instant start = Instant.parse(session.path("start_date_time").asText());
            Instant end = now.isBefore(start) ? start : now;
            BigDecimal hours = BigDecimal.valueOf(Duration.between(start, end).toSeconds())
                    .divide(SECONDS_PER_HOUR, new MathContext(12, RoundingMode.HALF_EVEN));
            var period = new ChargingPeriod(start, Map.of("ENERGY", kwh, "TIME", hours));
            return Optional.of(engine.price(TariffParser.parse(tariff),
                    new TariffEngine.Session(List.of(period), end, zone == null ? ZoneId.of("UTC") : zone)));
        } catch (RuntimeException e) {
            log.debug("Session {} not estimated: {}", session.path("id").asText(), e.getMessage());
            return Optional.empty();
        }
    }
}
