package io.evstack.app;

import static io.evstack.app.Ocpp201ProvisioningTest.api;
import static io.evstack.app.Ocpp201ProvisioningTest.boot;
import static io.evstack.app.Ocpp201ProvisioningTest.connect201;
import static io.evstack.app.TestCharger.obj;
import static io.evstack.db.generated.Tables.CHARGING_PROFILE_ASSIGNMENT;
import static io.evstack.db.generated.Tables.EV_CHARGING_NEEDS;
import static io.evstack.db.generated.Tables.RESERVATION;
import static io.evstack.db.generated.Tables.SECURITY_EVENT;
import static io.evstack.db.generated.Tables.STATION_REPORT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.event.DomainEvent;
import io.evstack.db.Database;
import java.io.StringWriter;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** OCPP 2.0.1 blocks F, H, K, A and P against the real stack, through the operator API where it applies. */
class Ocpp201OperationsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void remoteStartReservationSmartChargingCertificatesAndDataTransfer(Database db) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT);
                TestCharger cs = connect201(stack, "CS201-O")) {
            List<DomainEvent> events = new CopyOnWriteArrayList<>();
            stack.events().subscribe(events::add);
            stack.authorization().create("APP-1", null, null, false, 1, null);
            cs.call("BootNotification", boot());
            var dsl = db.dsl();

            // F01 with a TxProfile: stored, sent under the CSMS's id, assigned to the EVSE.
            cs.answer("RequestStartTransaction", p -> obj().put("status", "Accepted"));
            JsonNode started = api(stack, "POST", "/api/v1/charge-points/CS201-O/operations201/RequestStartTransaction",
                    "{\"remoteStartId\":5,\"evseId\":1,\"idToken\":{\"idToken\":\"APP-1\",\"type\":\"Central\"},"
                            + "\"chargingProfile\":{\"id\":999,\"stackLevel\":0,\"chargingProfilePurpose\":\"TxProfile\","
                            + "\"chargingProfileKind\":\"Relative\",\"chargingSchedule\":[{\"id\":1,\"chargingRateUnit\":\"A\","
                            + "\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":16}]}]}}");
            assertThat(started.get("status").asText()).isEqualTo("Accepted");
            JsonNode sent = cs.receivedCalls.poll(5, TimeUnit.SECONDS);
            long profileId = sent.at("/3/chargingProfile/id").asLong();
            assertThat(profileId).isNotEqualTo(999);
            var assignment = dsl.selectFrom(CHARGING_PROFILE_ASSIGNMENT).fetchOne();
            assertThat(assignment.getChargingProfilePk()).isEqualTo(profileId);
            assertThat(assignment.getConnectorId()).isEqualTo(1);

            // F03, F05, F06, G03 reach the station and return its answer.
            cs.answer("RequestStopTransaction", p -> obj().put("status", "Accepted"));
            cs.answer("UnlockConnector", p -> obj().put("status", "Unlocked"));
            cs.answer("TriggerMessage", p -> obj().put("status", "Accepted"));
            cs.answer("ChangeAvailability", p -> obj().put("status", "Scheduled"));
            String base = "/api/v1/charge-points/CS201-O/operations201/";
            assertThat(api(stack, "POST", base + "RequestStopTransaction", "{\"transactionId\":\"TX-9\"}").get("status").asText())
                    .isEqualTo("Accepted");
            assertThat(api(stack, "POST", base + "UnlockConnector", "{\"evseId\":1,\"connectorId\":1}").get("status").asText())
                    .isEqualTo("Unlocked");
            assertThat(api(stack, "POST", base + "TriggerMessage", "{\"requestedMessage\":\"StatusNotification\"}")
                    .get("status").asText()).isEqualTo("Accepted");
            assertThat(api(stack, "POST", base + "ChangeAvailability", "{\"operationalStatus\":\"Inoperative\"}")
                    .get("status").asText()).isEqualTo("Scheduled");

            // H01 + H05: the reservation in the shared table, ended by the station.
            cs.answer("ReserveNow", p -> obj().put("status", "Accepted"));
            JsonNode reserved = api(stack, "POST", base + "ReserveNow", "{\"id\":0,\"evseId\":1,\"expiryDateTime\":\""
                    + Instant.now().plusSeconds(900) + "\",\"idToken\":{\"idToken\":\"APP-1\",\"type\":\"Central\"}}");
            assertThat(reserved.get("status").asText()).isEqualTo("Accepted");
            var reservation = dsl.selectFrom(RESERVATION).fetchOne();
            assertThat(reservation.getStatus()).isEqualTo("Accepted");
            assertThat(reservation.getConnectorId()).isEqualTo(1);
            assertThat(reservation.getIdTag()).isEqualTo("APP-1");
            cs.call("ReservationStatusUpdate", obj().put("reservationId", reservation.getId())
                    .put("reservationUpdateStatus", "Removed"));
            assertThat(dsl.selectFrom(RESERVATION).fetchOne().getStatus()).isEqualTo("Cancelled");

            // K: SetChargingProfile recorded; needs stored and handed on; limits kept as reports.
            cs.answer("SetChargingProfile", p -> obj().put("status", "Accepted"));
            assertThat(api(stack, "POST", base + "SetChargingProfile", "{\"evseId\":0,\"chargingProfile\":{\"id\":1,"
                    + "\"stackLevel\":1,\"chargingProfilePurpose\":\"ChargingStationMaxProfile\",\"chargingProfileKind\":"
                    + "\"Absolute\",\"chargingSchedule\":[{\"id\":1,\"startSchedule\":\"" + Instant.now() + "\","
                    + "\"chargingRateUnit\":\"W\",\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":50000}]}]}}")
                    .get("status").asText()).isEqualTo("Accepted");
            assertThat(dsl.fetchCount(CHARGING_PROFILE_ASSIGNMENT)).isEqualTo(2);
            JsonNode needs = cs.call("NotifyEVChargingNeeds", obj().put("evseId", 1).set("chargingNeeds", obj()
                    .put("requestedEnergyTransfer", "DC").put("departureTime", Instant.now().plusSeconds(7200).toString())
                    .set("dcChargingParameters", obj().put("evMaxCurrent", 300).put("evMaxVoltage", 800)
                            .put("energyAmount", 40000).put("evMaxPower", 150000).put("stateOfCharge", 20))));
            // K15: no site balances this station, so no schedule will follow
            assertThat(needs.get("status").asText()).isEqualTo("Rejected");
            var stored = dsl.selectFrom(EV_CHARGING_NEEDS).fetchOne();
            assertThat(stored.getEnergyAmountWh()).isEqualTo(40000);
            assertThat(stored.getEvMaxPower()).isEqualTo(150000);
            assertThat(stack.events().drain(Duration.ofSeconds(10))).isTrue();
            assertThat(events).anyMatch(e -> e instanceof DomainEvent.ChargingNeedsReceived n && n.energyAmountWh() == 40000);
            cs.call("NotifyChargingLimit", obj().put("evseId", 1).set("chargingLimit", obj().put("chargingLimitSource", "EMS")));
            cs.call("ClearedChargingLimit", obj().put("chargingLimitSource", "EMS"));
            assertThat(dsl.fetchCount(STATION_REPORT)).isEqualTo(2);

            // A: security events stored; a CSR signed by the local CA and sent back with CertificateSigned.
            cs.call("SecurityEventNotification", obj().put("type", "FirmwareUpdated").put("timestamp", Instant.now().toString()));
            assertThat(dsl.fetchCount(SECURITY_EVENT)).isEqualTo(1);
            cs.answer("CertificateSigned", p -> obj().put("status", "Accepted"));
            cs.receivedCalls.clear();
            assertThat(cs.call("SignCertificate", obj().put("csr", csr("CN=CS201-O,O=Acme"))).get("status").asText())
                    .isEqualTo("Accepted");
            JsonNode signed = cs.receivedCalls.poll(10, TimeUnit.SECONDS);
            assertThat(signed.get(2).asText()).isEqualTo("CertificateSigned");
            assertThat(signed.at("/3/certificateChain").asText()).contains("BEGIN CERTIFICATE");
            assertThat(cs.call("SignCertificate", obj().put("csr", csr("CN=SOMEONE-ELSE"))).get("status").asText())
                    .isEqualTo("Rejected");

            // P: unknown vendor.
            assertThat(cs.call("DataTransfer", obj().put("vendorId", "com.example")).get("status").asText())
                    .isEqualTo("UnknownVendorId");
            // A report kind listed through the API.
            assertThat(api(stack, "GET", "/api/v1/charge-points/CS201-O/reports?kind=NotifyChargingLimit", null)).hasSize(1);
        }
    }

    static String csr(String subject) throws Exception {
        var g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        var kp = g.generateKeyPair();
        var req = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), kp.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(req);
        }
        return w.toString();
    }
}
