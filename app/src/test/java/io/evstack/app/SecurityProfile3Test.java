package io.evstack.app;

import static io.evstack.app.TestCharger.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import io.evstack.db.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Security profile 3 over real TLS on loopback: chargers authenticate with client certificates whose CN is
 * their id (OCPP 2.0.1 part 2 A00, 1.6 Security Whitepaper section 2.4), the CA that signs them survives a
 * restart, and a charger raised to a higher profile cannot come back with a lower one (A05).
 */
class SecurityProfile3Test {
    private static final List<String> OCPP16 = List.of("ocpp1.6");
    private static final List<String> OCPP201 = List.of("ocpp2.0.1");

    @TempDir
    Path dir;

    /** Issues the OCPP endpoint's server certificate: what chargers must trust (CSMSRootCertificate). */
    private TestPki.Identity serverCa;
    private Path serverKeyStore;

    @BeforeEach
    void serverCertificate() throws Exception {
        serverCa = TestPki.ca("test CSMS server root");
        serverKeyStore = TestPki.keyStore(TestPki.issue(serverCa, "CN=localhost", true), dir.resolve("server.p12"));
    }

    private StackConfig tlsConfig(String clientAuth) {
        Map<String, String> settings = new HashMap<>();
        settings.put("STACK_TLS_KEYSTORE", serverKeyStore.toString());
        settings.put("STACK_TLS_KEYSTORE_PASSWORD", TestPki.PASSWORD);
        settings.put("STACK_TLS_CLIENT_AUTH", clientAuth);
        return TestStacks.config(UnknownChargerPolicy.REJECT, settings);
    }

    /** A key and a certificate for {@code id} from the stack's own CA, as its SignCertificate gives one. */
    private static TestPki.Identity certificateFromOurCa(Stack stack, String id) throws Exception {
        KeyPair key = TestPki.ecKey();
        String chain = stack.certificateAuthority().sign(id, TestPki.csr(key, "CN=" + id + ",O=Depot"));
        return new TestPki.Identity(key, TestPki.parseChain(chain));
    }

    private SSLContext presenting(TestPki.Identity client) throws Exception {
        return TestPki.clientContext(serverCa.certificate(), client);
    }

