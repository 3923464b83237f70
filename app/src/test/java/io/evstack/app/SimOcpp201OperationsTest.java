package io.evstack.app;

import static io.evstack.app.Ocpp201ProvisioningTest.api;
import static io.evstack.db.generated.Tables.CHARGE_TRANSACTION;
import static io.evstack.db.generated.Tables.RESERVATION;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CSMS → station operations of OCPP 2.0.1 that a simulated station answers as firmware does, sent through the
 * operator API of a real stack: the local list (D01/D02) that then authorizes a card offline, UnlockConnector
 * (F05) and GetTransactionStatus (E14) during and after a transaction, a reservation (H01/H02) the stack sees as a
 * Reserved EVSE, one that expires and one used by its card (H03), ClearCache (C11), a report (B07), certificates (M03-M05), firmware (L01)
 * and log (N01) uploads.
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void simulatedStationAnswersTheCsmsOperations(Database db) throws Exception {
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
            }
        }
    }
}
