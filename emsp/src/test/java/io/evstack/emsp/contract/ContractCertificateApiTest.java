package io.evstack.emsp.contract;

import static io.evstack.emsp.contract.ContractTestPki.basic;
import static io.evstack.emsp.contract.ContractTestPki.certificates;
import static io.evstack.emsp.contract.ContractTestPki.csr;
import static io.evstack.emsp.contract.ContractTestPki.ecKey;
import static io.evstack.emsp.contract.ContractTestPki.ocspRequest;
import static io.evstack.emsp.contract.ContractTestPki.ocspResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.db.Database;
import io.evstack.emsp.EmspServer;
import io.evstack.emsp.TestEmspServer;
import io.evstack.emsp.token.ContractIds;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A driver's ISO 15118 contract certificates over HTTP: issued from the EV's CSR with a Plug &amp; Charge
 * token, listed, revoked; and our OCSP responder, called as a charging station or EV would.
 */
class ContractCertificateApiTest {
    private static final String CERTIFICATES = "/api/v1/driver/contract-certificates";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aDriverGetsAContractCertificateWithItsPlugAndChargeToken(Database db) throws Exception {
        try (var emsp = new TestEmspServer(db)) {
            String anna = emsp.driver("anna@example.com");
            assertThat(emsp.call("POST", CERTIFICATES, null, Map.of("csr", csr(ecKey()))).status()).isEqualTo(401);

            var issued = emsp.call("POST", CERTIFICATES, anna, Map.of("csr", csr(ecKey())));
            assertThat(issued.status()).isEqualTo(201);
            String emaid = issued.text("emaid");
            String uid = issued.text("tokenUid");
            assertThat(ContractIds.valid(emaid)).as(emaid).isTrue();
            assertThat(emaid).startsWith("NL-EVS-C");
            assertThat(uid).isEqualTo(emaid.replace("-", "")).hasSize(15);

            List<X509Certificate> chain = certificates(issued.text("chainPem"));
            X509Certificate root = certificates(issued.text("rootPem")).getFirst();
            X509Certificate leaf = chain.getFirst();
            assertThat(chain).hasSize(2);
            assertThat(certificates(issued.text("certificatePem"))).containsExactly(leaf);
            ContractTestPki.verifyChain(chain, root, emsp.clock.instant());
            assertThat(root).isEqualTo(emsp.server.contractCertificates().authority().root());
            assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("C=NL,O=EVS,CN=" + uid);
            assertThat(leaf.getSerialNumber().toString(16)).isEqualTo(issued.text("serial"));
            assertThat(issued.text("notAfter")).isEqualTo(leaf.getNotAfter().toInstant().toString());
            assertThat(new String(leaf.getExtensionValue("1.3.6.1.5.5.7.1.1"), StandardCharsets.ISO_8859_1))
                    .as("AIA").contains("http://localhost/emsp/ocsp");

            JsonNode token = onlyToken(emsp, anna);
            assertThat(token.path("uid").asText()).isEqualTo(uid);
            assertThat(token.path("type").asText()).isEqualTo("OTHER");
            assertThat(token.path("contractId").asText()).isEqualTo(emaid);
            assertThat(token.path("valid").asBoolean()).isTrue();
            assertThat(java.time.Instant.parse(token.path("expiresAt").asText())).as("the token ends with its certificate")
                    .isEqualTo(java.time.Instant.parse(issued.text("notAfter")));

            JsonNode mine = emsp.call("GET", CERTIFICATES, anna, null).body();
            assertThat(mine).hasSize(1);
            assertThat(mine.get(0).path("serial").asText()).isEqualTo(issued.text("serial"));
            assertThat(mine.get(0).path("emaid").asText()).isEqualTo(emaid);
            assertThat(mine.get(0).path("tokenUid").asText()).isEqualTo(uid);
            assertThat(mine.get(0).path("revoked").asBoolean()).isFalse();
            assertThat(certificates(mine.get(0).path("certificatePem").asText())).containsExactly(leaf);

            // Refused CSRs leave no token behind.
            var key = ecKey();
            var forged = emsp.call("POST", CERTIFICATES, anna, Map.of("csr", csr(key, ecKey(), "SHA256withECDSA")));
            assertThat(forged.status()).isEqualTo(400);
            assertThat(forged.text("error")).contains("signature does not verify");
            var rsa = ContractTestPki.key("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
            var rsaCsr = emsp.call("POST", CERTIFICATES, anna, Map.of("csr", csr(rsa, rsa, "SHA256withRSA")));
            assertThat(rsaCsr.status()).isEqualTo(400);
            assertThat(rsaCsr.text("error")).contains("EC key on curve P-256");
            assertThat(emsp.call("POST", CERTIFICATES, anna, Map.of("csr", "hello")).status()).isEqualTo(400);
            assertThat(emsp.call("POST", CERTIFICATES, anna, Map.of()).text("error")).contains("csr is required");
            assertThat(emsp.call("GET", "/api/v1/driver/tokens", anna, null).body()).hasSize(1);
            assertThat(emsp.call("GET", CERTIFICATES, anna, null).body()).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void ocspSaysGoodThenRevokedAfterTheDriverRevokesIt(Database db) throws Exception {
        try (var emsp = new TestEmspServer(db)) {
            String anna = emsp.driver("anna@example.com");
            var issued = emsp.call("POST", CERTIFICATES, anna, Map.of("csr", csr(ecKey())));
            var ca = emsp.server.contractCertificates().authority();
            BigInteger serial = new BigInteger(issued.text("serial"), 16);

            byte[] nonce = {1, 2, 3, 4, 5, 6, 7, 8};
            BasicOCSPResp good = basic(post(emsp, ocspRequest(ca.subCa(), serial, nonce)));
            assertThat(good.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca.subCa().getPublicKey())))
                    .as("signed by the sub-CA").isTrue();
            assertThat(good.getCerts()).containsExactly(new JcaX509CertificateHolder(ca.subCa()));
            assertThat(good.getResponses()).hasSize(1);
            assertThat(good.getResponses()[0].getCertID().getSerialNumber()).isEqualTo(serial);
            assertThat(good.getResponses()[0].getCertStatus()).as("good").isNull();
            assertThat(good.getResponses()[0].getThisUpdate()).isEqualTo(Date.from(emsp.clock.instant()));
            assertThat(good.getResponses()[0].getNextUpdate()).isEqualTo(Date.from(emsp.clock.instant().plus(Duration.ofHours(24))));
            assertThat(good.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue().getOctets())
                    .as("the nonce echoed").isEqualTo(new org.bouncycastle.asn1.DEROctetString(nonce).getEncoded());
            assertThat(basic(get(emsp, ocspRequest(ca.subCa(), serial, null))).getResponses()[0].getCertStatus())
                    .as("GET form").isNull();
            assertThat(emsp.server.contractCertificates().status("SHA256", sha256(ca.subCa().getSubjectX500Principal().getEncoded()),
                    sha256(keyBits(ca.subCa())), serial)).contains(ContractCertificateStatus.GOOD);

            // Another driver sees nothing of it and cannot revoke it.
            String bob = emsp.driver("bob@example.com");
            assertThat(emsp.call("GET", CERTIFICATES, bob, null).body()).isEmpty();
            assertThat(emsp.call("DELETE", CERTIFICATES + "/" + serial.toString(16), bob, null).status()).isEqualTo(404);
            assertThat(emsp.call("DELETE", CERTIFICATES + "/abc123", anna, null).status()).isEqualTo(404);
            assertThat(emsp.call("DELETE", CERTIFICATES + "/not-hex", anna, null).status()).isEqualTo(404);
            assertThat(basic(post(emsp, ocspRequest(ca.subCa(), serial, null))).getResponses()[0].getCertStatus()).isNull();

            emsp.clock.advance(Duration.ofMinutes(10));
            var revoked = emsp.call("DELETE", CERTIFICATES + "/" + serial.toString(16).toUpperCase(), anna, null);
            assertThat(revoked.status()).isEqualTo(200);
            assertThat(revoked.body().path("revoked").asBoolean()).isTrue();
            assertThat(revoked.text("revocationReason")).isEqualTo("cessationOfOperation");
            assertThat(emsp.call("DELETE", CERTIFICATES + "/" + serial.toString(16), anna, null).status())
                    .as("again: no change").isEqualTo(200);

            BasicOCSPResp after = basic(post(emsp, ocspRequest(ca.subCa(), serial, null)));
            assertThat(after.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca.subCa().getPublicKey()))).isTrue();
            assertThat(after.getResponses()[0].getCertStatus()).isInstanceOfSatisfying(RevokedStatus.class, r -> {
                assertThat(r.getRevocationTime()).isEqualTo(Date.from(emsp.clock.instant()));
                assertThat(r.getRevocationReason()).isEqualTo(5);
            });
            JsonNode token = onlyToken(emsp, anna);
            assertThat(token.path("valid").asBoolean()).as("the token ended with it").isFalse();
            assertThat(token.path("status").asText()).isEqualTo("EXPIRED");

            BasicOCSPResp unknown = basic(post(emsp, ocspRequest(ca.subCa(), BigInteger.valueOf(4242), null)));
            assertThat(unknown.getResponses()[0].getCertStatus()).isInstanceOf(UnknownStatus.class);

            // The sub-CA's own status comes from the root.
            BasicOCSPResp subCa = basic(post(emsp, ocspRequest(ca.root(), ca.subCa().getSerialNumber(), null)));
            assertThat(subCa.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca.root().getPublicKey()))).isTrue();
            assertThat(subCa.getResponses()[0].getCertStatus()).isNull();
            assertThat(subCa.getCerts()).containsExactly(new JcaX509CertificateHolder(ca.root()));

            assertThat(ocspResponse(post(emsp, new byte[] {0x30, 0x03, 0x01})).getStatus())
                    .isEqualTo(OCSPResp.MALFORMED_REQUEST);
            assertThat(ocspResponse(get(emsp, "!!!".getBytes(StandardCharsets.US_ASCII))).getStatus())
                    .isEqualTo(OCSPResp.MALFORMED_REQUEST);
            // RFC 8954: a nonce longer than 32 octets is malformed; and one request asks about at most 10 certificates.
            assertThat(ocspResponse(post(emsp, ocspRequest(ca.subCa(), serial, new byte[33]))).getStatus())
                    .isEqualTo(OCSPResp.MALFORMED_REQUEST);
            var many = new org.bouncycastle.cert.ocsp.OCSPReqBuilder();
            var sha256 = new org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder().build()
                    .get(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256));
            for (int i = 0; i < 11; i++) {
                many.addRequest(new org.bouncycastle.cert.ocsp.CertificateID(sha256, new JcaX509CertificateHolder(ca.subCa()),
                        BigInteger.valueOf(1000 + i)));
            }
            assertThat(ocspResponse(post(emsp, many.build().getEncoded())).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
            var stranger = new ContractCertificateAuthority(emsp.clock, "DE", "ABC", "http://elsewhere/ocsp");
            assertThat(ocspResponse(post(emsp, ocspRequest(stranger.subCa(), serial, null))).getStatus())
                    .as("not our issuer").isEqualTo(OCSPResp.UNAUTHORIZED);
            assertThat(emsp.server.contractCertificates().status("SHA256",
                    sha256(stranger.subCa().getSubjectX500Principal().getEncoded()), sha256(keyBits(stranger.subCa())),
                    serial)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void theCaAndItsCertificatesSurviveARestart(Database db) throws Exception {
        var clock = new io.evstack.db.TestClock("2026-11-24T09:00:00Z");
        var settings = new EmspServer.Settings("http://localhost/", "NL", "EVS", Duration.ofHours(1), null, null,
                dir.resolve("contract-ca.p12"), null);
        X509Certificate root;
        String serial;
        long account;
        try (var emsp = new EmspServer(db.dsl(), clock, settings)) {
            account = emsp.accounts().signUp("anna@example.com", "Anna", "correct horse battery").id();
            var issued = emsp.contractCertificates().issue(account, csr(ecKey()));
            root = emsp.contractCertificates().authority().root();
            serial = issued.serial();
            assertThat(certificates(issued.chainPem()).getFirst().getExtensionValue("1.3.6.1.5.5.7.1.1"))
                    .asString(StandardCharsets.ISO_8859_1).contains("http://localhost/emsp/ocsp").doesNotContain("//emsp");
        }
        clock.advance(Duration.ofDays(30));
        try (var emsp = new EmspServer(db.dsl(), clock, settings).start(0)) {
            var ca = emsp.contractCertificates().authority();
            assertThat(ca.root()).isEqualTo(root);
            var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + emsp.port()
                    + "/emsp/ocsp")).header("Content-Type", "application/ocsp-request").POST(HttpRequest.BodyPublishers
                    .ofByteArray(ocspRequest(ca.subCa(), new BigInteger(serial, 16), null))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(basic(answer.body()).getResponses()[0].getCertStatus()).as("still good").isNull();
            assertThat(emsp.contractCertificates().ofAccount(account)).extracting(ContractCertificate::serial)
                    .containsExactly(serial);
            assertThat(emsp.contractCertificates().issuedTheStoredCertificates()).isTrue();
        }
        // The key store lost: a new CA is made, which did not sign what the database holds (logged as an error).
        var lost = new EmspServer.Settings("http://localhost/", "NL", "EVS", Duration.ofHours(1), null, null,
                dir.resolve("another-contract-ca.p12"), null);
        try (var emsp = new EmspServer(db.dsl(), clock, lost)) {
            assertThat(emsp.contractCertificates().issuedTheStoredCertificates()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void theOpenApiDocumentShowsTheRoutesAndOcspNeedsNoLogin(Database db) {
        try (var emsp = new TestEmspServer(db)) {
            JsonNode paths = emsp.call("GET", "/openapi.json", null, null).body().path("paths");
            assertThat(paths.path(CERTIFICATES).path("post").path("security").get(0).has("BearerAuth")).isTrue();
            assertThat(paths.path(CERTIFICATES).has("get")).isTrue();
            assertThat(paths.path(CERTIFICATES + "/{serial}").path("delete").path("security").get(0).has("BearerAuth")).isTrue();
            assertThat(paths.path("/emsp/ocsp").path("post").path("security")).as("OCSP is public").isEmpty();
            assertThat(paths.path("/emsp/ocsp/{request}").path("get").path("security")).isEmpty();
        }
    }

    private static JsonNode onlyToken(TestEmspServer emsp, String bearer) {
        JsonNode tokens = emsp.call("GET", "/api/v1/driver/tokens", bearer, null).body();
        assertThat(tokens).hasSize(1);
        return tokens.get(0);
    }

    private byte[] post(TestEmspServer emsp, byte[] request) throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(URI.create(emsp.base() + "/emsp/ocsp"))
                .header("Content-Type", "application/ocsp-request").POST(HttpRequest.BodyPublishers.ofByteArray(request))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/ocsp-response");
        return response.body();
    }

    /** RFC 6960 A.1: GET {url}/{url-encoding of base-64 encoding of the DER encoding of the OCSPRequest}. */
    private byte[] get(TestEmspServer emsp, byte[] request) throws IOException, InterruptedException {
        String encoded = URLEncoder.encode(Base64.getEncoder().encodeToString(request), StandardCharsets.US_ASCII);
        var response = http.send(HttpRequest.newBuilder(URI.create(emsp.base() + "/emsp/ocsp/" + encoded)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/ocsp-response");
        return response.body();
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static byte[] keyBits(X509Certificate certificate) {
        return SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded()).getPublicKeyData().getBytes();
    }
}
