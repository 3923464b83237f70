package io.evstack.app;

import static io.evstack.app.Ocpp16TransactionFlowTest.boot;
import static io.evstack.app.TestCharger.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.messagelog.LoggedFrame;
import io.evstack.db.Database;
import io.evstack.db.TestDatabases;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Who may connect and what a charger is told before and after the operator accepts it. */
class Ocpp16RegistrationAndSecurityTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void unknownChargerWaitsPendingUntilTheOperatorAcceptsIt(Database db) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.PENDING);
                TestCharger charger = TestCharger.connect(stack.ocppPort(), "NEW-1", null)) {
            JsonNode first = charger.call("BootNotification", boot());
            assertThat(first.get("status").asText()).isEqualTo("Pending");
            assertThat(first.get("interval").asInt()).isEqualTo(60);
            // Section 4.2.1: nothing but BootNotification until accepted.
            JsonNode refused = charger.callFrame("Heartbeat", obj());
            assertThat(refused.get(0).asInt()).isEqualTo(4);
            assertThat(refused.get(2).asText()).isEqualTo("SecurityError");

            stack.chargePoints().update("NEW-1", null, RegistrationStatus.Accepted, null, null);
            assertThat(charger.call("BootNotification", boot()).get("status").asText()).isEqualTo("Accepted");
            assertThat(charger.call("Heartbeat", obj()).get("currentTime").asText()).isNotBlank();
        }
    }

    @Test
    void rejectPolicyRejectsUnknownChargers() throws Exception {
        try (Database db = TestDatabases.h2();
                Stack stack = TestStacks.start(db, UnknownChargerPolicy.REJECT);
                TestCharger charger = TestCharger.connect(stack.ocppPort(), "STRANGER", null)) {
            assertThat(charger.call("BootNotification", boot()).get("status").asText()).isEqualTo("Rejected");
        }
    }

    @Test
    void securityProfileOneNeedsTheRightPasswordBeforeTheUpgrade() throws Exception {
        try (Database db = TestDatabases.h2(); Stack stack = TestStacks.start(db, UnknownChargerPolicy.REJECT)) {
            var registration = stack.chargePoints().register("SECURE-1", "depot bay 1", RegistrationStatus.Accepted, 1, null);
            String password = registration.password();
            assertThat(password).hasSizeGreaterThanOrEqualTo(16);
            assertThat(stack.chargePoints().get("SECURE-1").hasPassword()).isTrue();

            try (TestCharger none = TestCharger.connect(stack.ocppPort(), "SECURE-1", null)) {
                assertThat(none.isOpen()).isFalse();
            }
            try (TestCharger wrong = TestCharger.connect(stack.ocppPort(), "SECURE-1", "not-the-password-at-all")) {
                assertThat(wrong.isOpen()).isFalse();
            }
            try (TestCharger right = TestCharger.connect(stack.ocppPort(), "SECURE-1", password)) {
                assertThat(right.isOpen()).isTrue();
                assertThat(right.call("BootNotification", boot()).get("status").asText()).isEqualTo("Accepted");
            }
        }
    }

    @Test
    void unsupportedSubprotocolIsRefusedAndAnyPathPrefixWorks() throws Exception {
        try (Database db = TestDatabases.h2(); Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT)) {
            try (TestCharger old = TestCharger.connect(stack.ocppPort(), "/ocpp/OLD-1", "OLD-1", null, List.of("ocpp1.5"))) {
                assertThat(old.isOpen()).isFalse();
            }
            try (TestCharger prefixed = TestCharger.connect(stack.ocppPort(), "/steve/websocket/CentralSystemService/PFX-1",
                    "PFX-1", null, List.of("ocpp1.6"))) {
                assertThat(prefixed.isOpen()).isTrue();
                prefixed.call("BootNotification", boot());
                assertThat(stack.chargePoints().find("PFX-1")).isPresent();
            }
        }
    }

    @Test
    void badInputGetsTheSpecifiedCallErrorAndTheConnectionLivesOn() throws Exception {
        try (Database db = TestDatabases.h2();
                Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT);
                TestCharger charger = TestCharger.connect(stack.ocppPort(), "BAD-1", null)) {
            charger.call("BootNotification", boot());
            JsonNode missing = charger.sendRaw("m1", "[2,\"m1\",\"StartTransaction\",{\"connectorId\":1,\"meterStart\":0,\"timestamp\":\"2026-01-01T00:00:00Z\"}]");
            assertThat(missing.get(2).asText()).isEqualTo("OccurenceConstraintViolation");
            JsonNode wrongType = charger.sendRaw("m2", "[2,\"m2\",\"Heartbeat\",{\"x\":1}]");
            assertThat(wrongType.get(2).asText()).isEqualTo("FormationViolation");
            JsonNode unknown = charger.sendRaw("m3", "[2,\"m3\",\"MakeCoffee\",{}]");
            assertThat(unknown.get(2).asText()).isEqualTo("NotImplemented");
            JsonNode badEnum = charger.sendRaw("m4", "[2,\"m4\",\"StatusNotification\",{\"connectorId\":1,\"status\":\"Sleeping\",\"errorCode\":\"NoError\"}]");
            assertThat(badEnum.get(2).asText()).isEqualTo("PropertyConstraintViolation");
            charger.sendText("this is not json");
            assertThat(charger.call("Heartbeat", obj()).get("currentTime").asText()).isNotBlank();
            JsonNode vendor = charger.call("DataTransfer", obj().put("vendorId", "com.unknown").put("messageId", "x"));
            assertThat(vendor.get("status").asText()).isEqualTo("UnknownVendorId");
        }
    }

    @Test
    void everyFrameIsLoggedWithSecretsMasked() throws Exception {
        try (Database db = TestDatabases.h2();
                Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT);
                TestCharger charger = TestCharger.connect(stack.ocppPort(), "LOG-1", null)) {
            charger.call("BootNotification", boot());
            charger.answer("ChangeConfiguration", req -> obj().put("status", "Accepted"));
            var req = new io.evstack.ocpp.v16.ChangeConfiguration().withKey("AuthorizationKey").withValue("0123456789abcdef0123");
            var answer = stack.operations().changeConfiguration("LOG-1", req).get();
            assertThat(answer.getStatus().value()).isEqualTo("Accepted");
            stack.messageLog().flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> stack.messageLog().recent("LOG-1", null, 10).size() >= 4);
            List<LoggedFrame> frames = stack.messageLog().recent("LOG-1", null, 10);
            assertThat(frames).extracting(LoggedFrame::direction).contains("IN", "OUT");
            assertThat(frames).extracting(LoggedFrame::frame).anyMatch(f -> f.contains("BootNotification"));
            assertThat(frames).extracting(LoggedFrame::frame).noneMatch(f -> f.contains("0123456789abcdef0123"));
            // The new key is now the charger's Basic password.
            assertThat(stack.chargePoints().get("LOG-1").hasPassword()).isTrue();
        }
    }

    @Test
    void signCertificateIsCheckedSignedAndSentBackWithCertificateSigned() throws Exception {
        try (Database db = TestDatabases.h2();
                Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT);
                TestCharger charger = TestCharger.connect(stack.ocppPort(), "CERT-1", null)) {
            charger.call("BootNotification", boot());
            charger.answer("CertificateSigned", req -> obj().put("status", "Accepted"));
            JsonNode answer = charger.call("SignCertificate", obj().put("csr", Ocpp201OperationsTest.csr("CN=CERT-1,O=Depot")));
            assertThat(answer.get("status").asText()).isEqualTo("Accepted");
            JsonNode signed = charger.receivedCalls.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(signed.get(2).asText()).isEqualTo("CertificateSigned");
            String chain = signed.at("/3/certificateChain").asText();
            assertThat(chain).contains("BEGIN CERTIFICATE");
            var leaf = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(chain.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            assertThat(leaf.getSubjectX500Principal().getName()).contains("CN=CERT-1");
            // A CSR for another identity is refused: a charger may only get a certificate for itself.
            assertThat(charger.call("SignCertificate", obj().put("csr", Ocpp201OperationsTest.csr("CN=CERT-2")))
                    .get("status").asText()).isEqualTo("Rejected");
        }
    }
}
