package io.evstack.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evstack.db.Database;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The co-located eMSP registers with the stack's own CPO over OCPI at start-up; a 1.6 charger runs a
 * transaction; the CPO's CDR arrives at the eMSP, which prices it with its tariff engine consistently
 * with the CDR's own total.
 */
class EmspEndToEndTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void theEmspReceivesAndPricesTheCposCdr(Database db) throws Exception {
        try (Stack stack = OcpiBridgeEndToEndTest.start(db)) {
            assertThat(stack.emsp()).as("registered at start-up").isNotNull();
            var tariff = Map.of("currency", "EUR", "elements", List.of(Map.of("price_components", List.of(
                    Map.of("type", "ENERGY", "price", 0.30, "vat", 20.0, "step_size", 1000),
                    Map.of("type", "FLAT", "price", 1.00, "step_size", 1)))));
            try (TestCharger cp = TestCharger.connect(stack.ocppPort(), "EMSP-CP1", null)) {
                cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
                cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
                assertThat(OcpiBridgeEndToEndTest.call(stack, "PUT", "/ocpi/admin/tariffs/T-E2E", OcpiBridgeEndToEndTest.admin(), tariff)
                        .code()).isEqualTo(1000);
                assertThat(OcpiBridgeEndToEndTest.call(stack, "PUT", "/ocpi/admin/connectors/EMSP-CP1/1",
                        OcpiBridgeEndToEndTest.admin(), Map.of("tariff_id", "T-E2E")).code()).isEqualTo(1000);
                // The eMSP's card, pushed to the CPO over OCPI (tokens module): its CDR then comes back to us.
                stack.emsp().pushToken("EMSP-TAG", "NL-EVS-C12345678-X");
                Instant t0 = Instant.now().minus(40, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
                var started = cp.call("StartTransaction", Map.of("connectorId", 1, "idTag", "EMSP-TAG", "meterStart", 1000,
                        "timestamp", t0.toString()));
                int txId = started.path("transactionId").asInt();
                cp.call("StopTransaction", Map.of("transactionId", txId, "meterStop", 8500,
                        "timestamp", t0.plus(35, ChronoUnit.MINUTES).toString(), "reason", "EVDisconnected"));
                // 7.5 kWh in 1 kWh steps = 8 x 0.30 + 1.00 = 3.40 excl. VAT; 2.88 + 1.00 = 3.88 incl.
                await().atMost(Duration.ofSeconds(30)).until(() -> stack.emsp().pricedCdr("CDR-" + txId).isPresent());
                var priced = stack.emsp().pricedCdr("CDR-" + txId).orElseThrow();
                assertThat(priced.exclVat()).isEqualByComparingTo("3.40");
                assertThat(priced.inclVat()).isEqualByComparingTo("3.88");
                assertThat(priced.cpoExclVat()).isEqualByComparingTo("3.40");
                assertThat(priced.mismatch()).isFalse();
            }
        }
    }
}
