package io.evstack.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.ocpi.tariffs.ChargingPeriods;
import io.evstack.ocpi.tariffs.TransactionPricing;
import io.evstack.ocpi.transport.OcpiJson;
import io.evstack.ocpi.transport.TokenHeader;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an eMSP is billed: step sizes, VAT, min/max price, charging vs parking periods; token header forms. */
class PricingTest {
    static JsonNode tariff(String json) throws Exception {
        return OcpiJson.MAPPER.readTree(json);
    }

    @Test
    void timeIsBilledInWholeStepsAndParkingSeparately() throws Exception {
        var t = tariff("""
                {"currency":"EUR","elements":[{"price_components":[
                  {"type":"TIME","price":2.00,"step_size":300},
                  {"type":"PARKING_TIME","price":6.00,"vat":10,"step_size":900}]}]}""");
        // 6 minutes charging billed as 10 (two 5-minute blocks, section 11.4.2's example); 16 min parking as 30
        var cost = price(t, reading(0, 0), reading(360, 100), reading(360 + 960, 100));
        assertThat(cost.time()).isEqualByComparingTo("0.3333");
        assertThat(cost.parking()).isEqualByComparingTo("3.00");
        assertThat(cost.inclVat()).isEqualByComparingTo("3.63");
    }

    @Test
    void maxPriceCapsTheTotal() throws Exception {
        var t = tariff("""
                {"currency":"EUR","max_price":{"excl_vat":5.00},"elements":[{"price_components":[
                  {"type":"ENERGY","price":0.50,"step_size":1}]}]}""");
        assertThat(price(t, reading(0, 0), reading(3600, 40_000)).exclVat()).isEqualByComparingTo("5.00");
    }

    @Test
    void restrictionsDecideWhichElementPrices() throws Exception {
        // Parking is free for the first hour of the session (min_duration 3600, section 11.4.6), and
        // energy costs more from 17:00 local time: the first-component-per-dimension rule billed both wrong.
        var t = tariff("""
                {"currency":"EUR","elements":[
                  {"price_components":[{"type":"ENERGY","price":0.60,"vat":21,"step_size":1}],
                   "restrictions":{"start_time":"17:00","end_time":"21:00"}},
                  {"price_components":[{"type":"ENERGY","price":0.40,"vat":21,"step_size":1}]},
                  {"price_components":[{"type":"PARKING_TIME","price":6.00,"vat":21,"step_size":60}],
                   "restrictions":{"min_duration":3600}}]}""");
        // 10:00-10:50 UTC (11:00-11:50 Amsterdam) charging 10 kWh, then 40 min parked: 30 of them after the first hour
        var cost = price(t, reading(0, 0), reading(3000, 10_000), reading(5400, 10_000));
        assertThat(cost.energy()).isEqualByComparingTo("4.00");
        assertThat(cost.parking()).isEqualByComparingTo("3.00");
        assertThat(cost.exclVat()).isEqualByComparingTo("7.00");
        assertThat(cost.inclVat()).isEqualByComparingTo("8.47");
    }

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

    private static ChargingPeriods.Reading reading(long second, long wh) {
        return new ChargingPeriods.Reading(T0.plusSeconds(second), wh);
    }

    private static TransactionPricing.Cost price(JsonNode tariff, ChargingPeriods.Reading... readings) {
        var periods = ChargingPeriods.of(List.of(readings), "T1");
        return TransactionPricing.cost(tariff, periods, readings[readings.length - 1].at(), ZoneId.of("Europe/Amsterdam"));
    }

    @Test
    void periodsSplitChargingFromParking() {
        Instant t0 = Instant.parse("2025-01-01T10:00:00Z");
        var r = ChargingPeriods.of(List.of(new ChargingPeriods.Reading(t0, 0),
                new ChargingPeriods.Reading(t0.plusSeconds(1800), 5000),
                new ChargingPeriods.Reading(t0.plusSeconds(3600), 9000),
                new ChargingPeriods.Reading(t0.plusSeconds(5400), 9000)), "T1");
        assertThat(r.periods()).hasSize(2);
        assertThat(r.energyWh()).isEqualTo(9000);
        assertThat(r.chargingSeconds()).isEqualTo(3600);
        assertThat(r.parkingSeconds()).isEqualTo(1800);
        assertThat(r.periods().get(1).dimensions().get(0).type()).isEqualTo("PARKING_TIME");
        assertThat(r.periods().get(1).startDateTime()).isEqualTo(t0.plusSeconds(3600));
    }

    @Test
    void theTokenHeaderIsReadInBothForms() {
        assertThat(TokenHeader.encode("example-token", true)).isEqualTo("Token ZXhhbXBsZS10b2tlbg==");
        assertThat(TokenHeader.candidates("Token ZXhhbXBsZS10b2tlbg==")).first().isEqualTo("example-token");
        assertThat(TokenHeader.candidates("Token example-token")).containsExactly("example-token");
        assertThat(TokenHeader.candidates("Bearer x")).isEmpty();
        assertThat(TokenHeader.newToken()).hasSize(43);
    }
}
