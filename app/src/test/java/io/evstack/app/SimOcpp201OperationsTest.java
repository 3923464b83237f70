package io.evstack.app;

import static io.evstack.app.Ocpp201CertificateManagementTest.apiStatus;
import static io.evstack.app.Ocpp201ProvisioningTest.api;
import static io.evstack.db.generated.Tables.CHARGE_POINT;
import static io.evstack.db.generated.Tables.CHARGE_TRANSACTION;
import static io.evstack.db.generated.Tables.OCPP_MESSAGE_LOG;
import static io.evstack.db.generated.Tables.RESERVATION;
import static io.evstack.db.generated.Tables.STATION_REPORT;
import static io.evstack.db.generated.Tables.STATUS_NOTIFICATION_LOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.transaction.Transaction;
import io.evstack.csms.transaction.TransactionFilter;
import io.evstack.db.Database;
import io.evstack.db.TestDatabases;
import io.evstack.sim.Simulation;
import io.evstack.sim.Simulator;
import io.evstack.sim.charger.ChargerSnapshot;
import io.evstack.sim.charger.SimulatedCharger;
import io.evstack.sim.model.EvModels;
import io.evstack.sim.model.Vehicle;
import io.evstack.sim.ocpp.OcppProtocol;
import io.evstack.sim.scenario.ChargerGroup;
import io.evstack.sim.scenario.Scenario;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CSMS → station operations of OCPP 2.0.1 that a simulated station answers as firmware does, sent through the
 * operator API of a real stack: the local list (D01/D02) that then authorizes a card offline, UnlockConnector
 * (F05) and GetTransactionStatus (E14) during and after a transaction, a reservation (H01/H02) the stack sees as a
 * Reserved EVSE, one that expires and one used by its card (H03), ClearCache (C11), a report (B07), certificates (M03-M05), firmware (L01)
 * and log (N01) uploads; and those a station answers with reports of its own, which the stack keeps: charging
 * profiles (K09), variable monitors (N02-N07, NotifyEvent when the EVSE's power crosses a threshold), display
 * messages (O01-O05), customer information (N09/N10), firmware published to other stations (L03/L04), the running
 * cost (I02), and a local list longer than the station takes in one message (D01, ItemsPerMessage).
 */
class SimOcpp201OperationsTest {
    private static final String ID = "S2OP-001";
    private static final String OPS = "/api/v1/charge-points/" + ID + "/operations201/";

    /** A self-signed P-256 root made with openssl for these tests (valid until 2126). */
    private static final String ROOT = """
            -----BEGIN CERTIFICATE-----
            MIIBszCCAVmgAwIBAgIUd8FbSbZHhfnXsWOHyBOhq++7Z4YwCgYIKoZIzj0EAwIw
            LjEaMBgGA1UEAwwRRVZzdGFjayBUZXN0IFJvb3QxEDAOBgNVBAoMB0VWc3RhY2sw
            IBcNMjYxMTI0MTQwNzQzWhgPMjEyNjEwMzExNDA3NDNaMC4xGjAYBgNVBAMMEUVW
            c3RhY2sgVGVzdCBSb290MRAwDgYDVQQKDAdFVnN0YWNrMFkwEwYHKoZIzj0CAQYI
            KoZIzj0DAQcDQgAEpgtSTokX2Vt/iHk8/ZypZBgcDVHBD2lFWC0PhSgs2LHt+Zf1
            BcbVaOYbMkVXLgr/989lSZWmDkV2oqFVZ3VsUKNTMFEwHQYDVR0OBBYEFIxYYUDr
            91sTwl3gIQzxsDQ6V16JMB8GA1UdIwQYMBaAFIxYYUDr91sTwl3gIQzxsDQ6V16J
            MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgGNI5TyZF5QqaMooA
            zA0v4RSmeJ9gXJWVbYTZt28ve98CIQDsShdfIAv2xbtxgbV37fipPHXyZ6TDk1W3
            4wog6FT7eg==
            -----END CERTIFICATE-----
            """;

    private static ChargerSnapshot.Connector connector(SimulatedCharger c) throws Exception {
        return c.snapshot().get(5, TimeUnit.SECONDS).connector(1);
    }

    private static JsonNode op(Stack stack, String action, String body) throws Exception {
        return api(stack, "POST", OPS + action, body);
    }

    private static String entry(String token) {
        return "{\"idToken\":{\"idToken\":\"" + token + "\",\"type\":\"ISO14443\"},\"idTokenInfo\":{\"status\":\"Accepted\"}}";
    }

    /** The payloads of what the station reported (NotifyEvent, Report*, Notify*...) of one kind, oldest first. */
    private static List<JsonNode> reports(Database db, String kind) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String payload : db.dsl().select(STATION_REPORT.PAYLOAD).from(STATION_REPORT).where(STATION_REPORT.KIND.eq(kind))
                .orderBy(STATION_REPORT.ID).fetch().getValues(0, String.class)) {
            out.add(TestCharger.JSON.readTree(payload));
        }
        return out;
    }

    private static List<JsonNode> reports(Database db, String kind, int requestId) throws Exception {
        return reports(db, kind).stream().filter(r -> r.path("requestId").asInt() == requestId).toList();
    }

    /** The events of NotifyEvent messages for one monitor. */
    private static List<JsonNode> events(Database db, int monitorId) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode notify : reports(db, "NotifyEvent")) {
            notify.path("eventData").forEach(e -> {
                if (e.path("variableMonitoringId").asInt() == monitorId) {
                    out.add(e);
                }
            });
        }
        return out;
    }

    /** The SendLocalList CALLs the stack sent, as logged. */
    private static List<JsonNode> sentLocalLists(Stack stack, Database db) throws Exception {
        stack.messageLog().flush();
        List<JsonNode> out = new ArrayList<>();
        for (String frame : db.dsl().select(OCPP_MESSAGE_LOG.FRAME).from(OCPP_MESSAGE_LOG)
                .where(OCPP_MESSAGE_LOG.DIRECTION.eq("OUT")).orderBy(OCPP_MESSAGE_LOG.ID).fetch().getValues(0, String.class)) {
            JsonNode f = TestCharger.JSON.readTree(frame);
            if (f.path(0).asInt() == 2 && "SendLocalList".equals(f.path(2).asText())) {
                out.add(f.get(3));
            }
        }
        return out;
    }

    private static String profile(String purpose, int stackLevel, String kind, double limitA) {
        return "{\"id\":0,\"stackLevel\":" + stackLevel + ",\"chargingProfilePurpose\":\"" + purpose
                + "\",\"chargingProfileKind\":\"" + kind + "\",\"chargingSchedule\":[{\"id\":1,"
                + (kind.equals("Absolute") ? "\"startSchedule\":\"" + Instant.now().minusSeconds(60) + "\"," : "")
                + "\"chargingRateUnit\":\"A\",\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":" + limitA + "}]}]}";
    }

    private static String monitor(String component, Integer evse, String variable, String type, double value, int severity) {
        return "{\"value\":" + value + ",\"type\":\"" + type + "\",\"severity\":" + severity + ",\"component\":{\"name\":\""
                + component + "\"" + (evse == null ? "" : ",\"evse\":{\"id\":" + evse + "}") + "},\"variable\":{\"name\":\""
                + variable + "\"}}";
    }

    private static String message(int id, String priority, String format, String content, String transactionId) {
        return "{\"message\":{\"id\":" + id + ",\"priority\":\"" + priority + "\","
                + (transactionId == null ? "" : "\"transactionId\":\"" + transactionId + "\",")
                + "\"message\":{\"format\":\"" + format + "\",\"content\":\"" + content + "\"}}}";
    }

    private static List<Integer> messageIds(JsonNode notifyDisplayMessages) {
        List<Integer> ids = new ArrayList<>();
        notifyDisplayMessages.path("messageInfo").forEach(m -> ids.add(m.path("id").asInt()));
        return ids;
    }

    private static String stackEvseStatus(Stack stack) throws Exception {
        JsonNode connectors = api(stack, "GET", "/api/v1/charge-points/" + ID + "/evse-connectors", null);
        for (JsonNode c : connectors) {
            if (c.path("evseId").asInt() == 1) {
                return c.path("status").asText();
            }
        }
        return null;
    }

    private static String reservationStatus(Database db, long id) {
        return db.dsl().select(RESERVATION.STATUS).from(RESERVATION).where(RESERVATION.ID.eq(id)).fetchOne().value1();
    }

    private static List<String> statusLog(Database db, String kind) {
        return db.dsl().select(STATUS_NOTIFICATION_LOG.STATUS).from(STATUS_NOTIFICATION_LOG)
                .where(STATUS_NOTIFICATION_LOG.KIND.eq(kind)).orderBy(STATUS_NOTIFICATION_LOG.ID).fetch().getValues(0, String.class);
    }

    /** What a test does with the stack and its one simulated 2.0.1 station, booted and Available. */
    private interface StationTest {
        void run(Stack stack, Simulation sim, SimulatedCharger charger) throws Exception;
    }

    /** A stack knowing the cards CARD-A, CARD-B and CARD-X, and one simulated 2.0.1 AC station (ID) at x30. */
    private static void withStation(Database db, StationTest test) throws Exception {
        TestDatabases.reset(db);
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT)) {
            for (String card : List.of("CARD-A", "CARD-B", "CARD-X")) {
                stack.authorization().create(card, null, null, false, 0, "driver card");
            }
            Scenario scenario = new Scenario("s2op", 30, null,
                    List.of(new ChargerGroup("ac-11", 1, "S2OP-", null, OcppProtocol.OCPP201)), null, List.of(), null);
            try (Simulation sim = Simulator.start(scenario, URI.create("ws://127.0.0.1:" + stack.ocppPort() + "/ocpp"))) {
                SimulatedCharger charger = sim.charger(ID).orElseThrow();
                await().atMost(Duration.ofSeconds(20)).until(() -> charger.snapshot().get(5, TimeUnit.SECONDS)
                        .registration() == ChargerSnapshot.Registration.ACCEPTED && "Available".equals(connector(charger).status()));
                test.run(stack, sim, charger);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void simulatedStationAnswersTheCsmsOperations(Database db) throws Exception {
        withStation(db, (stack, sim, charger) -> {

            // D02: no list yet; D01: Full, then a Differential with a newer version; the stack records each version
            assertThat(op(stack, "GetLocalListVersion", "{}").get("versionNumber").asInt()).isZero();
            assertThat(op(stack, "SendLocalList", "{\"versionNumber\":1,\"updateType\":\"Full\",\"localAuthorizationList\":["
                    + entry("CARD-A") + "]}").get("status").asText()).isEqualTo("Accepted");
            assertThat(stack.chargePoints().get(ID).localListVersion()).isEqualTo(1);
            assertThat(op(stack, "SendLocalList", "{\"versionNumber\":2,\"updateType\":\"Differential\","
                    + "\"localAuthorizationList\":[" + entry("CARD-B") + "]}").get("status").asText()).isEqualTo("Accepted");
            assertThat(op(stack, "GetLocalListVersion", "{}").get("versionNumber").asInt()).isEqualTo(2);
            assertThat(stack.chargePoints().get(ID).localListVersion()).isEqualTo(2);

            // offline, the list decides: CARD-X (known to the CSMS, not on the list) is refused, CARD-B starts
            charger.goOffline();
            await().atMost(Duration.ofSeconds(10)).until(() -> !charger.snapshot().get(5, TimeUnit.SECONDS).connected());
            Instant now = sim.clock().now();
            charger.plugIn(1, new Vehicle("car", EvModels.get("midsize-60"), 0.2, 0.9, now, now.plus(Duration.ofHours(8)),
                    null));
            // offline authorization is decided on the charger's loop at once: the snapshot, taken after, sees it
            charger.presentIdTag(1, "CARD-X");
            assertThat(connector(charger).inTransaction()).as("CARD-X is not on the local list").isFalse();
            charger.presentIdTag(1, "CARD-B");
            await().atMost(Duration.ofSeconds(10)).until(() -> connector(charger).inTransaction());
            charger.goOnline();
            await().atMost(Duration.ofSeconds(20)).until(() -> stack.transactions()
                    .list(new TransactionFilter(ID, null, null, null, null, 0, 10)).stream().anyMatch(Transaction::active));
            Transaction tx = stack.transactions().list(new TransactionFilter(ID, null, null, null, null, 0, 10)).getFirst();
            assertThat(tx.idTag()).isEqualTo("CARD-B");
            String txId = db.dsl().select(CHARGE_TRANSACTION.CHARGER_TRANSACTION_ID).from(CHARGE_TRANSACTION)
                    .where(CHARGE_TRANSACTION.ID.eq(tx.id())).fetchOne().value1();

            // F05: the cable of a running transaction stays locked; E14: it is ongoing, its messages delivered
            assertThat(op(stack, "UnlockConnector", "{\"evseId\":1,\"connectorId\":1}").get("status").asText())
                    .isEqualTo("OngoingAuthorizedTransaction");
            await().atMost(Duration.ofSeconds(10)).until(() -> charger.snapshot().get(5, TimeUnit.SECONDS)
                    .queuedTransactionMessages() == 0);
            JsonNode status = op(stack, "GetTransactionStatus", "{\"transactionId\":\"" + txId + "\"}");
            assertThat(status.get("ongoingIndicator").asBoolean()).isTrue();
            assertThat(status.get("messagesInQueue").asBoolean()).isFalse();
            JsonNode unknown = op(stack, "GetTransactionStatus", "{\"transactionId\":\"NO-SUCH-TX\"}");
            assertThat(unknown.get("ongoingIndicator").asBoolean()).isFalse();

            // the driver leaves; the transaction is over for the station and for the stack
            charger.leave(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> stack.transactions()
                    .list(new TransactionFilter(ID, null, null, null, null, 0, 10)).stream().noneMatch(Transaction::active));
            await().atMost(Duration.ofSeconds(20)).until(() -> "Available".equals(connector(charger).status())
                    && "Available".equals(stackEvseStatus(stack)));
            assertThat(op(stack, "GetTransactionStatus", "{\"transactionId\":\"" + txId + "\"}")
                    .get("ongoingIndicator").asBoolean()).isFalse();
            assertThat(op(stack, "GetTransactionStatus", "{}").get("messagesInQueue").asBoolean()).isFalse();

            // H01: reserved for CARD-A: the station shows it and the stack sees the EVSE Reserved
            JsonNode reserved = op(stack, "ReserveNow", "{\"id\":0,\"evseId\":1,\"expiryDateTime\":\""
                    + Instant.now().plusSeconds(3600) + "\",\"idToken\":{\"idToken\":\"CARD-A\",\"type\":\"ISO14443\"}}");
            assertThat(reserved.get("status").asText()).isEqualTo("Accepted");
            long reservationId = db.dsl().select(RESERVATION.ID).from(RESERVATION).orderBy(RESERVATION.ID.desc())
                    .limit(1).fetchOne().value1();
            assertThat(reservationStatus(db, reservationId)).isEqualTo("Accepted");
            await().atMost(Duration.ofSeconds(10)).until(() -> "Reserved".equals(stackEvseStatus(stack)));
            assertThat(connector(charger).status()).isEqualTo("Reserved");
            // H02: cancelled, the EVSE is Available again; a second cancel finds nothing
            assertThat(op(stack, "CancelReservation", "{\"reservationId\":" + reservationId + "}").get("status").asText())
                    .isEqualTo("Accepted");
            assertThat(reservationStatus(db, reservationId)).isEqualTo("Cancelled");
            await().atMost(Duration.ofSeconds(10)).until(() -> "Available".equals(stackEvseStatus(stack)));
            assertThat(op(stack, "CancelReservation", "{\"reservationId\":" + reservationId + "}").get("status").asText())
                    .isEqualTo("Rejected");

            // H04: a reservation that runs out (2 minutes of simulated time, 4 s at x30): ReservationStatusUpdate
            // Expired. The simulated clock is ahead of the stack's, so the expiry is in the future for both.
            op(stack, "ReserveNow", "{\"id\":0,\"evseId\":1,\"expiryDateTime\":\"" + sim.clock().now().plusSeconds(120)
                    + "\",\"idToken\":{\"idToken\":\"CARD-A\",\"type\":\"ISO14443\"}}");
            long shortOne = db.dsl().select(RESERVATION.ID).from(RESERVATION).orderBy(RESERVATION.ID.desc())
                    .limit(1).fetchOne().value1();
            await().atMost(Duration.ofSeconds(10)).until(() -> "Reserved".equals(stackEvseStatus(stack)));
            await().atMost(Duration.ofSeconds(20)).until(() -> "Expired".equals(reservationStatus(db, shortOne))
                    && "Available".equals(stackEvseStatus(stack)));

            // F05 with no transaction, and on an EVSE the station does not have
            assertThat(op(stack, "UnlockConnector", "{\"evseId\":1,\"connectorId\":1}").get("status").asText())
                    .isEqualTo("Unlocked");
            assertThat(op(stack, "UnlockConnector", "{\"evseId\":7,\"connectorId\":1}").get("status").asText())
                    .isEqualTo("UnknownConnector");
            // C11, P01
            assertThat(op(stack, "ClearCache", "{}").get("status").asText()).isEqualTo("Accepted");
            assertThat(op(stack, "DataTransfer", "{\"vendorId\":\"SomeoneElse\",\"messageId\":\"x\"}").get("status")
                    .asText()).isEqualTo("UnknownVendorId");

            // B07: the station's variables reach the stack's device model
            assertThat(op(stack, "GetBaseReport", "{\"requestId\":11,\"reportBase\":\"FullInventory\"}").get("status")
                    .asText()).isEqualTo("Accepted");
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                for (JsonNode v : api(stack, "GET", "/api/v1/charge-points/" + ID + "/device-model", null)) {
                    if (v.path("component").asText().equals("OCPPCommCtrlr") && v.path("variable").asText().equals("HeartbeatInterval")) {
                        return !v.path("value").asText().isEmpty();
                    }
                }
                return false;
            });

            // M05, M03, M04: the station keeps the root it is given, lists it by hash data and deletes it
            String install = TestCharger.JSON.createObjectNode().put("certificateType", "CSMSRootCertificate")
                    .put("certificate", ROOT).toString();
            assertThat(op(stack, "InstallCertificate", install).get("status").asText()).isEqualTo("Accepted");
            JsonNode ids = op(stack, "GetInstalledCertificateIds", "{\"certificateType\":[\"CSMSRootCertificate\"]}");
            assertThat(ids.get("status").asText()).isEqualTo("Accepted");
            assertThat(ids.at("/certificateHashDataChain/0/certificateHashData/serialNumber").asText())
                    .isEqualTo("77c15b49b64785f9d7b16387c813a1abefbb6786");
            assertThat(api(stack, "GET", "/api/v1/charge-points/" + ID + "/reports?kind=InstalledCertificateIds", null))
                    .isNotEmpty();
            var delete = TestCharger.JSON.createObjectNode();
            delete.set("certificateHashData", ids.at("/certificateHashDataChain/0/certificateHashData"));
            assertThat(op(stack, "DeleteCertificate", delete.toString()).get("status").asText()).isEqualTo("Accepted");
            assertThat(op(stack, "GetInstalledCertificateIds", "{}").get("status").asText()).isEqualTo("NotFound");

            // L01 and N01: the status notifications follow in order (seconds of simulated time)
            assertThat(op(stack, "UpdateFirmware", "{\"requestId\":21,\"firmware\":{\"location\":"
                    + "\"https://firmware.example.com/ac/2.1.0\",\"retrieveDateTime\":\"" + Instant.now() + "\"}}")
                    .get("status").asText()).isEqualTo("Accepted");
            JsonNode log = op(stack, "GetLog", "{\"logType\":\"DiagnosticsLog\",\"requestId\":22,"
                    + "\"log\":{\"remoteLocation\":\"https://logs.example.com/upload\"}}");
            assertThat(log.get("status").asText()).isEqualTo("Accepted");
            assertThat(log.get("filename").asText()).contains(ID);
            await().atMost(Duration.ofSeconds(15)).until(() -> statusLog(db, "SignedFirmware").contains("Installed")
                    && statusLog(db, "Log").contains("Uploaded"));
            assertThat(statusLog(db, "SignedFirmware")).containsExactly("Downloading", "Downloaded", "Installing", "Installed");
            assertThat(statusLog(db, "Log")).containsExactly("Uploading", "Uploaded");
            // F06: asked again when nothing is under way, the station says Idle
            assertThat(op(stack, "TriggerMessage", "{\"requestedMessage\":\"FirmwareStatusNotification\"}")
                    .get("status").asText()).isEqualTo("Accepted");
            await().atMost(Duration.ofSeconds(10)).until(() -> statusLog(db, "SignedFirmware").contains("Idle"));

            // H03: the reserving card starts on its reserved EVSE; the Started event names the reservation, which
            // the stack marks Used by that transaction
            op(stack, "ReserveNow", "{\"id\":0,\"evseId\":1,\"expiryDateTime\":\"" + sim.clock().now().plusSeconds(3600)
                    + "\",\"idToken\":{\"idToken\":\"CARD-A\",\"type\":\"ISO14443\"}}");
            long used = db.dsl().select(RESERVATION.ID).from(RESERVATION).orderBy(RESERVATION.ID.desc())
                    .limit(1).fetchOne().value1();
            assertThat(op(stack, "RequestStartTransaction", "{\"remoteStartId\":5,\"evseId\":1,"
                    + "\"idToken\":{\"idToken\":\"CARD-A\",\"type\":\"ISO14443\"}}").get("status").asText())
                    .isEqualTo("Accepted");
            await().atMost(Duration.ofSeconds(20)).until(() -> "Used".equals(reservationStatus(db, used)));
            Transaction reservedTx = stack.transactions().list(new TransactionFilter(ID, null, null, null, null, 0, 10))
                    .stream().filter(Transaction::active).findFirst().orElseThrow();
            assertThat(reservedTx.idTag()).isEqualTo("CARD-A");
            assertThat(db.dsl().select(RESERVATION.TRANSACTION_PK).from(RESERVATION).where(RESERVATION.ID.eq(used))
                    .fetchOne().value1()).isEqualTo(reservedTx.id());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void simulatedStationReportsProfilesMonitorsMessagesAndCustomers(Database db) throws Exception {
        withStation(db, (stack, sim, charger) -> {
            stack.authorization().create("APP-1", null, null, false, 0, "app user");
            // K01: a station cap on 0 and a default of 16 A on EVSE 1 (the car still draws far more than 1 kW)
            assertThat(op(stack, "SetChargingProfile", "{\"evseId\":0,\"chargingProfile\":"
                    + profile("ChargingStationMaxProfile", 0, "Absolute", 32) + "}").get("status").asText()).isEqualTo("Accepted");
            assertThat(op(stack, "SetChargingProfile", "{\"evseId\":1,\"chargingProfile\":"
                    + profile("TxDefaultProfile", 1, "Relative", 16) + "}").get("status").asText()).isEqualTo("Accepted");

            // N04: a threshold and a delta monitor on EVSE 1's power; what the station cannot monitor is refused
            JsonNode set = op(stack, "SetVariableMonitoring", "{\"setMonitoringData\":["
                    + monitor("EVSE", 1, "Power", "UpperThreshold", 1000, 5) + ","
                    + monitor("EVSE", 1, "Power", "Delta", 50000, 8) + ","
                    + monitor("EVSE", 1, "Power", "Periodic", 60, 8) + ","
                    + monitor("OCPPCommCtrlr", null, "HeartbeatInterval", "UpperThreshold", 10, 8) + ","
                    + monitor("EVSE", 9, "Power", "UpperThreshold", 10, 8) + "]}");
            List<String> statuses = new ArrayList<>();
            set.get("setMonitoringResult").forEach(r -> statuses.add(r.get("status").asText()));
            assertThat(statuses).containsExactly("Accepted", "Accepted", "UnsupportedMonitorType", "Rejected", "UnknownComponent");
            int upper = set.at("/setMonitoringResult/0/id").asInt();
            int delta = set.at("/setMonitoringResult/1/id").asInt();
            assertThat(op(stack, "SetVariableMonitoring", "{\"setMonitoringData\":["
                    + monitor("EVSE", 1, "Power", "UpperThreshold", 2000, 5) + "]}").at("/setMonitoringResult/0/status").asText())
                    .isEqualTo("Duplicate");

            // an app user starts remotely; the station names the token with the type the CSMS gave it
            assertThat(op(stack, "RequestStartTransaction", "{\"remoteStartId\":7,\"evseId\":1,"
                    + "\"idToken\":{\"idToken\":\"APP-1\",\"type\":\"Central\"}}").get("status").asText()).isEqualTo("Accepted");
            await().atMost(Duration.ofSeconds(20)).until(() -> stack.transactions()
                    .list(new TransactionFilter(ID, null, null, null, null, 0, 10)).stream().anyMatch(Transaction::active));
            Transaction tx = stack.transactions().list(new TransactionFilter(ID, null, null, null, null, 0, 10)).getFirst();
            String txId = db.dsl().select(CHARGE_TRANSACTION.CHARGER_TRANSACTION_ID).from(CHARGE_TRANSACTION)
                    .where(CHARGE_TRANSACTION.ID.eq(tx.id())).fetchOne().value1();

            // N07: the car draws more than 1 kW: the threshold monitor alerts, naming the transaction
            await().atMost(Duration.ofSeconds(20)).until(() -> !events(db, upper).isEmpty());
            JsonNode alert = events(db, upper).getFirst();
            assertThat(alert.get("trigger").asText()).isEqualTo("Alerting");
            assertThat(alert.path("cleared").asBoolean()).isFalse();
            assertThat(alert.get("transactionId").asText()).isEqualTo(txId);
            assertThat(alert.get("actualValue").asDouble()).isGreaterThan(1000);
            assertThat(alert.at("/component/evse/id").asInt()).isEqualTo(1);

            // I02: the running cost is taken (the answer has no fields) and shown
            assertThat(op(stack, "CostUpdated", "{\"totalCost\":2.5,\"transactionId\":\"" + txId + "\"}").size()).isZero();
            assertThat(connector(charger).totalCost()).isEqualTo(2.5);

            // K09: both profiles, one ReportChargingProfiles per EVSE, the last with tbc false; criteria that match none
            assertThat(op(stack, "GetChargingProfiles", "{\"requestId\":31,\"chargingProfile\":{}}").get("status").asText())
                    .isEqualTo("Accepted");
            await().atMost(Duration.ofSeconds(10)).until(() -> reports(db, "ReportChargingProfiles", 31).size() == 2);
            List<JsonNode> profiles = reports(db, "ReportChargingProfiles", 31);
            assertThat(profiles.get(0).get("evseId").asInt()).isZero();
            assertThat(profiles.get(0).get("tbc").asBoolean()).isTrue();
            assertThat(profiles.get(0).get("chargingLimitSource").asText()).isEqualTo("CSO");
            assertThat(profiles.get(0).at("/chargingProfile/0/chargingProfilePurpose").asText()).isEqualTo("ChargingStationMaxProfile");
            assertThat(profiles.get(1).get("evseId").asInt()).isEqualTo(1);
            assertThat(profiles.get(1).get("tbc").asBoolean()).isFalse();
            assertThat(profiles.get(1).at("/chargingProfile/0/chargingProfilePurpose").asText()).isEqualTo("TxDefaultProfile");
            assertThat(profiles.get(1).at("/chargingProfile/0/chargingSchedule/0/chargingSchedulePeriod/0/limit").asDouble())
                    .isEqualTo(16.0);
            assertThat(op(stack, "GetChargingProfiles", "{\"requestId\":32,\"evseId\":1,\"chargingProfile\":"
                    + "{\"chargingProfilePurpose\":\"ChargingStationMaxProfile\"}}").get("status").asText()).isEqualTo("NoProfiles");
            assertThat(op(stack, "GetChargingProfiles", "{\"requestId\":33,\"chargingProfile\":{\"chargingLimitSource\":[\"EMS\"]}}")
                    .get("status").asText()).isEqualTo("NoProfiles");

            // O01/O02: a general message and one for this transaction; an unknown transaction and HTML are refused
            assertThat(op(stack, "SetDisplayMessage", message(1, "NormalCycle", "UTF8", "Welcome", null)).get("status").asText())
                    .isEqualTo("Accepted");
            assertThat(op(stack, "SetDisplayMessage", message(2, "InFront", "ASCII", "Your price: 0.39 EUR/kWh", txId))
                    .get("status").asText()).isEqualTo("Accepted");
            assertThat(op(stack, "SetDisplayMessage", message(3, "InFront", "ASCII", "x", "NO-SUCH-TX")).get("status").asText())
                    .isEqualTo("UnknownTransaction");
            assertThat(op(stack, "SetDisplayMessage", message(4, "NormalCycle", "HTML", "<b>x</b>", null)).get("status").asText())
                    .isEqualTo("NotSupportedMessageFormat");
            // O03
            assertThat(op(stack, "GetDisplayMessages", "{\"requestId\":51}").get("status").asText()).isEqualTo("Accepted");
            await().atMost(Duration.ofSeconds(10)).until(() -> reports(db, "NotifyDisplayMessages", 51).size() == 1);
            assertThat(messageIds(reports(db, "NotifyDisplayMessages", 51).getFirst())).containsExactly(1, 2);

            // N02: the monitors set; none of a kind the station does not have
            assertThat(op(stack, "GetMonitoringReport", "{\"requestId\":41}").get("status").asText()).isEqualTo("Accepted");
            await().atMost(Duration.ofSeconds(10)).until(() -> reports(db, "NotifyMonitoringReport", 41).size() == 1);
            List<Integer> monitorIds = new ArrayList<>();
            reports(db, "NotifyMonitoringReport", 41).getFirst().at("/monitor/0/variableMonitoring")
                    .forEach(m -> monitorIds.add(m.get("id").asInt()));
            assertThat(monitorIds).containsExactly(upper, delta);
            assertThat(op(stack, "GetMonitoringReport", "{\"requestId\":42,\"monitoringCriteria\":[\"PeriodicMonitoring\"]}")
                    .get("status").asText()).isEqualTo("EmptyResultSet");

            // N09: what the station holds about the app user: the running transaction
            assertThat(op(stack, "CustomerInformation", "{\"requestId\":61,\"report\":true,\"clear\":false,"
                    + "\"idToken\":{\"idToken\":\"APP-1\",\"type\":\"Central\"}}").get("status").asText()).isEqualTo("Accepted");
            await().atMost(Duration.ofSeconds(10)).until(() -> reports(db, "NotifyCustomerInformation", 61).size() == 1);
            assertThat(reports(db, "NotifyCustomerInformation", 61).getFirst().get("data").asText()).contains("transaction " + txId);

            // the transaction ends: the alert clears, and the transaction's message goes
            assertThat(op(stack, "RequestStopTransaction", "{\"transactionId\":\"" + txId + "\"}").get("status").asText())
                    .isEqualTo("Accepted");
            await().atMost(Duration.ofSeconds(20)).until(() -> events(db, upper).stream().anyMatch(e -> e.path("cleared").asBoolean()));
            assertThat(op(stack, "GetDisplayMessages", "{\"requestId\":52}").get("status").asText()).isEqualTo("Accepted");
            await().atMost(Duration.ofSeconds(10)).until(() -> reports(db, "NotifyDisplayMessages", 52).size() == 1);
            assertThat(messageIds(reports(db, "NotifyDisplayMessages", 52).getFirst())).containsExactly(1);
            // O05
            assertThat(op(stack, "ClearDisplayMessage", "{\"id\":1}").get("status").asText()).isEqualTo("Accepted");
            assertThat(op(stack, "ClearDisplayMessage", "{\"id\":1}").get("status").asText()).isEqualTo("Unknown");
            assertThat(op(stack, "GetDisplayMessages", "{\"requestId\":53}").get("status").asText()).isEqualTo("Unknown");
            // N06
            JsonNode cleared = op(stack, "ClearVariableMonitoring", "{\"id\":[" + upper + ",999]}");
            assertThat(cleared.at("/clearMonitoringResult/0/status").asText()).isEqualTo("Accepted");
            assertThat(cleared.at("/clearMonitoringResult/1/status").asText()).isEqualTo("NotFound");

            // N10: CARD-B is on the local list; reported and cleared, the station holds nothing of it any more
            op(stack, "SendLocalList", "{\"versionNumber\":1,\"updateType\":\"Full\",\"localAuthorizationList\":["
                    + entry("CARD-B") + "]}");
            assertThat(op(stack, "CustomerInformation", "{\"requestId\":62,\"report\":true,\"clear\":true,"
                    + "\"idToken\":{\"idToken\":\"CARD-B\",\"type\":\"ISO14443\"}}").get("status").asText()).isEqualTo("Accepted");
            await().atMost(Duration.ofSeconds(10)).until(() -> reports(db, "NotifyCustomerInformation", 62).size() == 1);
            assertThat(reports(db, "NotifyCustomerInformation", 62).getFirst().get("data").asText())
                    .contains("local list Accepted").contains("cleared idToken CARD-B");
            op(stack, "CustomerInformation", "{\"requestId\":63,\"report\":true,\"clear\":false,"
                    + "\"idToken\":{\"idToken\":\"CARD-B\",\"type\":\"ISO14443\"}}");
            await().atMost(Duration.ofSeconds(10)).until(() -> reports(db, "NotifyCustomerInformation", 63).size() == 1);
            assertThat(reports(db, "NotifyCustomerInformation", 63).getFirst().get("data").asText()).contains("no data held");

            // L03: downloaded, verified and published on the station's own server; L04: unpublished once
            String md5 = "0123456789abcdef0123456789abcdef";
            assertThat(op(stack, "UnpublishFirmware", "{\"checksum\":\"" + md5 + "\"}").get("status").asText()).isEqualTo("NoFirmware");
            assertThat(op(stack, "PublishFirmware", "{\"location\":\"https://firmware.example.com/ac/2.2.0.bin\",\"checksum\":\""
                    + md5 + "\",\"requestId\":71}").get("status").asText()).isEqualTo("Accepted");
            await().atMost(Duration.ofSeconds(15)).until(() -> reports(db, "PublishFirmwareStatusNotification", 71).stream()
                    .anyMatch(r -> r.get("status").asText().equals("Published")));
            List<JsonNode> publishing = reports(db, "PublishFirmwareStatusNotification", 71);
            assertThat(publishing.stream().map(r -> r.get("status").asText()).toList())
                    .containsExactly("Downloading", "Downloaded", "ChecksumVerified", "Published");
            assertThat(publishing.getLast().at("/location/0").asText()).startsWith("http://" + ID + ".local/firmware/" + md5);
            assertThat(op(stack, "UnpublishFirmware", "{\"checksum\":\"" + md5 + "\"}").get("status").asText()).isEqualTo("Unpublished");
            assertThat(op(stack, "UnpublishFirmware", "{\"checksum\":\"" + md5 + "\"}").get("status").asText()).isEqualTo("NoFirmware");
            op(stack, "PublishFirmware", "{\"location\":\"https://firmware.example.com/ac/bad.bin\",\"checksum\":\"not-an-md5\","
                    + "\"requestId\":72}");
            await().atMost(Duration.ofSeconds(15)).until(() -> reports(db, "PublishFirmwareStatusNotification", 72).stream()
                    .anyMatch(r -> r.get("status").asText().equals("InvalidChecksum")));

            // D01 and ItemsPerMessage (100 here): 250 cards go as a Full of 100 and two Differentials, versions 3, 4, 5
            String cards = String.join(",", IntStream.range(0, 250).mapToObj(i -> entry("T-" + i)).toList());
            assertThat(apiStatus(stack, "POST", OPS + "SendLocalList", "{\"versionNumber\":2,\"updateType\":\"Full\","
                    + "\"localAuthorizationList\":[" + cards + "]}")).as("3 messages need 3 versions").isEqualTo(400);
            int before = sentLocalLists(stack, db).size();
            assertThat(op(stack, "SendLocalList", "{\"versionNumber\":5,\"updateType\":\"Full\",\"localAuthorizationList\":["
                    + cards + "]}").get("status").asText()).isEqualTo("Accepted");
            assertThat(stack.chargePoints().get(ID).localListVersion()).isEqualTo(5);
            assertThat(op(stack, "GetLocalListVersion", "{}").get("versionNumber").asInt()).isEqualTo(5);
            await().atMost(Duration.ofSeconds(10)).until(() -> sentLocalLists(stack, db).size() == before + 3);
            List<JsonNode> parts = sentLocalLists(stack, db).subList(before, before + 3);
            assertThat(parts.stream().map(p -> p.get("updateType").asText() + " " + p.get("versionNumber").asInt() + " "
                    + p.get("localAuthorizationList").size()).toList())
                    .containsExactly("Full 3 100", "Differential 4 100", "Differential 5 50");
            op(stack, "CustomerInformation", "{\"requestId\":64,\"report\":true,\"clear\":false,"
                    + "\"idToken\":{\"idToken\":\"T-249\",\"type\":\"ISO14443\"}}");
            await().atMost(Duration.ofSeconds(10)).until(() -> reports(db, "NotifyCustomerInformation", 64).size() == 1);
            assertThat(reports(db, "NotifyCustomerInformation", 64).getFirst().get("data").asText()).contains("local list Accepted");

            // D01: a station out of step (the stack thinks it holds version 1, it holds 5) answers VersionMismatch to a
            // Differential; the stack asks its version and sends its whole list as version 6: APP-1 with the type the
            // station reported for it (Central), the cards as ISO14443
            db.dsl().update(CHARGE_POINT).set(CHARGE_POINT.LOCAL_LIST_VERSION, 1).where(CHARGE_POINT.CHARGE_POINT_ID.eq(ID)).execute();
            int beforeFull = sentLocalLists(stack, db).size();
            assertThat(op(stack, "SendLocalList", "{\"versionNumber\":2,\"updateType\":\"Differential\","
                    + "\"localAuthorizationList\":[" + entry("CARD-A") + "]}").get("status").asText()).isEqualTo("Accepted");
            assertThat(stack.chargePoints().get(ID).localListVersion()).isEqualTo(6);
            await().atMost(Duration.ofSeconds(10)).until(() -> sentLocalLists(stack, db).size() == beforeFull + 2);
            JsonNode full = sentLocalLists(stack, db).getLast();
            assertThat(full.get("updateType").asText()).isEqualTo("Full");
            List<String> tokens = new ArrayList<>();
            full.get("localAuthorizationList").forEach(e -> tokens.add(e.at("/idToken/idToken").asText() + ":"
                    + e.at("/idToken/type").asText()));
            assertThat(tokens).contains("APP-1:Central", "CARD-X:ISO14443");
        });
    }
}
