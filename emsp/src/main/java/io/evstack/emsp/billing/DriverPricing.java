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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver API's view of plan pricing: which plan a caller is priced by (the account's, or the company's
 * for a fleet account, exactly as a billing run takes it), the CPO tariff as that plan shows it, and the
 * running cost of a live session. What cannot be priced (another currency than the plan's, a tariff that
 * does not parse) is shown as no price rather than failing the request.
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

    private final DSLContext dsl;
    private final ZoneId billingZone;
    private final PlanPricing pricing = new PlanPricing();
    private final TariffEngine engine = new TariffEngine();

    /** @param billingZone the zone whose calendar months are billing periods ({@link BillingConfig#zone()}) */
    public DriverPricing(DSLContext dsl, ZoneId billingZone) {
        this.dsl = dsl;
        this.billingZone = billingZone;
    }

    /** The billing month an instant falls in (a charge belongs to the month its session ended in). */
    public YearMonth billingMonth(Instant t) {
        return YearMonth.from(t.atZone(billingZone));
    }

    /** The plan the caller's charging is priced with at {@code now} (plan history: a change may be scheduled). */
    public Optional<Plan> planOf(Caller caller, Instant now) {
        return new PlanService(dsl, Clock.fixed(now, ZoneOffset.UTC), billingZone).planAt(caller, now);
    }

    /** A CPO tariff (OCPI 2.2.1 section 11.3.1) as the plan shows it; null when it cannot be priced under it. */
    public PlanPricing.DisplayPrice displayPrice(Plan plan, JsonNode tariff) {
        try {
            return pricing.displayPrice(plan, tariff);
        } catch (PlanPricing.Unpriceable | IllegalArgumentException e) {
            log.debug("Tariff {} not shown under plan {}: {}", tariff.path("id").asText(), plan.code(), e.getMessage());
            return null;
        }
    }

    /**
     * The cost so far of a live OCPI Session (section 9.3.1).
     *
     * @param tariff           the connector's tariff, used when the Session carries no total_cost (it is
     *                         optional in a Session); null when unknown
     * @param zone             the location's time zone, for time-of-day restrictions
     * @param kwhUsedThisMonth for a subscription: kWh of the month already charged, for the included allowance
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
            driver = pricing.runningCost(plan, kwh, cpoExcl, currency, kwhUsedThisMonth).orElse(null);
        } catch (PlanPricing.Unpriceable e) {
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
