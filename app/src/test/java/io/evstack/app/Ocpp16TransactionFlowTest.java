package io.evstack.app;

import static io.evstack.app.TestCharger.obj;
import static io.evstack.db.generated.Tables.CHARGE_POINT;
import static io.evstack.db.generated.Tables.CHARGE_TRANSACTION;
import static io.evstack.db.generated.Tables.CONNECTOR;
import static io.evstack.db.generated.Tables.METER_VALUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A charger's day as a 1.6 charger lives it, against the real stack, checked in the database. */
class Ocpp16TransactionFlowTest {

    static ObjectNode boot() {
        return obj().put("chargePointVendor", "Acme").put("chargePointModel", "Wallbox 22").put("firmwareVersion", "1.2.3");
    }

    static ObjectNode meterValues(int connectorId, Integer transactionId, Instant at, long wh, double watts) {
        ObjectNode mv = obj().put("connectorId", connectorId);
        if (transactionId != null) {
            mv.put("transactionId", transactionId);
        }
        ArrayNode values = mv.putArray("meterValue");
        ObjectNode v = values.addObject().put("timestamp", at.toString());
        ArrayNode sampled = v.putArray("sampledValue");
        sampled.addObject().put("value", Long.toString(wh)).put("measurand", "Energy.Active.Import.Register").put("unit", "Wh")
                .put("context", "Sample.Periodic");
        sampled.addObject().put("value", Double.toString(watts)).put("measurand", "Power.Active.Import").put("unit", "W");
        return mv;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void bootAuthorizeStartMeterStopIsStoredCompletely(Database db) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT)) {
            stack.authorization().create("CARD-1", null, null, false, 1, "fleet card");
            try (TestCharger charger = TestCharger.connect(stack.ocppPort(), "CP-1", null)) {
                assertThat(charger.subprotocol()).isEqualTo("ocpp1.6");
                JsonNode boot = charger.call("BootNotification", boot());
                assertThat(boot.get("status").asText()).isEqualTo("Accepted");
                assertThat(boot.get("interval").asInt()).isEqualTo(300);
                assertThat(boot.get("currentTime").asText()).endsWith("Z");

                charger.call("StatusNotification", obj().put("connectorId", 1).put("status", "Preparing").put("errorCode", "NoError"));
                assertThat(charger.call("Authorize", obj().put("idTag", "CARD-1")).at("/idTagInfo/status").asText()).isEqualTo("Accepted");

                Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                JsonNode started = charger.call("StartTransaction", obj().put("connectorId", 1).put("idTag", "CARD-1")
                        .put("meterStart", 1000).put("timestamp", start.toString()));
                assertThat(started.at("/idTagInfo/status").asText()).isEqualTo("Accepted");
                int txId = started.get("transactionId").asInt();

                charger.call("MeterValues", meterValues(1, txId, start.plusSeconds(60), 1500, 11000));
                charger.call("MeterValues", meterValues(1, txId, start.plusSeconds(120), 2100, 11000));
                JsonNode stopped = charger.call("StopTransaction", obj().put("transactionId", txId).put("idTag", "CARD-1")
                        .put("meterStop", 2500).put("timestamp", start.plusSeconds(150).toString()).put("reason", "EVDisconnected"));
                assertThat(stopped.at("/idTagInfo/status").asText()).isEqualTo("Accepted");
                charger.call("StatusNotification", obj().put("connectorId", 1).put("status", "Available").put("errorCode", "NoError"));

                var dsl = db.dsl();
                var tx = dsl.selectFrom(CHARGE_TRANSACTION).where(CHARGE_TRANSACTION.ID.eq((long) txId)).fetchOne();
                assertThat(tx.getIdTag()).isEqualTo("CARD-1");
                assertThat(tx.getMeterStartWh()).isEqualTo(1000L);
                assertThat(tx.getMeterStopWh()).isEqualTo(2500L);
                assertThat(tx.getStartTime()).isEqualTo(start);
                assertThat(tx.getStopTime()).isEqualTo(start.plusSeconds(150));
                assertThat(tx.getStopReason()).isEqualTo("EVDisconnected");
                assertThat(dsl.fetchCount(METER_VALUE, METER_VALUE.TRANSACTION_PK.eq((long) txId))).isEqualTo(4);
                assertThat(stack.transactions().get(txId).energyWh()).isEqualTo(1500);
                var cp = dsl.selectFrom(CHARGE_POINT).where(CHARGE_POINT.CHARGE_POINT_ID.eq("CP-1")).fetchOne();
                assertThat(cp.getVendor()).isEqualTo("Acme");
                assertThat(cp.getFirmwareVersion()).isEqualTo("1.2.3");
                assertThat(cp.getConnectedNode()).isEqualTo("test-node");
                assertThat(dsl.selectFrom(CONNECTOR).where(CONNECTOR.CONNECTOR_ID.eq(1)).fetchOne().getStatus())
                        .isEqualTo("Available");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> db.dsl().selectFrom(CHARGE_POINT)
                    .where(CHARGE_POINT.CHARGE_POINT_ID.eq("CP-1")).fetchOne().getConnectedNode() == null);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void reconnectMidTransactionAndReplayLeavesOneTransactionWithAllMeterValues(Database db) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT)) {
            stack.authorization().create("CARD-2", null, null, false, 1, null);
            Instant start = Instant.parse("2026-11-24T08:00:00.123Z");
            int txId;
            try (TestCharger charger = TestCharger.connect(stack.ocppPort(), "CP-2", null)) {
                charger.call("BootNotification", boot());
                txId = charger.call("StartTransaction", obj().put("connectorId", 2).put("idTag", "CARD-2")
                        .put("meterStart", 0).put("timestamp", start.toString())).get("transactionId").asInt();
                charger.call("MeterValues", meterValues(2, txId, start.plusSeconds(60), 300, 18000));
                charger.dropConnection();
            }
            // The charger was not sure its messages arrived: it replays them all on the new socket.
            try (TestCharger charger = TestCharger.connect(stack.ocppPort(), "CP-2", null)) {
                int again = charger.call("StartTransaction", obj().put("connectorId", 2).put("idTag", "CARD-2")
                        .put("meterStart", 0).put("timestamp", start.toString())).get("transactionId").asInt();
                assertThat(again).isEqualTo(txId);
                charger.call("MeterValues", meterValues(2, txId, start.plusSeconds(60), 300, 18000));
                charger.call("MeterValues", meterValues(2, txId, start.plusSeconds(120), 600, 18000));
                ObjectNode stop = obj().put("transactionId", txId).put("meterStop", 700)
                        .put("timestamp", start.plusSeconds(140).toString());
                stop.putArray("transactionData").add(meterValues(2, txId, start.plusSeconds(140), 700, 0).get("meterValue").get(0));
                charger.call("StopTransaction", stop);
                charger.call("StopTransaction", stop);
            }
            var dsl = db.dsl();
            assertThat(dsl.fetchCount(CHARGE_TRANSACTION)).isEqualTo(1);
            // 60 s, 120 s and the stop's 140 s sample, each energy + power: replays added nothing.
            assertThat(dsl.fetchCount(METER_VALUE, METER_VALUE.TRANSACTION_PK.eq((long) txId))).isEqualTo(6);
            var tx = stack.transactions().get(txId);
            assertThat(tx.meterStopWh()).isEqualTo(700L);
            assertThat(tx.startTime()).isEqualTo(start);
            assertThat(tx.energyWh()).isEqualTo(700);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void stopOfAnUnknownTransactionIsAnsweredWithoutError(Database db) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT);
                TestCharger charger = TestCharger.connect(stack.ocppPort(), "CP-3", null)) {
            charger.call("BootNotification", boot());
            JsonNode answer = charger.call("StopTransaction", obj().put("transactionId", 987654).put("meterStop", 10)
                    .put("timestamp", Instant.now().toString()));
            assertThat(answer.isObject()).isTrue();
            assertThat(db.dsl().fetchCount(CHARGE_TRANSACTION)).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void authorizeAnswersEveryStatus(Database db) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT);
                TestCharger charger = TestCharger.connect(stack.ocppPort(), "CP-4", null)) {
            var auth = stack.authorization();
            Instant future = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MILLIS);
            auth.create("FLEET", null, future, false, 0, null);
            auth.create("CHILD", "FLEET", null, false, 1, null);
            auth.create("BLOCKED", null, null, true, 1, null);
            auth.create("OLD", null, Instant.now().minus(Duration.ofDays(1)), false, 1, null);
            auth.create("BUSY", null, null, false, 1, null);
            charger.call("BootNotification", boot());

            JsonNode child = charger.call("Authorize", obj().put("idTag", "CHILD")).get("idTagInfo");
            assertThat(child.get("status").asText()).isEqualTo("Accepted");
            assertThat(child.get("parentIdTag").asText()).isEqualTo("FLEET");
            assertThat(Instant.parse(child.get("expiryDate").asText())).isEqualTo(future);
            assertThat(status(charger, "BLOCKED")).isEqualTo("Blocked");
            assertThat(status(charger, "OLD")).isEqualTo("Expired");
            assertThat(status(charger, "NOBODY")).isEqualTo("Invalid");
            charger.call("StartTransaction", obj().put("connectorId", 1).put("idTag", "BUSY").put("meterStart", 0)
                    .put("timestamp", Instant.now().toString()));
            assertThat(status(charger, "BUSY")).isEqualTo("ConcurrentTx");
            // An invalid tag's transaction is still recorded (section 4.8); the charger decides to stop it.
            JsonNode invalidStart = charger.call("StartTransaction", obj().put("connectorId", 2).put("idTag", "NOBODY")
                    .put("meterStart", 0).put("timestamp", Instant.now().toString()));
            assertThat(invalidStart.at("/idTagInfo/status").asText()).isEqualTo("Invalid");
            assertThat(invalidStart.get("transactionId").asInt()).isPositive();
        }
    }

    /**
     * Regression: StartTransaction once checked the id tag on a second pooled connection while holding the
     * first, so as many concurrent starts as the pool has connections deadlocked every message of the node.
     */
    @org.junit.jupiter.api.Test
    void concurrentStartsMoreThanThePoolHasConnectionsAllComplete() throws Exception {
        try (Database db = io.evstack.db.TestDatabases.h2(); Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT)) {
            stack.authorization().create("POOL", null, null, false, 0, null);
            int chargers = 16;
            java.util.List<TestCharger> connected = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < chargers; i++) {
                    TestCharger c = TestCharger.connect(stack.ocppPort(), "POOL-" + i, null);
                    c.call("BootNotification", boot());
                    connected.add(c);
                }
                Instant start = Instant.now();
                // All at once: one thread per charger, as chargers are independent of each other.
                var all = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
                var answers = connected.stream().map(c -> java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return c.call("StartTransaction", obj().put("connectorId", 1).put("idTag", "POOL")
                                .put("meterStart", 0).put("timestamp", start.toString()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, all)).toList();
                for (var answer : answers) {
                    assertThat(answer.get(20, java.util.concurrent.TimeUnit.SECONDS).at("/idTagInfo/status").asText())
                            .isEqualTo("Accepted");
                }
                assertThat(db.dsl().fetchCount(CHARGE_TRANSACTION)).isEqualTo(chargers);
            } finally {
                for (TestCharger c : connected) {
                    c.close();
                }
            }
        }
    }

    private static String status(TestCharger charger, String tag) throws Exception {
        return charger.call("Authorize", obj().put("idTag", tag)).at("/idTagInfo/status").asText();
    }
}
