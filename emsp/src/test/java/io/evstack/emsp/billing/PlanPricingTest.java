package io.evstack.emsp.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every plan priced on the same four CDRs, in EUR (2 decimals), expected amounts worked out by hand:
 * <pre>
 *   C1 10     kWh, CPO total excl. VAT 4.00
 *   C2 25     kWh, CPO total 11.25
 *   C3 20     kWh, no CPO total (a CPO sending none), our tariff engine's price 7.10
 *   C4  3.333 kWh, CPO total 1.1111 (more digits than cents, to show the rounding)
 * </pre>
 * Rounding: each CDR's price half-up to the cent, once.
 */
class PlanPricingTest {
    static final BillableCdr C1 = cdr("C1", "10", "4.00", null);
    static final BillableCdr C2 = cdr("C2", "25", "11.25", null);
    static final BillableCdr C3 = cdr("C3", "20", null, "7.10");
    static final BillableCdr C4 = cdr("C4", "3.333", "1.1111", null);
    static final List<BillableCdr> CDRS = List.of(C1, C2, C3, C4);

    static final Plan PAYG_MARKUP = plan(Plan.Kind.PAY_AS_YOU_GO, "20", null, null, null);
    static final Plan PAYG_FIXED = plan(Plan.Kind.PAY_AS_YOU_GO, null, "0.45", null, null);
    static final Plan SUBSCRIPTION = plan(Plan.Kind.SUBSCRIPTION, null, "0.30", "9.99", "30");
    static final Plan FLEET_RATE = plan(Plan.Kind.FLEET, null, "0.35", null, null);
    static final Plan FLEET_MARKUP = plan(Plan.Kind.FLEET, "15", null, null, null);

    final PlanPricing pricing = new PlanPricing();

    static BillableCdr cdr(String id, String kwh, String cpo, String engine) {
        return new BillableCdr("NL", "CPO", id, "UID-" + id, "EUR", Instant.parse("2026-03-01T10:00:00Z"),
                Instant.parse("2026-03-01T11:00:00Z"), new BigDecimal(kwh), cpo == null ? null : new BigDecimal(cpo),
                engine == null ? null : new BigDecimal(engine), "Somewhere");
    }

    static Plan plan(Plan.Kind kind, String markup, String perKwh, String fee, String included) {
        return new Plan(1, kind.name(), kind.name(), kind, "EUR", dec(markup), dec(perKwh), dec(fee), dec(included), new BigDecimal("21"));
    }

