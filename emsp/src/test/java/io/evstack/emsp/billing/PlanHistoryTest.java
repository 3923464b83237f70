package io.evstack.emsp.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plan periods of a month and their proration, by hand; Europe/Amsterdam, where March 2026 has a 23-hour day. */
class PlanHistoryTest {
    static final ZoneId AMS = ZoneId.of("Europe/Amsterdam");
    static final Plan PAYG = new Plan(1, "PAYG", "Pay as you go", Plan.Kind.PAY_AS_YOU_GO, "EUR", new BigDecimal("20"), null, null,
            null, new BigDecimal("21"));
    static final Plan SUB = new Plan(2, "SUB", "Subscription", Plan.Kind.SUBSCRIPTION, "EUR", null, new BigDecimal("0.30"),
            new BigDecimal("9.99"), new BigDecimal("30"), new BigDecimal("21"));

    static Instant ams(String local) {
        return LocalDateTime.parse(local).atZone(AMS).toInstant();
    }

    @Test
    void aSignUpDuringADayGivesThatDayToItsPlanAndAPeriodCountsCalendarDaysAcrossDaylightSaving() {
        // signed up on 10 March at 14:00 on PAYG; subscription from 29 March (the day clocks go forward)
        PlanHistory h = new PlanHistory(List.of(new PlanHistory.Change(SUB, ams("2026-03-29T00:00")),
                new PlanHistory.Change(PAYG, ams("2026-03-10T14:00"))));
        List<PlanHistory.Segment> march = h.segments(YearMonth.of(2026, 3), AMS);
        assertThat(march).extracting(s -> s.plan().code() + ":" + s.days() + "/" + s.daysInMonth())
                .containsExactly("PAYG:19/31", "SUB:3/31");
        // 9.99 × 3/31 = 0.96677… → 0.97; 30 × 3/31 = 2.903225… → 2.903 kWh
        assertThat(march.get(1).fee()).isEqualByComparingTo("0.97");
        assertThat(march.get(1).includedKwh()).isEqualByComparingTo("2.903");
        assertThat(march.get(0).fee()).isEqualByComparingTo("0.00");
        // April: the subscription the whole month, its fee and allowance untouched
        assertThat(h.segments(YearMonth.of(2026, 4), AMS)).singleElement().satisfies(s -> {
            assertThat(s.wholeMonth()).isTrue();
            assertThat(s.fee()).isEqualByComparingTo("9.99");
            assertThat(s.includedKwh()).isEqualByComparingTo("30");
        });
        // February: nothing held yet
        assertThat(h.segments(YearMonth.of(2026, 2), AMS)).isEmpty();
    }

    @Test
    void theChargeIsPricedWithThePlanInForceAtItsStartAndTheFirstPlanReachesBack() {
        PlanHistory h = new PlanHistory(List.of(new PlanHistory.Change(PAYG, ams("2026-03-10T14:00")),
                new PlanHistory.Change(SUB, ams("2026-03-15T00:00"))));
        assertThat(h.at(ams("2026-03-14T23:59:59")).orElseThrow().plan()).isEqualTo(PAYG);
        assertThat(h.at(ams("2026-03-15T00:00")).orElseThrow().plan()).isEqualTo(SUB);
        // a charger that dated a session before the sign-up: the plan the account started on
        assertThat(h.at(ams("2026-03-10T13:30")).orElseThrow().plan()).isEqualTo(PAYG);
        assertThat(new PlanHistory(List.of()).at(ams("2026-03-10T13:30"))).isEmpty();
    }
}
