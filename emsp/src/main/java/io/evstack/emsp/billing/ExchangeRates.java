package io.evstack.emsp.billing;

import io.evstack.emsp.account.Caller;
import io.evstack.emsp.account.Role;
import io.javalin.openapi.OpenApiDescription;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * Exchange rates the operator sets (support, through the API), for CDRs priced by an external CPO in another
 * currency than the driver's plan. A rate is exact (at most 10 decimal places) and in force from a day on;
 * a rate already set for a day is not replaced (invoices may have used it): a correction is a rate for a
 * later day. Billing converts at the rate in force on the day the session ended and refuses a CDR when there
 * is none ({@link BillingService}); the driver API shows foreign prices converted at today's rate, as an estimate
 * ({@link DriverPricing}). A pair without a rate of its own is converted with the inverse of the reverse pair or a
 * cross rate through EUR ({@link RateTable} says which wins), no longer only the pair as set (V24's comment).
 */
public final class ExchangeRates {
    private static final BigDecimal MAX_RATE = new BigDecimal("10000000000");

    @OpenApiDescription("1 fromCurrency = rate toCurrency, from effectiveFrom (a day in the billing time zone) on")
    public record Rate(String fromCurrency, String toCurrency, BigDecimal rate, LocalDate effectiveFrom, Instant recordedAt) {}

    private final DSLContext dsl;
    private final Clock clock;

    public ExchangeRates(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    public List<Rate> all(Caller caller) {
        support(caller);
        return new ExchangeRateRepository(dsl).all();
    }

    /** What a billing run or a driver price converts with: every rate, read once. */
    RateTable table() {
        return RateTable.of(new ExchangeRateRepository(dsl).all());
    }

    public Rate add(Caller caller, String from, String to, BigDecimal rate, LocalDate effectiveFrom) {
        support(caller);
        String f = currency("fromCurrency", from);
        String t = currency("toCurrency", to);
        if (f.equals(t)) throw BillingException.badRequest("fromCurrency and toCurrency must differ");
        if (rate == null || rate.signum() <= 0 || rate.compareTo(MAX_RATE) >= 0 || rate.stripTrailingZeros().scale() > 10) {
            throw BillingException.badRequest("'rate' must be above 0, below 10^10, with at most 10 decimal places");
        }
        if (effectiveFrom == null) throw BillingException.badRequest("'effectiveFrom' (YYYY-MM-DD) is required");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            new ExchangeRateRepository(dsl).insert(f, t, rate, effectiveFrom, now, caller.accountPk());
        } catch (IntegrityConstraintViolationException e) {
            throw BillingException.conflict("A " + f + "→" + t + " rate from " + effectiveFrom + " is set already; set one from a later day");
        }
        BigDecimal s = rate.stripTrailingZeros();
        return new Rate(f, t, s.scale() < 0 ? s.setScale(0) : s, effectiveFrom, now);
    }

    private static String currency(String field, String code) {
        try {
            if (code == null || !code.matches("[A-Z]{3}")) throw new IllegalArgumentException();
            return Currency.getInstance(code).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw BillingException.badRequest("'" + field + "' must be an ISO 4217 currency code: " + code);
        }
    }

    private static void support(Caller caller) {
        if (caller.role() != Role.SUPPORT) throw BillingException.forbidden("Only support manages exchange rates");
    }
}
