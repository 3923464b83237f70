package io.evstack.app;

import static io.evstack.app.OcpiBridgeEndToEndTest.admin;
import static io.evstack.app.OcpiBridgeEndToEndTest.call;
import static io.evstack.app.Ocpp201ProvisioningTest.boot;
import static io.evstack.app.Ocpp201ProvisioningTest.connect201;
import static io.evstack.app.Ocpp201TransactionTest.energy;
import static io.evstack.app.Ocpp201TransactionTest.event;
import static io.evstack.app.TestCharger.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import io.evstack.ocpp.OcppVersion;
import io.evstack.ocpp.rpc.MessageTypes;
import io.evstack.ocpp.rpc.OcppSchemas;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OCPP 2.0.1 block I with central cost calculation: where the OCPI tariff of the connector applies, the
 * station gets the running cost in a CostUpdated (I02) and the final cost in the answer to Ended (I03),
 * the same arithmetic the CDR uses; without a tariff it gets neither.
 */
class Ocpp201RunningCostTest {

    private static ObjectNode started(String txId, Instant at) {
        ObjectNode e = event("Started", 0, "CablePluggedIn", at, txId);
        e.putObject("evse").put("id", 1).put("connectorId", 1);
        energy(e, at, 10000, "Transaction.Begin");
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void stationShowsTheRunningAndFinalCostOfItsTariff(Database db) throws Exception {
        try (Stack stack = OcpiBridgeEndToEndTest.start(db);
                TestCharger cs = connect201(stack, "CS201-COST");
                TestCharger free = connect201(stack, "CS201-NOTARIFF")) {
            cs.call("BootNotification", boot());
            free.call("BootNotification", boot());
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            for (TestCharger c : List.of(cs, free)) {
                c.call("StatusNotification", obj().put("timestamp", now.toString()).put("connectorStatus", "Available")
                        .put("evseId", 1).put("connectorId", 1));
            }
            // 0.30 per kWh plus 20 % VAT, and 1.00 a session without VAT.
            var tariff = Map.of("currency", "EUR", "elements", List.of(Map.of("price_components", List.of(
                    Map.of("type", "ENERGY", "price", 0.30, "vat", 20.0, "step_size", 1),
                    Map.of("type", "FLAT", "price", 1.00, "step_size", 1)))),
                    "tariff_alt_text", List.of(Map.of("language", "en", "text", "0.36 EUR/kWh and 1.00 EUR a session, VAT incl.")));
            assertThat(call(stack, "PUT", "/ocpi/admin/tariffs/T1", admin(), tariff).code()).isEqualTo(1000);
            assertThat(call(stack, "PUT", "/ocpi/admin/connectors/CS201-COST/1", admin(), Map.of("tariff_id", "T1")).code())
                    .isEqualTo(1000);

            // Block I: an accepted driver sees the tariff's text as the personalMessage (none where no tariff
            // applies, and none for a driver who is not accepted).
            stack.authorization().create("DRIVER-1", null, null, false, 1, null);
            ObjectNode driver = obj().set("idToken", obj().put("idToken", "DRIVER-1").put("type", "ISO14443"));
            JsonNode authorized = cs.call("Authorize", driver);
            assertThat(authorized.at("/idTokenInfo/status").asText()).isEqualTo("Accepted");
            assertThat(authorized.at("/idTokenInfo/personalMessage/format").asText()).isEqualTo("UTF8");
            assertThat(authorized.at("/idTokenInfo/personalMessage/language").asText()).isEqualTo("en");
            assertThat(authorized.at("/idTokenInfo/personalMessage/content").asText())
                    .isEqualTo("0.36 EUR/kWh and 1.00 EUR a session, VAT incl.");
            assertThat(free.call("Authorize", driver).at("/idTokenInfo").has("personalMessage")).isFalse();
            JsonNode stranger = cs.call("Authorize", obj().set("idToken", obj().put("idToken", "NOBODY").put("type", "ISO14443")));
            assertThat(stranger.at("/idTokenInfo/status").asText()).isNotEqualTo("Accepted");
            assertThat(stranger.at("/idTokenInfo").has("personalMessage")).isFalse();

            Instant t0 = now.minusSeconds(600);
            cs.answer("CostUpdated", p -> obj());
            JsonNode r0 = cs.call("TransactionEvent", started("TX-C1", t0));
            assertThat(r0.has("totalCost")).as("no totalCost before the end: " + r0).isFalse();

            // I02: after new readings the running cost follows in a CostUpdated: 1 kWh, 0.36 + 1.00.
            ObjectNode updated = event("Updated", 1, "MeterValuePeriodic", t0.plusSeconds(300), "TX-C1");
            energy(updated, t0.plusSeconds(300), 11000, "Sample.Periodic");
            assertThat(cs.call("TransactionEvent", updated).has("totalCost")).isFalse();
            JsonNode costUpdated = cs.receivedCalls.poll(10, TimeUnit.SECONDS);
            assertThat(costUpdated).as("a CostUpdated").isNotNull();
            assertThat(costUpdated.get(2).asText()).isEqualTo("CostUpdated");
            assertThat(OcppSchemas.shared().validateRequest(OcppVersion.OCPP201,
                    MessageTypes.find(OcppVersion.OCPP201, "CostUpdated").orElseThrow(), costUpdated.get(3))).isEmpty();
            assertThat(costUpdated.at("/3/transactionId").asText()).isEqualTo("TX-C1");
            assertThat(costUpdated.at("/3/totalCost").decimalValue()).isEqualByComparingTo("1.36");

            // I02 once per interval (STACK_COST_UPDATE_INTERVAL, 60 s): new readings a minute early bring none.
            ObjectNode again = event("Updated", 2, "MeterValuePeriodic", t0.plusSeconds(360), "TX-C1");
            energy(again, t0.plusSeconds(360), 11500, "Sample.Periodic");
            cs.call("TransactionEvent", again);

            // I03: the final cost in the answer to Ended: 2 kWh, 0.72 + 1.00.
            ObjectNode ended = event("Ended", 3, "EVCommunicationLost", t0.plusSeconds(420), "TX-C1");
            ended.with("transactionInfo").put("stoppedReason", "EVDisconnected");
            energy(ended, t0.plusSeconds(420), 12000, "Transaction.End");
            JsonNode end = cs.call("TransactionEvent", ended);
            assertThat(end.get("totalCost").decimalValue()).isEqualByComparingTo("1.72");
            // The next transaction has its own interval: its first readings bring its CostUpdated, and that
            // is the next one the station gets (none came for TX-C1's throttled readings).
            ObjectNode next = event("Started", 0, "CablePluggedIn", t0.plusSeconds(480), "TX-C2");
            next.putObject("evse").put("id", 1).put("connectorId", 1);
            energy(next, t0.plusSeconds(480), 12000, "Transaction.Begin");
            next.set("idToken", obj().put("idToken", "DRIVER-1").put("type", "ISO14443"));
            JsonNode nextStarted = cs.call("TransactionEvent", next);
            assertThat(nextStarted.at("/idTokenInfo/status").asText()).isEqualTo("Accepted");
            assertThat(nextStarted.at("/idTokenInfo/personalMessage/content").asText()).startsWith("0.36 EUR/kWh");
            ObjectNode nextUpdated = event("Updated", 1, "MeterValuePeriodic", t0.plusSeconds(540), "TX-C2");
            energy(nextUpdated, t0.plusSeconds(540), 13000, "Sample.Periodic");
            cs.call("TransactionEvent", nextUpdated);
            JsonNode nextCost = cs.receivedCalls.poll(10, TimeUnit.SECONDS);
            assertThat(nextCost).as("a CostUpdated for TX-C2").isNotNull();
            assertThat(nextCost.at("/3/transactionId").asText()).isEqualTo("TX-C2");
            assertThat(nextCost.at("/3/totalCost").decimalValue()).isEqualByComparingTo("1.36");

            // No tariff: neither a CostUpdated nor a totalCost, so the station shows its fallback (I05).
            free.call("TransactionEvent", started("TX-F1", t0));
            ObjectNode freeUpdated = event("Updated", 1, "MeterValuePeriodic", t0.plusSeconds(300), "TX-F1");
            energy(freeUpdated, t0.plusSeconds(300), 11000, "Sample.Periodic");
            free.call("TransactionEvent", freeUpdated);
            ObjectNode freeEnded = event("Ended", 2, "EVCommunicationLost", t0.plusSeconds(420), "TX-F1");
            energy(freeEnded, t0.plusSeconds(420), 12000, "Transaction.End");
            assertThat(free.call("TransactionEvent", freeEnded).has("totalCost")).isFalse();
            // (A CostUpdated would come after the answer, so this only catches one already there; the
            // provider's empty answer for a connector without a tariff is what keeps it away.)
            assertThat(free.receivedCalls).noneMatch(f -> f.get(2).asText().equals("CostUpdated"));
        }
    }
}
