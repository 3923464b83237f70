package io.evstack.app;

import static io.evstack.app.Ocpp201ProvisioningTest.boot;
import static io.evstack.app.Ocpp201ProvisioningTest.connect201;
import static io.evstack.app.TestCharger.obj;
import static io.evstack.db.generated.Tables.CHARGE_TRANSACTION;
import static io.evstack.db.generated.Tables.METER_VALUE;
import static io.evstack.db.generated.Tables.SIGNED_METER_VALUE;
import static io.evstack.db.generated.Tables.TRANSACTION_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.event.DomainEvent;
import io.evstack.csms.transaction.Transaction;
import io.evstack.csms.transaction.TransactionFilter;
import io.evstack.db.Database;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** OCPP 2.0.1 blocks C, E and J against the real stack: the shared transaction model, idempotent events. */
class Ocpp201TransactionTest {

    static ObjectNode event(String type, int seqNo, String trigger, Instant at, String txId) {
        ObjectNode e = obj().put("eventType", type).put("seqNo", seqNo).put("triggerReason", trigger)
                .put("timestamp", at.toString());
        e.putObject("transactionInfo").put("transactionId", txId);
        return e;
    }

    static void energy(ObjectNode event, Instant at, double wh, String context) {
        var mv = event.withArray("meterValue").addObject().put("timestamp", at.toString());
        mv.putArray("sampledValue").addObject().put("value", wh).put("context", context)
                .put("measurand", "Energy.Active.Import.Register");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void transactionEventsMakeOneSharedTransactionAndReplaysChangeNothing(Database db) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT);
                TestCharger cs = connect201(stack, "CS201-T");
                TestCharger cp16 = TestCharger.connect(stack.ocppPort(), "CP16-T", null)) {
            List<DomainEvent> events = new CopyOnWriteArrayList<>();
            stack.events().subscribe(events::add);
            stack.authorization().create("FLEET", null, null, false, 0, "fleet");
            stack.authorization().create("04A2B3C4", "FLEET", null, false, 1, "card");
            assertThat(cs.call("BootNotification", boot()).get("status").asText()).isEqualTo("Accepted");

            // C: idToken types onto the shared id tags; the parent is the groupIdToken; unknown is Unknown.
            JsonNode auth = cs.call("Authorize", obj().set("idToken", obj().put("idToken", "04A2B3C4").put("type", "ISO14443")));
            assertThat(auth.at("/idTokenInfo/status").asText()).isEqualTo("Accepted");
            assertThat(auth.at("/idTokenInfo/groupIdToken/idToken").asText()).isEqualTo("FLEET");
            assertThat(cs.call("Authorize", obj().set("idToken", obj().put("idToken", "NL-ABC-C12345678-X").put("type", "eMAID")))
                    .at("/idTokenInfo/status").asText()).isEqualTo("Unknown");
            assertThat(cs.call("Authorize", obj().set("idToken", obj().put("idToken", "").put("type", "NoAuthorization")))
                    .at("/idTokenInfo/status").asText()).isEqualTo("Accepted");

            Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
            ObjectNode started = event("Started", 0, "Authorized", t0, "TX-A1");
            started.putObject("evse").put("id", 2).put("connectorId", 1);
            started.set("idToken", obj().put("idToken", "04A2B3C4").put("type", "ISO14443"));
            energy(started, t0, 10000, "Transaction.Begin");
            JsonNode r0 = cs.call("TransactionEvent", started);
            assertThat(r0.at("/idTokenInfo/status").asText()).isEqualTo("Accepted");

            ObjectNode updated = event("Updated", 1, "MeterValuePeriodic", t0.plusSeconds(60), "TX-A1");
            var mv = updated.putArray("meterValue").addObject().put("timestamp", t0.plusSeconds(60).toString());
            mv.putArray("sampledValue").addObject().put("value", 10.5).put("measurand", "Energy.Active.Import.Register")
                    .set("unitOfMeasure", obj().put("unit", "kWh"));
            ((ObjectNode) mv.get("sampledValue").get(0)).set("signedMeterValue", obj().put("signedMeterData", "AQIDBAUG")
                    .put("signingMethod", "ECDSA-secp256r1-SHA256").put("encodingMethod", "OCMF").put("publicKey", "PUBKEY"));
            cs.call("TransactionEvent", updated);
            cs.call("TransactionEvent", updated); // the same event twice

            // seqNo 2 is lost; 3 comes from the offline queue after a reconnect, then the end.
            ObjectNode offline = event("Updated", 3, "ChargingStateChanged", t0.plusSeconds(120), "TX-A1").put("offline", true);
            offline.with("transactionInfo").put("chargingState", "SuspendedEV");
            energy(offline, t0.plusSeconds(120), 11200, "Sample.Periodic");
            cs.call("TransactionEvent", offline);
            ObjectNode ended = event("Ended", 4, "EVCommunicationLost", t0.plusSeconds(150), "TX-A1");
            ended.with("transactionInfo").put("stoppedReason", "EVDisconnected");
            energy(ended, t0.plusSeconds(150), 11500, "Transaction.End");
            cs.call("TransactionEvent", ended);
            cs.call("TransactionEvent", ended); // replayed after a failover

            var dsl = db.dsl();
            var row = dsl.selectFrom(CHARGE_TRANSACTION).where(CHARGE_TRANSACTION.CHARGER_TRANSACTION_ID.eq("TX-A1")).fetchOne();
            assertThat(dsl.fetchCount(CHARGE_TRANSACTION, CHARGE_TRANSACTION.CHARGER_TRANSACTION_ID.eq("TX-A1"))).isEqualTo(1);
            assertThat(row.getConnectorId()).isEqualTo(2);
            assertThat(row.getIdTag()).isEqualTo("04A2B3C4");
            assertThat(row.getMeterStartWh()).isEqualTo(10000L);
            assertThat(row.getMeterStopWh()).isEqualTo(11500L);
            assertThat(row.getStopReason()).isEqualTo("EVDisconnected");
            assertThat(row.getStopTime()).isEqualTo(t0.plusSeconds(150));
            assertThat(dsl.fetchCount(TRANSACTION_EVENT)).isEqualTo(4);
            assertThat(dsl.fetchCount(METER_VALUE, METER_VALUE.TRANSACTION_PK.eq(row.getId()))).isEqualTo(4);
            assertThat(dsl.selectFrom(SIGNED_METER_VALUE).fetchOne().getSignedMeterData()).isEqualTo("AQIDBAUG");
            assertThat(stack.transactions().missingSeqNos(row.getId())).containsExactly(2);
            assertThat(stack.transactions().events(row.getId()).get(2).offline()).isTrue();
            assertThat(stack.events().drain(Duration.ofSeconds(10))).isTrue();
            assertThat(events.stream().filter(e -> e instanceof DomainEvent.TransactionStarted).count()).isEqualTo(1);
            assertThat(events.stream().filter(e -> e instanceof DomainEvent.TransactionStopped).count()).isEqualTo(1);
            assertThat(events.stream().filter(e -> e instanceof DomainEvent.MeterValuesReceived).count()).isEqualTo(4);

            // A 1.6 transaction and a 2.0.1 one look the same through the transaction service.
            cp16.call("BootNotification", obj().put("chargePointVendor", "Acme").put("chargePointModel", "AC"));
            int tx16 = cp16.call("StartTransaction", obj().put("connectorId", 1).put("idTag", "FLEET").put("meterStart", 500)
                    .put("timestamp", t0.toString())).get("transactionId").asInt();
            cp16.call("StopTransaction", obj().put("transactionId", tx16).put("meterStop", 2000)
                    .put("timestamp", t0.plusSeconds(150).toString()).put("reason", "EVDisconnected"));
            Transaction a = stack.transactions().get(row.getId());
            Transaction b = stack.transactions().get(tx16);
            assertThat(a.energyWh()).isEqualTo(1500);
            assertThat(b.energyWh()).isEqualTo(1500);
            assertThat(List.of(a.active(), a.stopReason(), a.startTime(), a.stopTime()))
                    .isEqualTo(List.of(b.active(), b.stopReason(), b.startTime(), b.stopTime()));
            assertThat(stack.transactions().list(new TransactionFilter(null, null, null, null, null, 0, 100)))
                    .extracting(Transaction::chargePointId).contains("CS201-T", "CP16-T");

            // J01 meter values outside a transaction; E14 GetTransactionStatus reaches the station.
            ObjectNode meter = obj().put("evseId", 0);
            meter.putArray("meterValue").addObject().put("timestamp", Instant.now().toString()).putArray("sampledValue")
                    .addObject().put("value", 123456.0);
            cs.call("MeterValues", meter);
            assertThat(dsl.fetchCount(METER_VALUE, METER_VALUE.TRANSACTION_PK.isNull())).isEqualTo(1);
            cs.answer("GetTransactionStatus", p -> obj().put("messagesInQueue", false).put("ongoingIndicator", false));
            var status = stack.operations201().call("CS201-T", "GetTransactionStatus",
                    new io.evstack.ocpp.v201.GetTransactionStatusRequest().withTransactionId("TX-A1"),
                    io.evstack.ocpp.v201.GetTransactionStatusResponse.class).get();
            assertThat(status.getMessagesInQueue()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aTransactionStartedWithoutTokenOrMeterGetsThemFromLaterEvents(Database db) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT);
                TestCharger cs = connect201(stack, "CS201-U")) {
            stack.authorization().create("KEY-77", null, null, false, 1, null);
            cs.call("BootNotification", boot());
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(300);
            ObjectNode started = event("Started", 0, "CablePluggedIn", t0, "TX-U");
            started.putObject("evse").put("id", 1);
            assertThat(cs.call("TransactionEvent", started).has("idTokenInfo")).isFalse();
            ObjectNode authorized = event("Updated", 1, "Authorized", t0.plusSeconds(10), "TX-U");
            authorized.set("idToken", obj().put("idToken", "KEY-77").put("type", "KeyCode"));
            energy(authorized, t0.plusSeconds(10), 700, "Sample.Periodic");
            assertThat(cs.call("TransactionEvent", authorized).at("/idTokenInfo/status").asText()).isEqualTo("Accepted");
            ObjectNode ended = event("Ended", 2, "StopAuthorized", t0.plusSeconds(100), "TX-U");
            energy(ended, t0.plusSeconds(100), 1700, "Transaction.End");
            cs.call("TransactionEvent", ended);
            var t = stack.transactions().findByChargerTransactionId("CS201-U", "TX-U").orElseThrow();
            assertThat(t.idTag()).isEqualTo("KEY-77");
            assertThat(t.meterStartWh()).isEqualTo(700);
            assertThat(t.energyWh()).isEqualTo(1000);
            assertThat(t.stopReason()).isEqualTo("Local");
        }
    }
}