    static BigDecimal dec(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    /** Prices the CDRs in order, counting the month's kWh as billing does. */
    List<String> month(Plan plan) {
        List<String> out = new ArrayList<>();
        BigDecimal used = BigDecimal.ZERO;
        for (BillableCdr c : CDRS) {
            out.add(pricing.price(plan, c, used).exclVat().toPlainString());
            used = used.add(c.kwh());
        }
        return out;
    }

    @Test
    void payAsYouGoMarksUpTheCposPriceOrOursWhereTheCdrHasNone() {
        // C1 4.00 × 1.20 = 4.80; C2 11.25 × 1.20 = 13.50; C3 (engine) 7.10 × 1.20 = 8.52;
        // C4 1.1111 × 1.20 = 1.33332 → 1.33
        assertThat(month(PAYG_MARKUP)).containsExactly("4.80", "13.50", "8.52", "1.33");
    }

    @Test
    void payAsYouGoWithAFixedPriceCountsKwhOnly() {
        // 10 × 0.45 = 4.50; 25 × 0.45 = 11.25; 20 × 0.45 = 9.00; 3.333 × 0.45 = 1.49985 → 1.50
        assertThat(month(PAYG_FIXED)).containsExactly("4.50", "11.25", "9.00", "1.50");
    }

    @Test
    void subscriptionBillsOnlyKwhBeyondTheIncludedOnesCountedInCdrOrder() {
        // 30 kWh included: C1 uses 10 (0.00); C2 crosses the limit inside the CDR: 20 of its 25 kWh are
        // included, 5 × 0.30 = 1.50; C3 20 × 0.30 = 6.00; C4 3.333 × 0.30 = 0.9999 → 1.00
        assertThat(month(SUBSCRIPTION)).containsExactly("0.00", "1.50", "6.00", "1.00");
        assertThat(pricing.price(SUBSCRIPTION, C2, new BigDecimal("10")).billableKwh()).isEqualByComparingTo("5");
        // what the invoice line says about it
        assertThat(pricing.price(SUBSCRIPTION, C1, BigDecimal.ZERO).basis()).isEqualTo("10 of 10 kWh included");
        assertThat(pricing.price(SUBSCRIPTION, C2, new BigDecimal("10")).basis()).isEqualTo("20 of 25 kWh included; 5 kWh × 0.30");
        assertThat(pricing.monthlyFee(SUBSCRIPTION)).contains(new BigDecimal("9.99"));
        assertThat(pricing.monthlyFee(PAYG_MARKUP)).isEmpty();
    }

    @Test
    void subscriptionWithoutAKwhPriceMarksUpTheShareOfTheCposPriceBeyondTheAllowance() {
        Plan plan = new Plan(1, "S", "S", Plan.Kind.SUBSCRIPTION, "EUR", new BigDecimal("10"), null, new BigDecimal("5"),
                new BigDecimal("30"), new BigDecimal("21"));
        // C2 after 10 kWh used: 5 of 25 kWh billable: 11.25 × 5/25 × 1.10 = 2.475 → 2.48 (half-up)
        assertThat(pricing.price(plan, C2, new BigDecimal("10")).exclVat()).isEqualByComparingTo("2.48");
    }

    @Test
    void fleetPaysTheCompanyRateOrTheCompanyMarkup() {
        // 10 × 0.35 = 3.50; 25 × 0.35 = 8.75; 20 × 0.35 = 7.00; 3.333 × 0.35 = 1.16655 → 1.17
        assertThat(month(FLEET_RATE)).containsExactly("3.50", "8.75", "7.00", "1.17");
        // 4.00 × 1.15 = 4.60; 11.25 × 1.15 = 12.9375 → 12.94; 7.10 × 1.15 = 8.165 → 8.17; 1.1111 × 1.15 = 1.277765 → 1.28
        assertThat(month(FLEET_MARKUP)).containsExactly("4.60", "12.94", "8.17", "1.28");
    }

    @Test
    void aCdrWithoutAnyPriceOrInAnotherCurrencyCannotBeMarkedUp() {
        BillableCdr none = cdr("C5", "5", null, null);
        assertThatThrownBy(() -> pricing.price(PAYG_MARKUP, none, null)).isInstanceOf(PlanPricing.Unpriceable.class);
        // ...but a fixed price per kWh needs no CPO price
        assertThat(pricing.price(PAYG_FIXED, none, null).exclVat()).isEqualByComparingTo("2.25");
        BillableCdr chf = new BillableCdr("CH", "CPO", "C6", "U", "CHF", C1.start(), C1.end(), BigDecimal.TEN, BigDecimal.ONE, null, null);
        assertThatThrownBy(() -> pricing.price(PAYG_MARKUP, chf, null)).isInstanceOf(PlanPricing.Unpriceable.class);
    }

    @Test
    void roundingFollowsTheCurrencysMinorUnit() {
        Plan yen = new Plan(1, "J", "J", Plan.Kind.PAY_AS_YOU_GO, "JPY", null, new BigDecimal("45.5"), null, null, BigDecimal.TEN);
        // 3.333 kWh × 45.5 = 151.6515 → 152 (JPY has no minor unit)
        assertThat(pricing.price(yen, new BillableCdr("JP", "CPO", "J1", "U", "JPY", C1.start(), C1.end(), new BigDecimal("3.333"),
                null, null, null), null).exclVat()).isEqualTo(new BigDecimal("152"));
    }

    static final String TARIFF = """
            {"id": "T1", "currency": "EUR", "elements": [
              {"price_components": [{"type": "ENERGY", "price": 0.25, "vat": 21, "step_size": 1},
                                    {"type": "TIME", "price": 2.00, "vat": 21, "step_size": 60}],
               "restrictions": {"start_time": "10:00", "end_time": "18:00", "day_of_week": ["MONDAY", "TUESDAY"]}},
              {"price_components": [{"type": "ENERGY", "price": 0.20, "vat": 21, "step_size": 1},
                                    {"type": "FLAT", "price": 0.50, "vat": 21, "step_size": 1}]}
            ]}""";

    @Test
    void displayPriceShowsTheTariffAfterTheMarkupOrThePlansOwnPrice() throws Exception {
        var json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(TARIFF);
        PlanPricing.DisplayPrice marked = pricing.displayPrice(PAYG_MARKUP, json);
        // 0.25 × 1.20 = 0.3000, incl. 21 % 0.3630; 2.00 × 1.20 = 2.4000 /h, incl. 2.9040; 0.20 × 1.2 = 0.2400 (0.2904);
        // flat 0.50 × 1.2 = 0.6000 (0.7260)
        assertThat(marked.components()).extracting(c -> c.dimension() + " " + c.exclVat() + "/" + c.unit() + " " + c.inclVat())
                .containsExactly("ENERGY 0.3000/kWh 0.3630", "TIME 2.4000/hour 2.9040", "ENERGY 0.2400/kWh 0.2904",
                        "FLAT 0.6000/session 0.7260");
        assertThat(marked.components().get(0).conditions()).isEqualTo("10:00–18:00; MON,TUE");
        assertThat(marked.components().get(2).conditions()).isNull();

        PlanPricing.DisplayPrice fixed = pricing.displayPrice(SUBSCRIPTION, json);
        // the plan's own 0.30 per kWh, incl. 21 % 0.3630
        assertThat(fixed.components()).extracting(c -> c.dimension() + " " + c.exclVat() + " " + c.inclVat())
                .containsExactly("ENERGY 0.3000 0.3630");
        assertThat(fixed.note()).contains("30 kWh a month included");
    }

    @Test
    void runningCostOfALiveSession() throws Exception {
        var json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        var session = json.readTree("{\"kwh\": 12.5, \"currency\": \"EUR\", \"total_cost\": {\"excl_vat\": 5.00}}");
        // 5.00 × 1.20 = 6.00; VAT 21 % 1.26; 7.26
        PlanPricing.RunningCost payg = pricing.runningCost(PAYG_MARKUP, session, null).orElseThrow();
        assertThat(List.of(payg.exclVat(), payg.vat(), payg.inclVat())).extracting(BigDecimal::toPlainString)
                .containsExactly("6.00", "1.26", "7.26");
        // a subscriber with 28 kWh used this month: 12.5 − 2 = 10.5 kWh × 0.30 = 3.15; VAT 0.6615 → 0.66; 3.81
        PlanPricing.RunningCost sub = pricing.runningCost(SUBSCRIPTION, session, new BigDecimal("28")).orElseThrow();
        assertThat(List.of(sub.exclVat(), sub.vat(), sub.inclVat())).extracting(BigDecimal::toPlainString)
                .containsExactly("3.15", "0.66", "3.81");
        // no cost from the CPO yet and a markup plan: unknown, not zero
        assertThat(pricing.runningCost(PAYG_MARKUP, json.readTree("{\"kwh\": 1.0, \"currency\": \"EUR\"}"), null)).isEmpty();
    }
}
