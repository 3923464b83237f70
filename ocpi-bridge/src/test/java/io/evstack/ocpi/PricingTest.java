package io.evstack.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.ocpi.tariffs.ChargingPeriods;
import io.evstack.ocpi.tariffs.CostCalculator;
import io.evstack.ocpi.transport.OcpiJson;
import io.evstack.ocpi.transport.TokenHeader;
import java.time.Instant;
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
        var cost = CostCalculator.price(t, 0, 360, 960);
        assertThat(cost.time()).isEqualByComparingTo("0.3333");
        assertThat(cost.parking()).isEqualByComparingTo("3.00");
        assertThat(cost.inclVat()).isEqualByComparingTo("3.6333");
    }

    @Test
    void maxPriceCapsTheTotal() throws Exception {
        var t = tariff("""
                {"currency":"EUR","max_price":{"excl_vat":5.00},"elements":[{"price_components":[
                  {"type":"ENERGY","price":0.50,"step_size":1}]}]}""");
        assertThat(CostCalculator.price(t, 40_000, 0, 0).exclVat()).isEqualByComparingTo("5.00");
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
