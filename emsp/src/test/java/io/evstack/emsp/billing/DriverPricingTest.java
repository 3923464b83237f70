package io.evstack.emsp.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The running cost of a live session under a plan, with and without the CPO's own running cost. */
class DriverPricingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Plan PAYG = new Plan(1, "PAYG", "Pay as you go", Plan.Kind.PAY_AS_YOU_GO, "EUR",
            new BigDecimal("20"), null, null, null, new BigDecimal("21"));
    private static final Plan SUBSCRIPTION = new Plan(2, "SUB", "Subscription", Plan.Kind.SUBSCRIPTION, "EUR",
            null, new BigDecimal("0.39"), new BigDecimal("9.99"), new BigDecimal("50"), new BigDecimal("21"));
    // live() is arithmetic on what the CPOs sent: it never touches the database.
    private final DriverPricing pricing = new DriverPricing(null, () -> RateTable.NONE, ZoneId.of("Europe/Amsterdam"));

    @Test
    void aSessionWithoutTheCposCostIsEstimatedUnderTheConnectorsTariff() throws Exception {
        JsonNode session = JSON.readTree("""
                {"id": "S1", "start_date_time": "2026-11-24T10:00:00Z", "kwh": 4.2, "currency": "EUR", "status": "ACTIVE"}""");
        JsonNode tariff = JSON.readTree("""
                {"id": "T1", "currency": "EUR", "elements": [{"price_components": [
                  {"type": "ENERGY", "price": 0.30, "vat": 20.0, "step_size": 1000},
                  {"type": "TIME", "price": 2.00, "vat": 20.0, "step_size": 60}]}]}""");
        var cost = pricing.live(PAYG, session, tariff, ZoneId.of("Europe/Berlin"), Instant.parse("2026-11-24T10:30:00Z"),
                BigDecimal.ZERO);
        // 4.2 kWh billed as 5 started kWh x 0.30 = 1.50, + half an hour x 2.00 = 1.00: 2.50 excl. VAT, 3.00 incl.
        assertThat(cost.cpoEstimated()).isTrue();
        assertThat(cost.cpoExclVat()).isEqualByComparingTo("2.50");
        assertThat(cost.cpoInclVat()).isEqualByComparingTo("3.00");
        // Pay-as-you-go: 2.50 x 1.20 = 3.00 excl.; 21 % VAT 0.63; 3.63 incl.
        assertThat(cost.driver().exclVat()).isEqualByComparingTo("3.00");
        assertThat(cost.driver().vat()).isEqualByComparingTo("0.63");
        assertThat(cost.driver().inclVat()).isEqualByComparingTo("3.63");
    }

    @Test
    void theCposOwnRunningCostIsTakenAsItIs() throws Exception {
        JsonNode session = JSON.readTree("""
                {"id": "S2", "start_date_time": "2026-11-24T10:00:00Z", "kwh": 10, "currency": "EUR",
                 "total_cost": {"excl_vat": 4.00, "incl_vat": 4.80}}""");
        var cost = pricing.live(PAYG, session, null, null, Instant.parse("2026-11-24T11:00:00Z"), BigDecimal.ZERO);
        assertThat(cost.cpoEstimated()).isFalse();
        assertThat(cost.cpoExclVat()).isEqualByComparingTo("4.00");
        assertThat(cost.driver().exclVat()).isEqualByComparingTo("4.80");
    }

    @Test
    void aSubscriptionCountsTheKwhAlreadyUsedThisMonth() throws Exception {
        JsonNode session = JSON.readTree("""
                {"id": "S3", "start_date_time": "2026-11-24T10:00:00Z", "kwh": 10, "currency": "EUR"}""");
        // 45 of the 50 included kWh used: 5 of these 10 are billed at 0.39 = 1.95 excl. VAT.
        var cost = pricing.live(SUBSCRIPTION, session, null, null, Instant.parse("2026-11-24T11:00:00Z"), new BigDecimal("45"));
        assertThat(cost.driver().exclVat()).isEqualByComparingTo("1.95");
        // Nothing known of the CPO's cost, and none needed for a fixed price.
        assertThat(cost.cpoExclVat()).isNull();
    }

    @Test
    void aSessionInAnotherCurrencyIsConvertedAtTodaysRateAndMarkedAsAnEstimate() throws Exception {
        // Only EUR→CHF is set: CHF→EUR is its inverse, 1 / 0.94 = 1.0638297872 (10 places).
        var rates = RateTable.of(List.of(new ExchangeRates.Rate("EUR", "CHF", new BigDecimal("0.94"), LocalDate.parse("2026-11-01"),
                Instant.EPOCH)));
        var swiss = new DriverPricing(null, () -> rates, ZoneId.of("Europe/Amsterdam"));
        JsonNode session = JSON.readTree("""
                {"id": "S4", "start_date_time": "2026-11-24T10:00:00Z", "kwh": 20, "currency": "CHF",
                 "total_cost": {"excl_vat": 10.00, "incl_vat": 10.81}}""");
        var cost = swiss.live(PAYG, session, null, null, Instant.parse("2026-11-24T11:00:00Z"), BigDecimal.ZERO).driver();
        // CHF 10.00 × 1.0638297872 = EUR 10.638297872, + 20 % = 12.7659574464 → 12.77; VAT 2.6817 → 2.68; 15.45
        assertThat(cost.currency()).isEqualTo("EUR");
        assertThat(cost.exclVat()).isEqualByComparingTo("12.77");
        assertThat(cost.vat()).isEqualByComparingTo("2.68");
        assertThat(cost.inclVat()).isEqualByComparingTo("15.45");
        assertThat(cost.conversion()).isEqualTo(new PlanPricing.Conversion("CHF", "EUR", new BigDecimal("1.0638297872"),
                LocalDate.parse("2026-11-24"), true));
        // The same cost in francs: 10.00 + 20 % = 12.00, VAT 2.52, 14.52
        assertThat(cost.originalExclVat()).isEqualByComparingTo("12.00");
        assertThat(cost.originalInclVat()).isEqualByComparingTo("14.52");

        var noRate = new DriverPricing(null, () -> RateTable.NONE, ZoneId.of("Europe/Amsterdam"));
        assertThat(noRate.live(PAYG, session, null, null, Instant.parse("2026-11-24T11:00:00Z"), BigDecimal.ZERO).driver())
                .as("no rate: no price rather than a guess").isNull();
    }

    @Test
    void aTariffInAnotherCurrencyIsShownConvertedWithItsOwnPricesKept() throws Exception {
        var rates = RateTable.of(List.of(new ExchangeRates.Rate("EUR", "CHF", new BigDecimal("0.94"), LocalDate.parse("2026-11-01"),
                Instant.EPOCH)));
        var swiss = new DriverPricing(null, () -> rates, ZoneId.of("Europe/Amsterdam"));
        JsonNode tariff = JSON.readTree("""
                {"id": "T9", "currency": "CHF", "elements": [{"price_components": [{"type": "ENERGY", "price": 0.50, "step_size": 1}]}]}""");
        var price = swiss.displayPrices(PAYG, Instant.parse("2026-11-24T11:00:00Z")).apply(tariff);
        // CHF 0.50 + 20 % = 0.60 × 1.0638297872 = EUR 0.63829787232 → 0.6383; incl. 21 % 0.7723; in francs 0.6000 and 0.7260
        assertThat(price.currency()).isEqualTo("EUR");
        assertThat(price.conversion().fromCurrency()).isEqualTo("CHF");
        assertThat(price.conversion().estimate()).isTrue();
        var energy = price.components().getFirst();
        assertThat(List.of(energy.exclVat(), energy.inclVat(), energy.originalExclVat(), energy.originalInclVat()))
                .extracting(BigDecimal::toPlainString).containsExactly("0.6383", "0.7723", "0.6000", "0.7260");
        // the subscription's own price per kWh needs no conversion
        assertThat(swiss.displayPrices(SUBSCRIPTION, Instant.parse("2026-11-24T11:00:00Z")).apply(tariff).conversion()).isNull();
    }
}
