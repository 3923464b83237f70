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
 * Issue 6: the CPO's CDR total follows the tariff's restrictions (here parking billed only after the
 * session's first hour, min_duration 3600, OCPI 2.2.1 section 11.4.6), so the eMSP, pricing the CDR with
 * the same engine, agrees and flags nothing. The old first-component rule billed all the parking.
 */
class RestrictedTariffCdrTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void parkingAfterTheFirstHourIsWhatTheCdrBills(Database db) throws Exception {
        try (Stack stack = OcpiBridgeEndToEndTest.start(db)) {
            var tariff = Map.of("currency", "EUR", "elements", List.of(
                    Map.of("price_components", List.of(Map.of("type", "ENERGY", "price", 0.30, "vat", 20.0, "step_size", 1000))),
                    Map.of("price_components", List.of(Map.of("type", "PARKING_TIME", "price", 6.00, "vat", 20.0, "step_size", 60)),
                            "restrictions", Map.of("min_duration", 3600))));
            try (TestCharger cp = TestCharger.connect(stack.ocppPort(), "TARIFF-CP1", null)) {
                cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
                cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
                assertThat(OcpiBridgeEndToEndTest.call(stack, "PUT", "/ocpi/admin/tariffs/T-PARK", OcpiBridgeEndToEndTest.admin(), tariff)
                        .code()).isEqualTo(1000);
                assertThat(OcpiBridgeEndToEndTest.call(stack, "PUT", "/ocpi/admin/connectors/TARIFF-CP1/1",
                        OcpiBridgeEndToEndTest.admin(), Map.of("tariff_id", "T-PARK")).code()).isEqualTo(1000);
                stack.emsp().pushToken("PARK-TAG", "NL-EVS-C12345679-X");
                Instant t0 = Instant.now().minus(100, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
                var started = cp.call("StartTransaction", Map.of("connectorId", 1, "idTag", "PARK-TAG", "meterStart", 1000,
                        "timestamp", t0.toString()));
                int txId = started.path("transactionId").asInt();
                // 7.5 kWh in the first 30 minutes, then parked for 60 minutes.
                cp.call("MeterValues", Map.of("connectorId", 1, "transactionId", txId, "meterValue", List.of(Map.of(
                        "timestamp", t0.plus(30, ChronoUnit.MINUTES).toString(), "sampledValue", List.of(Map.of(
                                "value", "8500", "measurand", "Energy.Active.Import.Register", "unit", "Wh"))))));
                cp.call("StopTransaction", Map.of("transactionId", txId, "meterStop", 8500,
                        "timestamp", t0.plus(90, ChronoUnit.MINUTES).toString(), "reason", "EVDisconnected"));
                // Energy 8 x 0.30 = 2.40; parking only its last 30 minutes: 3.00. 5.40 excl., 6.48 incl. VAT.
                // (First component per dimension, all 60 minutes of parking: 8.40.)
                await().atMost(Duration.ofSeconds(30)).until(() -> stack.emsp().pricedCdr("CDR-" + txId).isPresent());
                var priced = stack.emsp().pricedCdr("CDR-" + txId).orElseThrow();
                assertThat(priced.cpoExclVat()).isEqualByComparingTo("5.40");
                assertThat(priced.exclVat()).isEqualByComparingTo("5.40");
                assertThat(priced.inclVat()).isEqualByComparingTo("6.48");
                assertThat(priced.mismatch()).isFalse();
            }
        }
    }
}
