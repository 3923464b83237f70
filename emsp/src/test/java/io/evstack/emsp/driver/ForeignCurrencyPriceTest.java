package io.evstack.emsp.driver;

import static io.evstack.emsp.TestEmspServer.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.db.Database;
import io.evstack.emsp.TestEmspServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A driver on a euro plan roaming at a CPO that prices in Swiss francs: before charging and while charging the
 * price is shown in euros, converted at the operator's exchange rate of today and marked as an estimate, with the
 * francs kept beside it. The operator set only EUR→CHF 0.94: CHF→EUR is its inverse, 1.0638297872. PAYG (V11):
 * CPO price + 20 %, VAT 21 %. Over HTTP on loopback, H2 and MariaDB.
 */
class ForeignCurrencyPriceTest {
    static final String CPO_TOKEN = "token-b-of-the-swiss-cpo";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aTariffAndASessionInFrancsAreShownInEurosAsAnEstimate(Database db) {
        try (var emsp = new TestEmspServer(db)) {
            DriverApiTest.cpoWithOneLocation(emsp, CPO_TOKEN, "CHF", 0.50);
            String driver = emsp.driver("heidi@example.org");
            assertThat(emsp.call("POST", "/api/v1/driver/tokens", driver, obj("uid", "CAFE0077")).status()).isEqualTo(201);
            assertThat(driverPrice(emsp, driver).isNull()).as("no exchange rate yet: no price rather than a guess").isTrue();

            assertThat(emsp.call("POST", "/api/v1/billing/exchange-rates", emsp.support(), Map.of("fromCurrency", "EUR",
                    "toCurrency", "CHF", "rate", "0.94", "effectiveFrom", "2026-11-01")).status()).isEqualTo(201);
            JsonNode price = driverPrice(emsp, driver);
            assertThat(price.path("currency").asText()).isEqualTo("EUR");
            assertThat(price.path("conversion").path("fromCurrency").asText()).isEqualTo("CHF");
            assertThat(price.path("conversion").path("toCurrency").asText()).isEqualTo("EUR");
            assertThat(price.path("conversion").path("rate").decimalValue()).isEqualByComparingTo("1.0638297872");
            assertThat(price.path("conversion").path("rateDate").asText()).isEqualTo("2026-11-24");
            assertThat(price.path("conversion").path("estimate").asBoolean()).isTrue();
            // CHF 0.50 + 20 % = 0.60 → EUR 0.63829787232: 0.6383 excl., 0.7723 incl.; francs 0.6000 and 0.7260
            JsonNode energy = price.path("components").get(0);
            assertThat(List.of(energy.path("exclVat"), energy.path("inclVat"), energy.path("originalExclVat"),
                    energy.path("originalInclVat"))).extracting(ScheduledPlanChangeTest::num).containsExactly("0.6383", "0.7723", "0.6", "0.726");

            emsp.ocpi("PUT", "/ocpi/emsp/2.2.1/sessions/DE/ABC/S1", CPO_TOKEN, obj("country_code", "DE", "party_id", "ABC",
                    "id", "S1", "start_date_time", "2026-11-24T08:30:00Z", "kwh", 20, "auth_method", "WHITELIST",
                    "cdr_token", obj("country_code", "NL", "party_id", "EVS", "uid", "CAFE0077", "type", "RFID",
                            "contract_id", "NL-EVS-C00000077-X"),
                    "location_id", "L1", "evse_uid", "L1-1", "connector_id", "1", "currency", "CHF",
                    "total_cost", obj("excl_vat", 10.00), "status", "ACTIVE", "last_updated", "2026-11-24T08:59:00Z"));
            JsonNode cost = emsp.call("GET", "/api/v1/driver/sessions/live", driver, null).body().get(0).path("driverCost");
            // CHF 10.00 → EUR 10.638297872, + 20 % → 12.77, VAT 2.68, 15.45; francs 12.00 and 14.52
            assertThat(cost.path("currency").asText()).isEqualTo("EUR");
            assertThat(List.of(cost.path("exclVat"), cost.path("inclVat"), cost.path("originalExclVat"), cost.path("originalInclVat")))
                    .extracting(ScheduledPlanChangeTest::num).containsExactly("12.77", "15.45", "12", "14.52");
            assertThat(cost.path("conversion").path("fromCurrency").asText()).isEqualTo("CHF");
            assertThat(cost.path("conversion").path("estimate").asBoolean()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void theDriverApiDescriptionDocumentsTheConvertedFields(Database db) {
        try (var emsp = new TestEmspServer(db)) {
            JsonNode schemas = emsp.call("GET", "/openapi.json", null, null).body().path("components").path("schemas");
            assertThat(schemas.path("DisplayPrice").path("properties").path("conversion").path("description").asText())
                    .contains("another currency").contains("estimate");
            assertThat(schemas.path("DisplayComponent").path("properties").path("originalExclVat").path("description").asText())
                    .contains("tariff's currency");
            assertThat(schemas.path("RunningCost").path("properties").path("conversion").path("description").asText())
                    .contains("estimate");
            assertThat(schemas.path("RunningCost").path("properties").has("originalInclVat")).isTrue();
            assertThat(schemas.path("Conversion").path("properties").path("rate").path("description").asText())
                    .contains("1 fromCurrency = rate toCurrency");
            assertThat(emsp.call("GET", "/openapi.json", null, null).body().path("paths").path("/api/v1/driver/chargers")
                    .path("get").path("description").asText()).contains("exchange rate");
        }
    }

    private static JsonNode driverPrice(TestEmspServer emsp, String bearer) {
        return emsp.call("GET", "/api/v1/driver/chargers?lat=52.52&lon=13.405", bearer, null).body().get(0).path("evses").get(0)
                .path("connectors").get(0).path("driverPrice");
    }
}
