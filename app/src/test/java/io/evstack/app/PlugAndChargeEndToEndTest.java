package io.evstack.app;

import static io.evstack.app.Ocpp201ProvisioningTest.boot;
import static io.evstack.app.Ocpp201ProvisioningTest.connect201;
import static io.evstack.app.TestCharger.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.csms.pki.ContractCertificateValidation;
import io.evstack.db.Database;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plug &amp; Charge with our own eMSP's PKI, on one stack: a driver has the eMSP issue a contract certificate
 * for the EV's key; a 2.0.1 station presents it (C07, by hash data and by the PEM chain) and the CSMS, trusting
 * our MO root without any setting and asking our CA in process, accepts it; the transaction the eMAID starts
 * is authorized like any token's; GetCertificateStatus (M06) for it is answered by our CA; once the driver
 * revokes it, the station is told CertificateRevoked.
 */
class PlugAndChargeEndToEndTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aContractCertificateOfOurEmspChargesAtOurStationUntilRevoked(Database db) throws Exception {
        try (Stack stack = OcpiBridgeEndToEndTest.start(db); TestCharger cs = connect201(stack, "PNC-CS1")) {
            cs.call("BootNotification", boot());
            String emsp = "http://localhost:" + stack.emspServer().port() + "/api/v1";
            String bearer = driver(stack, "eva@example.com");
            // The EV's key stays in the EV; the eMSP signs its CSR.
            KeyPair evKey = TestPki.ecKey();
            var issued = call(stack, "POST", emsp + "/driver/contract-certificates", bearer, Map.of("csr", csr(evKey)));
            assertThat(issued.status()).as(issued.json().toString()).isEqualTo(201);
            String emaid = issued.json().path("tokenUid").asText();
            String chainPem = issued.json().path("chainPem").asText();
            List<X509Certificate> chain = ContractCertificateValidation.readPem(chainPem);
            X509Certificate root = ContractCertificateValidation.readPem(issued.json().path("rootPem").asText()).getFirst();
            assertThat(chain.getFirst().getPublicKey()).isEqualTo(evKey.getPublic());

            // Central validation: the PEM chain alone. The AIA names the eMSP's loopback URL, which the CSMS may not
            // call (not listed in STACK_OCSP_RESPONDER_HOSTS): the answer comes from our CA in process.
            JsonNode byChain = await(cs, emaid, req -> req.put("certificate", chainPem));
            assertThat(byChain.get("certificateStatus").asText()).as(byChain.toString()).isEqualTo("Accepted");

            // Local validation: the station's hash data for the contract certificate and the sub-CA.
            JsonNode byHash = cs.call("Authorize", hashData(authorize(emaid), chain, root));
            assertThat(byHash.at("/idTokenInfo/status").asText()).as(byHash.toString()).isEqualTo("Accepted");
            assertThat(byHash.get("certificateStatus").asText()).isEqualTo("Accepted");

            assertThat(cs.call("TransactionEvent", Ocpp201ContractAuthorizationTest.startedBy(emaid, "TX-PNC-1")).at("/idTokenInfo/status").asText()).isEqualTo("Accepted");

            // M06 for the contract certificate: answered by our CA's responder, signed by the sub-CA.
            ObjectNode leafQuery = Ocpp201CertificateManagementTest.query(chain.get(1), chain.getFirst().getSerialNumber(),
                    "SHA256");
            JsonNode good = cs.call("GetCertificateStatus", obj().set("ocspRequestData", leafQuery));
            assertThat(good.get("status").asText()).as(good.toString()).isEqualTo("Accepted");
            BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(Base64.getDecoder().decode(good.get("ocspResult").asText()))
                    .getResponseObject();
            assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(chain.get(1).getPublicKey())))
                    .isTrue();
            assertThat(basic.getResponses()[0].getCertStatus()).as("good").isNull();

            // The driver revokes it (a car sold): CertificateRevoked, Invalid.
            String serial = issued.json().path("serial").asText();
            assertThat(call(stack, "DELETE", emsp + "/driver/contract-certificates/" + serial, bearer, null).status())
                    .isEqualTo(200);
            JsonNode revoked = cs.call("Authorize", hashData(authorize(emaid), chain, root));
            assertThat(revoked.get("certificateStatus").asText()).as(revoked.toString()).isEqualTo("CertificateRevoked");
            assertThat(revoked.at("/idTokenInfo/status").asText()).isEqualTo("Invalid");
            BasicOCSPResp after = (BasicOCSPResp) new OCSPResp(Base64.getDecoder().decode(
                    cs.call("GetCertificateStatus", obj().set("ocspRequestData", leafQuery)).get("ocspResult").asText()))
                    .getResponseObject();
            assertThat(after.getResponses()[0].getCertStatus()).isInstanceOf(RevokedStatus.class);
        }
    }

    /**
     * The simulator's 2.0.1 station and an EV with a contract of our eMSP: plugged in, the EV identifies itself
     * (no card), the station forwards its chain, the CSMS accepts it, the car charges; when it leaves, the
     * driver finds the charge in the eMSP's history (the CDR of the eMAID's token).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aSimulatedEvPlugsInAndChargesWithItsContract(Database db) throws Exception {
        try (Stack stack = OcpiBridgeEndToEndTest.start(db)) {
            String emsp = "http://localhost:" + stack.emspServer().port() + "/api/v1";
            String bearer = driver(stack, "otto@example.com");
            JsonNode issued = call(stack, "POST", emsp + "/driver/contract-certificates", bearer,
                    Map.of("csr", csr(TestPki.ecKey()))).json();
            String emaid = issued.path("tokenUid").asText();
            assertThat(emaid).as(issued.toString()).hasSize(15);

            var scenario = new io.evstack.sim.scenario.Scenario("pnc", 30, null, List.of(new io.evstack.sim.scenario.ChargerGroup(
                    "ac-11", 1, "PNC-", null, io.evstack.sim.ocpp.OcppProtocol.OCPP201)), null, List.of(), null);
            try (var sim = io.evstack.sim.Simulator.start(scenario,
                    java.net.URI.create("ws://127.0.0.1:" + stack.ocppPort() + "/ocpp"))) {
                var charger = sim.charger("PNC-001").orElseThrow();
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> "Available".equals(
                        charger.snapshot().get(5, java.util.concurrent.TimeUnit.SECONDS).connector(1).status()));
                // the eMSP's token reaches our CPO asynchronously: wait until the CSMS knows it
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> stack.authorization().authorize(emaid, 0).accepted());
                Instant now = Instant.now();
                charger.plugAndCharge(1, new io.evstack.sim.model.Vehicle("pnc-car", io.evstack.sim.model.EvModels.get(
                        "midsize-60"), 0.2, 0.9, now, now.plus(java.time.Duration.ofHours(8)), emaid), issued.path("chainPem").asText());
                org.awaitility.Awaitility.await().alias("the contract starts a transaction").atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> stack.transactions().list(new io.evstack.csms.transaction.TransactionFilter("PNC-001", null, null,
                                null, null, 0, 10)).stream().anyMatch(t -> t.active() && emaid.equals(t.idTag())));
                org.awaitility.Awaitility.await().alias("the car draws power").atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> charger.snapshot().get(5, java.util.concurrent.TimeUnit.SECONDS).connector(1).powerW() > 1_000);
                charger.leave(1);
                org.awaitility.Awaitility.await().alias("the charge in the driver's history").atMost(java.time.Duration.ofSeconds(60))
                        .until(() -> "CDR".equals(call(stack, "GET", emsp + "/driver/sessions", bearer, null).json()
                                .path("items").path(0).path("kind").asText()));
                JsonNode cdr = call(stack, "GET", emsp + "/driver/sessions", bearer, null).json().path("items").get(0);
                assertThat(cdr.path("kwh").decimalValue()).isPositive();
            }
        }
    }

    /**
     * An OCPP 1.6 charger does Plug &amp; Charge as the OCA's "Using ISO 15118 Plug &amp; Charge with OCPP 1.6" has
     * it: the 2.0.1 Authorize inside a DataTransfer of vendor org.openchargealliance.iso15118pnc, answered with
     * the 2.0.1 AuthorizeResponse as data; then an ordinary StartTransaction with the eMAID.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void a16ChargerAuthorizesAContractThroughDataTransfer(Database db) throws Exception {
        try (Stack stack = OcpiBridgeEndToEndTest.start(db);
                TestCharger cp = TestCharger.connect(stack.ocppPort(), "PNC16-CP1", null)) {
            cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "DC"));
            String emsp = "http://localhost:" + stack.emspServer().port() + "/api/v1";
            JsonNode issued = call(stack, "POST", emsp + "/driver/contract-certificates", driver(stack, "uma@example.com"),
                    Map.of("csr", csr(TestPki.ecKey()))).json();
            String emaid = issued.path("tokenUid").asText();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> stack.authorization().authorize(emaid, 0).accepted());

            String authorize = authorize(emaid).put("certificate", issued.path("chainPem").asText()).toString();
            JsonNode answer = cp.call("DataTransfer", Map.of("vendorId", "org.openchargealliance.iso15118pnc",
                    "messageId", "Authorize", "data", authorize));
            assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("Accepted");
            JsonNode response = io.evstack.ocpp.OcppJson.mapper().readTree(answer.path("data").asText());
            assertThat(response.at("/idTokenInfo/status").asText()).isEqualTo("Accepted");
            assertThat(response.path("certificateStatus").asText()).isEqualTo("Accepted");

            // A contract for another eMAID is refused the same way as on 2.0.1.
            JsonNode other = io.evstack.ocpp.OcppJson.mapper().readTree(cp.call("DataTransfer", Map.of(
                    "vendorId", "org.openchargealliance.iso15118pnc", "messageId", "Authorize",
                    "data", authorize("NLEVSC00000000Z").put("certificate", issued.path("chainPem").asText()).toString()))
                    .path("data").asText());
            assertThat(other.path("certificateStatus").asText()).isEqualTo("CertChainError");

            // Data that misses the 2.0.1 schema is Rejected; a message the whitepaper does not route here is unknown.
            assertThat(cp.call("DataTransfer", Map.of("vendorId", "org.openchargealliance.iso15118pnc",
                    "messageId", "Authorize", "data", "{\"idToken\":{}}")).path("status").asText()).isEqualTo("Rejected");
            assertThat(cp.call("DataTransfer", Map.of("vendorId", "org.openchargealliance.iso15118pnc",
                    "messageId", "Authorize", "data", "not json")).path("status").asText()).isEqualTo("Rejected");
            assertThat(cp.call("DataTransfer", Map.of("vendorId", "org.openchargealliance.iso15118pnc",
                    "messageId", "TransactionEvent", "data", "{}")).path("status").asText()).isEqualTo("UnknownMessageId");

            JsonNode start = cp.call("StartTransaction", Map.of("connectorId", 1, "idTag", emaid, "meterStart", 0,
                    "timestamp", Instant.now().toString()));
            assertThat(start.at("/idTagInfo/status").asText()).isEqualTo("Accepted");

            // The charger's own ISO 15118 (SECC) certificate: the CSR taken, the certificate back as DataTransfer.
            cp.answer("DataTransfer", p -> Map.of("status", "Accepted"));
            var seccKey = TestPki.ecKey();
            JsonNode sign = cp.call("DataTransfer", Map.of("vendorId", "org.openchargealliance.iso15118pnc",
                    "messageId", "SignCertificate", "data", obj().put("csr", TestPki.csr(seccKey, "CN=DEEVSPNC16SECC"))
                            .put("certificateType", "V2GCertificate").toString()));
            assertThat(io.evstack.ocpp.OcppJson.mapper().readTree(sign.path("data").asText()).path("status").asText())
                    .as(sign.toString()).isEqualTo("Accepted");
            JsonNode signed = cp.receivedCalls.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(signed.get(2).asText()).isEqualTo("DataTransfer");
            assertThat(signed.at("/3/vendorId").asText()).isEqualTo("org.openchargealliance.iso15118pnc");
            assertThat(signed.at("/3/messageId").asText()).isEqualTo("CertificateSigned");
            JsonNode certificateSigned = io.evstack.ocpp.OcppJson.mapper().readTree(signed.at("/3/data").asText());
            assertThat(certificateSigned.path("certificateType").asText()).isEqualTo("V2GCertificate");
            X509Certificate secc = ContractCertificateValidation.readPem(certificateSigned.path("certificateChain").asText())
                    .getFirst();
            secc.verify(stack.certificateAuthority().root().getPublicKey());
            assertThat(secc.getPublicKey()).isEqualTo(seccKey.getPublic());
            JsonNode badCsr = cp.call("DataTransfer", Map.of("vendorId", "org.openchargealliance.iso15118pnc",
                    "messageId", "SignCertificate", "data", obj().put("csr", "not a CSR").toString()));
            assertThat(io.evstack.ocpp.OcppJson.mapper().readTree(badCsr.path("data").asText()).path("status").asText())
                    .isEqualTo("Rejected");
        }
    }

    /** A new driver of our eMSP, signed up and logged in: the Authorization header value. */
    private static String driver(Stack stack, String email) throws Exception {
        String emsp = "http://localhost:" + stack.emspServer().port() + "/api/v1";
        var signup = call(stack, "POST", emsp + "/driver/signup", null, Map.of("email", email, "name", "Driver",
                "password", "correct horse battery"));
        assertThat(signup.status()).as(signup.json().toString()).isEqualTo(201);
        return "Bearer " + call(stack, "POST", emsp + "/driver/login", null,
                Map.of("email", email, "password", "correct horse battery")).json().path("token").asText();
    }

    /** The PEM CSR of an EV's key. */
    private static String csr(KeyPair evKey) throws Exception {
        var csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=EV"), evKey.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(evKey.getPrivate()));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
            w.writeObject(csr);
        }
        return pem.toString();
    }

    /** Authorize until the eMSP's new token has reached our CPO (the push is asynchronous). */
    private static JsonNode await(TestCharger cs, String emaid, java.util.function.UnaryOperator<ObjectNode> request)
            throws Exception {
        JsonNode last = null;
        for (int i = 0; i < 100; i++) {
            last = cs.call("Authorize", request.apply(authorize(emaid)));
            if ("Accepted".equals(last.at("/idTokenInfo/status").asText())) {
                return last;
            }
            Thread.sleep(100);
        }
        return last;
    }

    private static ObjectNode authorize(String emaid) {
        return obj().set("idToken", obj().put("idToken", emaid).put("type", "eMAID"));
    }

    private static ObjectNode hashData(ObjectNode req, List<X509Certificate> chain, X509Certificate root) throws Exception {
        var array = req.putArray("iso15118CertificateHashData");
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate issuer = i + 1 < chain.size() ? chain.get(i + 1) : root;
            array.add(Ocpp201CertificateManagementTest.query(issuer, chain.get(i).getSerialNumber(), "SHA256"));
        }
        return req;
    }

    private static OcpiBridgeEndToEndTest.Res call(Stack stack, String method, String url, String authorization, Object body)
            throws Exception {
        return OcpiBridgeEndToEndTest.call(stack, method, url, authorization, body);
    }
}
