package io.evstack.emsp.billing;

import static io.evstack.db.generated.Tables.EMSP_EXCHANGE_RATE;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jooq.DSLContext;

/** The operator's exchange rates (V24 emsp_exchange_rate). */
final class ExchangeRateRepository {
    private final DSLContext dsl;

    ExchangeRateRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Every rate, by pair and date. */
    List<ExchangeRates.Rate> all() {
        var r = EMSP_EXCHANGE_RATE;
        return dsl.select(r.FROM_CURRENCY, r.TO_CURRENCY, r.RATE, r.EFFECTIVE_FROM, r.RECORDED_AT).from(r)
                .orderBy(r.FROM_CURRENCY, r.TO_CURRENCY, r.EFFECTIVE_FROM)
                .fetch(x -> new ExchangeRates.Rate(x.value1(), x.value2(), plain(x.value3()), LocalDate.parse(x.value4()),
                        x.value5()));
    }

    /** Adds a rate; a second one for the same pair and day violates the unique key. */
    void insert(String from, String to, BigDecimal rate, LocalDate effectiveFrom, Instant now, Long by) {
        var r = EMSP_EXCHANGE_RATE;
        dsl.insertInto(r).set(r.FROM_CURRENCY, from).set(r.TO_CURRENCY, to).set(r.RATE, rate).set(r.EFFECTIVE_FROM, effectiveFrom.toString())
                .set(r.RECORDED_AT, now).set(r.RECORDED_BY, by).execute();
    }

    private static BigDecimal plain(BigDecimal b) {
        BigDecimal s = b.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