    private SSLContext noClientCertificate() throws Exception {
        return TestPki.clientContext(serverCa.certificate(), null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void chargersWithACertificateFromOurCaConnectWithSecurityProfile3(Database db) throws Exception {
        try (Stack stack = new Stack(tlsConfig("optional"), Clock.systemUTC(), db).start()) {
            stack.chargePoints().register("MTLS-16", null, RegistrationStatus.Accepted, 3, null);
            stack.chargePoints().register("MTLS-201", null, RegistrationStatus.Accepted, 3, null);

            try (TestCharger cp = TestCharger.connectTls(stack.ocppPort(), "MTLS-16", null, OCPP16,
                    presenting(certificateFromOurCa(stack, "MTLS-16")))) {
                assertThat(cp.isOpen()).as(cp.handshakeRefusal).isTrue();
                assertThat(cp.call("BootNotification", Ocpp16TransactionFlowTest.boot()).get("status").asText())
                        .isEqualTo("Accepted");
                assertThat(stack.ocppGateway().session("MTLS-16").orElseThrow().securityProfile()).isEqualTo(3);
            }
            try (TestCharger cs = TestCharger.connectTls(stack.ocppPort(), "MTLS-201", null, OCPP201,
                    presenting(certificateFromOurCa(stack, "MTLS-201")))) {
                assertThat(cs.isOpen()).as(cs.handshakeRefusal).isTrue();
                assertThat(cs.subprotocol()).isEqualTo("ocpp2.0.1");
                assertThat(cs.call("BootNotification", Ocpp201ProvisioningTest.boot()).get("status").asText())
                        .isEqualTo("Accepted");
                assertThat(stack.ocppGateway().session("MTLS-201").orElseThrow().securityProfile()).isEqualTo(3);
            }
        }
    }

    @Test
    void aCertificateIssuedToAnotherChargerIsRefused() throws Exception {
        try (Database db = TestDatabases.h2();
                Stack stack = new Stack(tlsConfig("optional"), Clock.systemUTC(), db).start()) {
            stack.chargePoints().register("MTLS-A", null, RegistrationStatus.Accepted, 3, null);
            // Valid and from our CA, but it names MTLS-B: it must not open MTLS-A's connection.
            try (TestCharger cp = TestCharger.connectTls(stack.ocppPort(), "MTLS-A", null, OCPP16,
                    presenting(certificateFromOurCa(stack, "MTLS-B")))) {
                assertThat(cp.isOpen()).isFalse();
                assertThat(cp.handshakeRefusal).contains("403");
            }
            assertThat(stack.ocppGateway().isConnected("MTLS-A")).isFalse();
            // The operator sees the attempt among MTLS-A's security events (recorded off the event loop).
            var events = RefusedHandshakeSecurityEventTest.waitFor(() -> Ocpp201ProvisioningTest.api(stack, "GET",
                    "/api/v1/charge-points/MTLS-A/security-events", null), e -> !e.isEmpty());
            assertThat(events.findValuesAsText("type")).containsExactly("FailedToAuthenticateAtCsms");
            assertThat(events.findValuesAsText("techInfo").getFirst()).contains("CN=MTLS-B").contains("not to this charger id");
        }
    }

    @Test
    void aCertificateFromAnIssuerWeDoNotTrustIsRefused() throws Exception {
        try (Database db = TestDatabases.h2();
                Stack stack = new Stack(tlsConfig("optional"), Clock.systemUTC(), db).start()) {
            stack.chargePoints().register("MTLS-X", null, RegistrationStatus.Accepted, 3, null);
            TestPki.Identity foreignCa = TestPki.ca("someone else's CA");
            TestPki.Identity forged = TestPki.issue(foreignCa, "CN=MTLS-X", false);
            try (TestCharger cp = TestCharger.connectTls(stack.ocppPort(), "MTLS-X", null, OCPP16, presenting(forged))) {
                assertThat(cp.isOpen()).isFalse();
            }
            assertThat(stack.ocppGateway().isConnected("MTLS-X")).isFalse();
            // Refused by TLS itself, not by the charger's registration: an id nobody registered (which the
            // handshake would let through to BootNotification) fares no better with that certificate.
            TestPki.Identity stranger = TestPki.issue(foreignCa, "CN=STRANGER-X", false);
            try (TestCharger cp = TestCharger.connectTls(stack.ocppPort(), "STRANGER-X", null, OCPP16, presenting(stranger))) {
                assertThat(cp.isOpen()).isFalse();
            }
        }
    }

    @Test
    void requireRefusesATlsChargerWithoutAClientCertificate() throws Exception {
        try (Database db = TestDatabases.h2();
                Stack stack = new Stack(tlsConfig("require"), Clock.systemUTC(), db).start()) {
            String password = stack.chargePoints().register("BASIC-2", null, RegistrationStatus.Accepted, 2, null).password();
            try (TestCharger cp = TestCharger.connectTls(stack.ocppPort(), "BASIC-2", password, OCPP16,
                    noClientCertificate())) {
                assertThat(cp.isOpen()).isFalse();
            }
            stack.chargePoints().register("MTLS-R", null, RegistrationStatus.Accepted, 3, null);
            try (TestCharger cp = TestCharger.connectTls(stack.ocppPort(), "MTLS-R", null, OCPP16,
                    presenting(certificateFromOurCa(stack, "MTLS-R")))) {
                assertThat(cp.isOpen()).as(cp.handshakeRefusal).isTrue();
            }
        }
    }

    @Test
    void aProfile3ChargerCannotFallBackToBasicAuthentication() throws Exception {
        try (Database db = TestDatabases.h2();
                Stack stack = new Stack(tlsConfig("optional"), Clock.systemUTC(), db).start()) {
            // Registered with a password at profile 2, then raised to 3 by the operator: the password goes.
            String password = stack.chargePoints().register("MTLS-F", null, RegistrationStatus.Accepted, 2, null).password();
            stack.chargePoints().update("MTLS-F", null, null, 3, null);
            try (TestCharger cp = TestCharger.connectTls(stack.ocppPort(), "MTLS-F", password, OCPP16,
                    noClientCertificate())) {
                assertThat(cp.isOpen()).isFalse();
                assertThat(cp.handshakeRefusal).contains("401");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void theCertificateAuthoritySurvivesARestart(Database db) throws Exception {
        StackConfig config = tlsConfig("require");
        TestPki.Identity issued;
        X509Certificate rootBefore;
        try (Stack stack = new Stack(config, Clock.systemUTC(), db).start()) {
            stack.chargePoints().register("MTLS-RS", null, RegistrationStatus.Accepted, 3, null);
            issued = certificateFromOurCa(stack, "MTLS-RS");
            rootBefore = stack.certificateAuthority().root();
        }
        Path keyStore = config.security().caKeyStore();
        assertThat(keyStore).exists();
        Path passwordFile = keyStore.resolveSibling("ca.p12.password");
        assertThat(Files.getPosixFilePermissions(passwordFile)).containsOnly(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);

        try (Stack stack = new Stack(config, Clock.systemUTC(), db).start()) {
            X509Certificate root = stack.certificateAuthority().root();
            assertThat(root).isEqualTo(rootBefore);
            // The chain signed before the restart validates against the CA after it (PKIX, as TLS does).
            var params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(issued.certificate())), params);
            try (TestCharger cp = TestCharger.connectTls(stack.ocppPort(), "MTLS-RS", null, OCPP16, presenting(issued))) {
                assertThat(cp.isOpen()).as(cp.handshakeRefusal).isTrue();
                assertThat(cp.call("BootNotification", Ocpp16TransactionFlowTest.boot()).get("status").asText())
                        .isEqualTo("Accepted");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void anOcpp16ChargerIsUpgradedToProfile3AndBasicIsRefusedAfterwards(Database db) throws Exception {
        try (Stack stack = new Stack(tlsConfig("optional"), Clock.systemUTC(), db).start()) {
            String password = stack.chargePoints().register("UP-16", null, RegistrationStatus.Accepted, 2, null).password();
            TestPki.Identity certificate;
            try (TestCharger cp = TestCharger.connectTls(stack.ocppPort(), "UP-16", password, OCPP16,
                    noClientCertificate())) {
                assertThat(cp.isOpen()).as(cp.handshakeRefusal).isTrue();
                cp.call("BootNotification", Ocpp16TransactionFlowTest.boot());
                assertThat(stack.ocppGateway().session("UP-16").orElseThrow().securityProfile()).isEqualTo(2);
                certificate = obtainCertificate(cp, "UP-16");

                cp.answer("InstallCertificate", q -> obj().put("status", "Accepted"));
                cp.answer("ChangeConfiguration", q -> obj().put("status", "Accepted"));
                cp.answer("Reset", q -> obj().put("status", "Accepted"));
                JsonNode result = upgrade(stack, "UP-16", "{\"securityProfile\":3}", 200);
                assertThat(result.get("previousSecurityProfile").asInt()).isEqualTo(2);
                assertThat(result.get("securityProfile").asInt()).isEqualTo(3);
                assertThat(actions(result)).containsExactly("InstallCertificate Accepted", "ChangeConfiguration Accepted",
                        "Reset Accepted");

                JsonNode install = nextCall(cp, "InstallCertificate");
                assertThat(install.at("/3/certificateType").asText()).isEqualTo("CentralSystemRootCertificate");
                assertThat(TestPki.parseChain(install.at("/3/certificate").asText())).containsExactly(serverCa.certificate());
                JsonNode change = nextCall(cp, "ChangeConfiguration");
                assertThat(change.at("/3/key").asText()).isEqualTo("SecurityProfile");
                assertThat(change.at("/3/value").asText()).isEqualTo("3");
                assertThat(nextCall(cp, "Reset").at("/3/type").asText()).isEqualTo("Hard");
            }
            assertThat(stack.chargePoints().get("UP-16").securityProfile()).isEqualTo(3);

            // The charger comes back: with its password only it is refused, with its certificate accepted.
            try (TestCharger basic = TestCharger.connectTls(stack.ocppPort(), "UP-16", password, OCPP16,
                    noClientCertificate())) {
                assertThat(basic.isOpen()).isFalse();
            }
            try (TestCharger mtls = TestCharger.connectTls(stack.ocppPort(), "UP-16", null, OCPP16, presenting(certificate))) {
                assertThat(mtls.isOpen()).as(mtls.handshakeRefusal).isTrue();
                mtls.call("BootNotification", Ocpp16TransactionFlowTest.boot());
                assertThat(stack.ocppGateway().session("UP-16").orElseThrow().securityProfile()).isEqualTo(3);
                // Going back down is not an upgrade.
                upgrade(stack, "UP-16", "{\"securityProfile\":2}", 409);
            }
        }
    }

    @Test
    void anOcpp201StationIsUpgradedThroughANewNetworkProfile() throws Exception {
        try (Database db = TestDatabases.h2();
                Stack stack = new Stack(tlsConfig("optional"), Clock.systemUTC(), db).start()) {
            String password = stack.chargePoints().register("UP-201", null, RegistrationStatus.Accepted, 2, null).password();
            TestPki.Identity certificate;
            try (TestCharger cs = TestCharger.connectTls(stack.ocppPort(), "UP-201", password, OCPP201,
                    noClientCertificate())) {
                assertThat(cs.isOpen()).as(cs.handshakeRefusal).isTrue();
                cs.call("BootNotification", Ocpp201ProvisioningTest.boot());
                // A02: without a certificate of ours the station is asked for a CSR first.
                cs.answer("TriggerMessage", q -> obj().put("status", "Accepted"));
                upgrade(stack, "UP-201", "{\"securityProfile\":3,\"csmsUrl\":\"wss://127.0.0.1:" + stack.ocppPort()
                        + "/ocpp\"}", 409);
                assertThat(nextCall(cs, "TriggerMessage").at("/3/requestedMessage").asText())
                        .isEqualTo("SignChargingStationCertificate");
                assertThat(stack.chargePoints().get("UP-201").securityProfile()).isEqualTo(2);
                certificate = obtainCertificate(cs, "UP-201");

                // csmsUrl is needed for a 2.0.1 station's network profile.
                upgrade(stack, "UP-201", "{\"securityProfile\":3}", 400);

                cs.answer("InstallCertificate", q -> obj().put("status", "Accepted"));
                cs.answer("SetNetworkProfile", q -> obj().put("status", "Accepted"));
                cs.answer("GetVariables", q -> obj().set("getVariableResult", TestCharger.JSON.createArrayNode().add(obj()
                        .put("attributeStatus", "Accepted").put("attributeValue", "0")
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set("component", obj().put("name", "OCPPCommCtrlr"))
                        .set("variable", obj().put("name", "NetworkConfigurationPriority")))));
                cs.answer("SetVariables", q -> obj().set("setVariableResult", TestCharger.JSON.createArrayNode().add(obj()
                        .put("attributeStatus", "Accepted")
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set("component", obj().put("name", "OCPPCommCtrlr"))
                        .set("variable", obj().put("name", "NetworkConfigurationPriority")))));
                cs.answer("Reset", q -> obj().put("status", "Scheduled"));
                JsonNode result = upgrade(stack, "UP-201",
                        "{\"securityProfile\":3,\"csmsUrl\":\"wss://127.0.0.1:" + stack.ocppPort() + "/ocpp\"}", 200);
                assertThat(actions(result)).containsExactly("InstallCertificate Accepted", "SetNetworkProfile Accepted",
                        "GetVariables Accepted", "SetVariables Accepted", "Reset Scheduled");

                JsonNode install = nextCall(cs, "InstallCertificate");
                assertThat(install.at("/3/certificateType").asText()).isEqualTo("CSMSRootCertificate");
                JsonNode network = nextCall(cs, "SetNetworkProfile");
                assertThat(network.at("/3/configurationSlot").asInt()).isEqualTo(1);
                assertThat(network.at("/3/connectionData/securityProfile").asInt()).isEqualTo(3);
                assertThat(network.at("/3/connectionData/ocppCsmsUrl").asText()).startsWith("wss://127.0.0.1:");
                nextCall(cs, "GetVariables");
                assertThat(nextCall(cs, "SetVariables").at("/3/setVariableData/0/attributeValue").asText()).isEqualTo("1,0");
                assertThat(nextCall(cs, "Reset").at("/3/type").asText()).isEqualTo("OnIdle");
            }
            assertThat(stack.chargePoints().get("UP-201").securityProfile()).isEqualTo(3);
            try (TestCharger basic = TestCharger.connectTls(stack.ocppPort(), "UP-201", password, OCPP201,
                    noClientCertificate())) {
                assertThat(basic.isOpen()).isFalse();
            }
            try (TestCharger mtls = TestCharger.connectTls(stack.ocppPort(), "UP-201", null, OCPP201, presenting(certificate))) {
                assertThat(mtls.isOpen()).as(mtls.handshakeRefusal).isTrue();
            }
        }
    }

    @Test
    void aStationThatRefusesTheNewProfileKeepsItsOwn() throws Exception {
        try (Database db = TestDatabases.h2();
                Stack stack = new Stack(tlsConfig("optional"), Clock.systemUTC(), db).start()) {
            String password = stack.chargePoints().register("UP-NO", null, RegistrationStatus.Accepted, 2, null).password();
            try (TestCharger cp = TestCharger.connectTls(stack.ocppPort(), "UP-NO", password, OCPP16,
                    noClientCertificate())) {
                cp.call("BootNotification", Ocpp16TransactionFlowTest.boot());
                // No certificate of ours yet: one is asked for first, and nothing else changes.
                cp.answer("ExtendedTriggerMessage", q -> obj().put("status", "Accepted"));
                JsonNode noCertificate = upgrade(stack, "UP-NO", "{\"securityProfile\":3}", 409);
                assertThat(noCertificate.get("error").asText()).contains("no valid certificate from our CA")
                        .contains("ExtendedTriggerMessage Accepted");
                assertThat(nextCall(cp, "ExtendedTriggerMessage").at("/3/requestedMessage").asText())
                        .isEqualTo("SignChargePointCertificate");
                assertThat(cp.receivedCalls).isEmpty();
                obtainCertificate(cp, "UP-NO");

                cp.answer("InstallCertificate", q -> obj().put("status", "Accepted"));
                // A charger that will not take the profile all the same keeps its own.
                cp.answer("ChangeConfiguration", q -> obj().put("status", "Rejected"));
                JsonNode error = upgrade(stack, "UP-NO", "{\"securityProfile\":3}", 409);
                assertThat(error.get("error").asText()).contains("ChangeConfiguration answered Rejected");
                assertThat(stack.chargePoints().get("UP-NO").securityProfile()).isEqualTo(2);
            }
        }
    }

    /** A02/A03 over OCPP: the charger sends a CSR, our CA signs it, CertificateSigned brings the chain back. */
    private static TestPki.Identity obtainCertificate(TestCharger charger, String id) throws Exception {
        KeyPair key = TestPki.ecKey();
        charger.answer("CertificateSigned", q -> obj().put("status", "Accepted"));
        assertThat(charger.call("SignCertificate", obj().put("csr", TestPki.csr(key, "CN=" + id + ",O=Depot")))
                .get("status").asText()).isEqualTo("Accepted");
        JsonNode signed = nextCall(charger, "CertificateSigned");
        String chain = signed.at("/3/certificateChain").isMissingNode()
                ? signed.at("/3/certificate").asText() : signed.at("/3/certificateChain").asText();
        return new TestPki.Identity(key, TestPki.parseChain(chain));
    }

    private static JsonNode nextCall(TestCharger charger, String action) throws InterruptedException {
        JsonNode call = charger.receivedCalls.poll(10, TimeUnit.SECONDS);
        assertThat(call).as("a " + action + " CALL").isNotNull();
        assertThat(call.get(2).asText()).isEqualTo(action);
        return call;
    }

    private static List<String> actions(JsonNode result) {
        List<String> steps = new ArrayList<>();
        result.get("steps").forEach(s -> steps.add(s.get("action").asText() + " " + s.get("status").asText()));
        return steps;
    }

    private static JsonNode upgrade(Stack stack, String id, String body, int expectedStatus) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort()
                        + "/api/v1/charge-points/" + id + "/security-profile-upgrade"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30)).build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return TestCharger.JSON.readTree(response.body());
    }
}
