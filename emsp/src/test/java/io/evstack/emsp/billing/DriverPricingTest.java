package io.evstack.emsp.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The running cost of a live session under a plan, with and without the CPO's own running cost. */
class DriverPricingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Plan PAYG = new Plan(1, "PAYG", "Pay as you go", Plan.Kind.PAY_AS_YOU_GO, "EUR",
            new BigDecimal("20"), null, null, null, new BigDecimal("21"));
    private static final Plan SUBSCRIPTION = new Plan(2, "SUB", "Subscription", Plan.Kind.SUBSCRIPTION, "EUR",
            null, new BigDecimal("0.39"), new BigDecimal("9.99"), new BigDecimal("50"), new BigDecimal("21"));
    // live() is arithmetic on what the CPOs sent: it never touches the database.
    private final DriverPricing pricing = new DriverPricing(null, ZoneId.of("Europe/Amsterdam"));

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
}
