package io.evstack.app;

import static io.evstack.app.Ocpp201ProvisioningTest.boot;
import static io.evstack.app.Ocpp201ProvisioningTest.connect201;
import static io.evstack.app.TestCharger.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OCPP 2.0.1 C07 (authorization using contract certificates) against the real stack, with a Mobility
 * Operator PKI of the test's own (root, sub-CA, contract certificates whose OCSP responder is an HTTP server
 * on loopback) whose root the operator trusts through {@code STACK_CONTRACT_ROOTS}: the station's hash data
 * (local validation) and the PEM chain (central validation) are checked over OCSP, and the answer combines
 * the certificate's verdict with the eMAID's own status (C07.FR.13 to FR.17).
 */
class Ocpp201ContractAuthorizationTest {
    private static final String EMAID = "NLEVSC12345678X";

    /** How the test responder signs its answers. */
    enum Signing { ISSUER, FOREIGN_KEY, ROGUE_SELF_SIGNED, OCSP_DELEGATE, DELEGATE_WITHOUT_OCSP_USAGE, STALE }

    /** A test MO PKI: the responder answers for both CAs, by default signed by the certificate's issuer. */
    static final class MoPki implements AutoCloseable {
        final TestPki.Identity root;
        final TestPki.Identity subCa;
        final HttpServer responder;
        final Map<BigInteger, CertificateStatus> revoked = new ConcurrentHashMap<>();
        final Set<BigInteger> asked = ConcurrentHashMap.newKeySet();
        volatile Signing signing = Signing.ISSUER;

        MoPki() throws Exception {
            this("Test");
        }

        /** @param operator the MO's name in its CAs' names */
        MoPki(String operator) throws Exception {
            responder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            root = selfSigned(operator + " MO Root");
            subCa = ca(operator + " MO Sub-CA", root, ocspUrl());
            TestPki.Identity delegate = responderCertificate(subCa, true);
            TestPki.Identity plain = responderCertificate(subCa, false);
            TestPki.Identity rogue = selfSigned(operator + " MO Sub-CA"); // the sub-CA's name, another key
            responder.createContext("/ocsp", exchange -> {
                try (exchange) {
                    OCSPReq req = new OCSPReq(exchange.getRequestBody().readAllBytes());
                    CertificateID id = req.getRequestList()[0].getCertID();
                    asked.add(id.getSerialNumber());
                    boolean bySubCa = id.matchesIssuer(new JcaX509CertificateHolder(subCa.certificate()),
                            new org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder().build());
                    TestPki.Identity issuer = bySubCa ? subCa : root;
                    Signing how = signing;
                    TestPki.Identity signer = switch (how) {
                        case ISSUER, STALE, FOREIGN_KEY -> issuer;
                        case ROGUE_SELF_SIGNED -> rogue;
                        case OCSP_DELEGATE -> bySubCa ? delegate : issuer;
                        case DELEGATE_WITHOUT_OCSP_USAGE -> bySubCa ? plain : issuer;
                    };
                    var b = new BasicOCSPRespBuilder(new RespID(X500Name.getInstance(
                            signer.certificate().getSubjectX500Principal().getEncoded())));
                    Date thisUpdate = how == Signing.STALE ? Date.from(Instant.now().minus(Duration.ofDays(2))) : new Date();
                    b.addResponse(id, revoked.getOrDefault(id.getSerialNumber(), CertificateStatus.GOOD), thisUpdate,
                            how == Signing.STALE ? null : Date.from(Instant.now().plusSeconds(3600)), null);
                    KeyPair key = how == Signing.FOREIGN_KEY ? TestPki.ecKey() : signer.key();
                    // the signer's certificates go with the answer, as responders commonly send them
                    var carried = new org.bouncycastle.cert.X509CertificateHolder[] {
                            new JcaX509CertificateHolder(signer.certificate()), new JcaX509CertificateHolder(issuer.certificate())};
                    byte[] body = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL,
                            b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()), carried, new Date()))
                            .getEncoded();
                    exchange.getResponseHeaders().add("Content-Type", "application/ocsp-response");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                } catch (Exception e) {
                    exchange.sendResponseHeaders(500, -1);
                }
            });
            responder.start();
        }

        String ocspUrl() {
            return "http://127.0.0.1:" + responder.getAddress().getPort() + "/ocsp";
        }

        TestPki.Identity contract(String emaid, Instant notAfter) throws Exception {
            return certificate(emaid, subCa, false, ocspUrl(), notAfter);
        }

        /** The station's iso15118CertificateHashData for the leaf and the sub-CA, hashes in hex. */
        List<ObjectNode> hashData(TestPki.Identity leaf) throws Exception {
            return List.of(
                    Ocpp201CertificateManagementTest.query(subCa.certificate(), leaf.certificate().getSerialNumber(), "SHA256")
                            .put("responderURL", ocspUrl()),
                    Ocpp201CertificateManagementTest.query(root.certificate(), subCa.certificate().getSerialNumber(), "SHA256")
                            .put("responderURL", ocspUrl()));
        }

        String chainPem(TestPki.Identity leaf) throws Exception {
            return TestPki.pem(leaf.certificate()) + TestPki.pem(subCa.certificate());
        }

        @Override
        public void close() {
            try {
                responder.stop(0);
            } catch (IllegalStateException e) {
                // stopped by the test already
            }
        }

        private static TestPki.Identity ca(String name, TestPki.Identity issuer, String ocsp) throws Exception {
            return certificate(name, issuer, true, ocsp, Instant.now().plus(Duration.ofDays(30)));
        }

        /** A root that may have one sub-CA below it (path length 1). */
        private static TestPki.Identity selfSigned(String name) throws Exception {
            KeyPair key = TestPki.ecKey();
            X500Name x500 = new X500Name("CN=" + name);
            var b = new JcaX509v3CertificateBuilder(x500, BigInteger.valueOf(new SecureRandom().nextLong() & Long.MAX_VALUE),
                    Date.from(Instant.now().minus(Duration.ofDays(2))), Date.from(Instant.now().plus(Duration.ofDays(60))),
                    x500, key.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(1));
            return new TestPki.Identity(key, List.of(new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())))));
        }

        /** A delegated OCSP responder of {@code ca}, with or without the OCSPSigning extended key usage. */
        private static TestPki.Identity responderCertificate(TestPki.Identity ca, boolean ocspSigning) throws Exception {
            KeyPair key = TestPki.ecKey();
            var b = new JcaX509v3CertificateBuilder(X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                    BigInteger.valueOf(new SecureRandom().nextLong() & Long.MAX_VALUE),
                    Date.from(Instant.now().minus(Duration.ofDays(1))), Date.from(Instant.now().plus(Duration.ofDays(30))),
                    new X500Name("CN=Test MO OCSP responder"), key.getPublic());
            if (ocspSigning) {
                b.addExtension(Extension.extendedKeyUsage, false, new org.bouncycastle.asn1.x509.ExtendedKeyUsage(
                        org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_OCSPSigning));
            }
            return new TestPki.Identity(key, List.of(new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.key().getPrivate())))));
        }
    }

    static TestPki.Identity certificate(String cn, TestPki.Identity issuer, boolean ca, String ocsp, Instant notAfter)
            throws Exception {
        KeyPair key = TestPki.ecKey();
        var b = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()),
                BigInteger.valueOf(new SecureRandom().nextLong() & Long.MAX_VALUE),
                Date.from(Instant.now().minus(Duration.ofDays(2))), Date.from(notAfter), new X500Name("CN=" + cn),
                key.getPublic());
        b.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(0) : new BasicConstraints(false));
        if (ocsp != null) {
            b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription(
                    X509ObjectIdentifiers.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier, ocsp))));
        }
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.key().getPrivate())));
        return new TestPki.Identity(key, List.of(cert));
    }

    private static Stack stack(Database db, MoPki pki, Path dir) throws Exception {
        Path roots = dir.resolve("contract-roots.pem");
        Files.writeString(roots, TestPki.pem(pki.root.certificate()));
        return new Stack(TestStacks.config(UnknownChargerPolicy.ACCEPT, Map.of("STACK_OCSP_RESPONDER_HOSTS", "127.0.0.1",
                "STACK_CONTRACT_ROOTS", roots.toString())), Clock.systemUTC(), db).start();
    }

    /** TransactionEvent Started on EVSE 1, triggered by the eMAID's authorization. */
    static ObjectNode startedBy(String emaid, String transactionId) {
        ObjectNode started = obj().put("eventType", "Started").put("timestamp", Instant.now().toString())
                .put("triggerReason", "Authorized").put("seqNo", 0);
        started.putObject("transactionInfo").put("transactionId", transactionId).put("chargingState", "EVConnected");
        started.set("idToken", obj().put("idToken", emaid).put("type", "eMAID"));
        started.putObject("evse").put("id", 1).put("connectorId", 1);
        return started;
    }

    private static ObjectNode authorize(String emaid) {
        return obj().set("idToken", obj().put("idToken", emaid).put("type", "eMAID"));
    }

    private static ObjectNode withHashData(ObjectNode req, List<ObjectNode> data) {
        var array = req.putArray("iso15118CertificateHashData");
        data.forEach(array::add);
        return req;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aValidContractIsAcceptedByHashDataAndByItsChainAndARevokedOneIsNot(Database db) throws Exception {
        Path dir = Files.createTempDirectory("contract-roots");
        try (MoPki pki = new MoPki(); Stack stack = stack(db, pki, dir); TestCharger cs = connect201(stack, "CS201-PNC")) {
            cs.call("BootNotification", boot());
            stack.authorization().create(EMAID, null, null, false, 1, null);
            TestPki.Identity leaf = pki.contract(EMAID, Instant.now().plus(Duration.ofDays(365)));

            // Local contract validation: the station's hash data, each certificate's status asked of the responder.
            JsonNode byHash = cs.call("Authorize", withHashData(authorize(EMAID), pki.hashData(leaf)));
            assertThat(byHash.at("/idTokenInfo/status").asText()).as(byHash.toString()).isEqualTo("Accepted");
            assertThat(byHash.get("certificateStatus").asText()).isEqualTo("Accepted");
            assertThat(pki.asked).contains(leaf.certificate().getSerialNumber(), pki.subCa.certificate().getSerialNumber());

            // Central validation (TC_C_52): only the PEM chain; the CSMS builds the OCSP requests from it.
            pki.asked.clear();
            JsonNode byChain = cs.call("Authorize", authorize(EMAID).put("certificate", pki.chainPem(leaf)));
            assertThat(byChain.at("/idTokenInfo/status").asText()).as(byChain.toString()).isEqualTo("Accepted");
            assertThat(byChain.get("certificateStatus").asText()).isEqualTo("Accepted");
            assertThat(pki.asked).as("both certificates checked over OCSP")
                    .contains(leaf.certificate().getSerialNumber(), pki.subCa.certificate().getSerialNumber());

            // The root at the end of the chain is allowed; with both the chain and hash data, the chain is validated.
            assertThat(cs.call("Authorize", authorize(EMAID).put("certificate", pki.chainPem(leaf)
                    + TestPki.pem(pki.root.certificate()))).get("certificateStatus").asText()).isEqualTo("Accepted");
            TestPki.Identity notYours = pki.contract("NLEVSC00000000Z", Instant.now().plus(Duration.ofDays(365)));
            JsonNode both = cs.call("Authorize", withHashData(authorize(EMAID), pki.hashData(leaf))
                    .put("certificate", pki.chainPem(notYours)));
            assertThat(both.get("certificateStatus").asText()).as("the chain names another eMAID").isEqualTo("CertChainError");

            // Hashes in base64, as some stations send them, name the same certificates.
            List<ObjectNode> base64 = pki.hashData(leaf);
            for (ObjectNode d : base64) {
                d.put("issuerNameHash", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(d.get("issuerNameHash").asText())));
                d.put("issuerKeyHash", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(d.get("issuerKeyHash").asText())));
            }
            assertThat(cs.call("Authorize", withHashData(authorize(EMAID), base64)).get("certificateStatus").asText())
                    .isEqualTo("Accepted");

            // The transaction the eMAID then starts is authorized like any token's.
            assertThat(cs.call("TransactionEvent", startedBy(EMAID, "TX-PNC")).at("/idTokenInfo/status").asText()).isEqualTo("Accepted");

            // C07.FR.16: revoked by the MO: CertificateRevoked and Invalid, by either route.
            pki.revoked.put(leaf.certificate().getSerialNumber(), new RevokedStatus(new Date(), 5));
            JsonNode revokedByHash = cs.call("Authorize", withHashData(authorize(EMAID), pki.hashData(leaf)));
            assertThat(revokedByHash.get("certificateStatus").asText()).isEqualTo("CertificateRevoked");
            assertThat(revokedByHash.at("/idTokenInfo/status").asText()).isEqualTo("Invalid");
            JsonNode revokedByChain = cs.call("Authorize", authorize(EMAID).put("certificate", pki.chainPem(leaf)));
            assertThat(revokedByChain.get("certificateStatus").asText()).isEqualTo("CertificateRevoked");
            assertThat(revokedByChain.at("/idTokenInfo/status").asText()).isEqualTo("Invalid");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void chainsThatDoNotHoldAreRefusedWithTheirReason(Database db) throws Exception {
        Path dir = Files.createTempDirectory("contract-roots");
        try (MoPki pki = new MoPki(); MoPki foreign = new MoPki("Foreign"); Stack stack = stack(db, pki, dir);
                TestCharger cs = connect201(stack, "CS201-PNC2")) {
            cs.call("BootNotification", boot());
            stack.authorization().create(EMAID, null, null, false, 1, null);

            // A chain ending in a root the operator does not trust (C07.FR.17 CertChainError). (One that names a
            // trusted root but was not signed by it is a forgery: SignatureError, below.)
            TestPki.Identity untrusted = foreign.contract(EMAID, Instant.now().plus(Duration.ofDays(365)));
            JsonNode chainError = cs.call("Authorize", authorize(EMAID).put("certificate", foreign.chainPem(untrusted)));
            assertThat(chainError.get("certificateStatus").asText()).isEqualTo("CertChainError");
            assertThat(chainError.at("/idTokenInfo/status").asText()).isEqualTo("Invalid");
            assertThat(foreign.asked).as("no OCSP for a chain refused already").isEmpty();

            // A contract that names our sub-CA as issuer but was signed with another key: SignatureError.
            TestPki.Identity impostorCa = new TestPki.Identity(TestPki.ecKey(), List.of(pki.subCa.certificate()));
            TestPki.Identity forgedLeaf = certificate(EMAID, impostorCa, false, pki.ocspUrl(),
                    Instant.now().plus(Duration.ofDays(30)));
            JsonNode forgedSignature = cs.call("Authorize", authorize(EMAID).put("certificate", pki.chainPem(forgedLeaf)));
            assertThat(forgedSignature.get("certificateStatus").asText()).isEqualTo("SignatureError");
            assertThat(forgedSignature.at("/idTokenInfo/status").asText()).isEqualTo("Invalid");

            // An expired contract (C07.FR.15).
            TestPki.Identity expired = pki.contract(EMAID, Instant.now().minus(Duration.ofDays(1)));
            JsonNode expiredAnswer = cs.call("Authorize", authorize(EMAID).put("certificate", pki.chainPem(expired)));
            assertThat(expiredAnswer.get("certificateStatus").asText()).isEqualTo("CertificateExpired");
            assertThat(expiredAnswer.at("/idTokenInfo/status").asText()).isEqualTo("Expired");

            // A chain that holds with an eMAID the CSMS does not accept: the contract is cancelled (C07.FR.13).
            TestPki.Identity other = pki.contract("NLEVSC87654321Y", Instant.now().plus(Duration.ofDays(365)));
            JsonNode cancelled = cs.call("Authorize", authorize("NLEVSC87654321Y").put("certificate", pki.chainPem(other)));
            assertThat(cancelled.get("certificateStatus").asText()).isEqualTo("ContractCancelled");
            assertThat(cancelled.at("/idTokenInfo/status").asText()).as("the token's own status").isEqualTo("Unknown");

            // An OCSP answer signed by a key that is not the issuer's does not count: the chain cannot be verified.
            TestPki.Identity leaf = pki.contract(EMAID, Instant.now().plus(Duration.ofDays(365)));
            pki.signing = Signing.FOREIGN_KEY;
            JsonNode forged = cs.call("Authorize", authorize(EMAID).put("certificate", pki.chainPem(leaf)));
            assertThat(forged.get("certificateStatus").asText()).isEqualTo("CertChainError");
            assertThat(forged.at("/idTokenInfo/status").asText()).isEqualTo("Invalid");

            // A certificate for another eMAID signed with the key of a driver's own contract certificate: a
            // contract certificate is no CA, so the chain does not hold.
            pki.signing = Signing.ISSUER;
            stack.authorization().create("NLEVSC99999999Z", null, null, false, 1, null);
            TestPki.Identity theirs = certificate("NLEVSC99999999Z", leaf, false, pki.ocspUrl(),
                    Instant.now().plus(Duration.ofDays(30)));
            JsonNode impostor = cs.call("Authorize", authorize("NLEVSC99999999Z")
                    .put("certificate", TestPki.pem(theirs.certificate()) + pki.chainPem(leaf)));
            assertThat(impostor.get("certificateStatus").asText()).isEqualTo("CertChainError");
            assertThat(impostor.at("/idTokenInfo/status").asText()).isEqualTo("Invalid");

            // The public sub-CA certificate, or another driver's valid contract, presented for this eMAID.
            JsonNode subCaAlone = cs.call("Authorize", authorize(EMAID).put("certificate",
                    TestPki.pem(pki.subCa.certificate())));
            assertThat(subCaAlone.get("certificateStatus").asText()).isEqualTo("CertChainError");
            JsonNode someoneElses = cs.call("Authorize", authorize(EMAID).put("certificate", pki.chainPem(other)));
            assertThat(someoneElses.get("certificateStatus").asText()).isEqualTo("CertChainError");
            assertThat(someoneElses.at("/idTokenInfo/status").asText()).isEqualTo("Invalid");

            // OCSP answers that do not count, for hash data: a self-signed answer in the sub-CA's name (anyone on an
            // http path could send it), a delegate without the OCSP-signing usage, and a stale one.
            for (Signing bad : List.of(Signing.ROGUE_SELF_SIGNED, Signing.DELEGATE_WITHOUT_OCSP_USAGE, Signing.STALE)) {
                pki.signing = bad;
                JsonNode refused = cs.call("Authorize", withHashData(authorize(EMAID), pki.hashData(leaf)));
                assertThat(refused.get("certificateStatus").asText()).as(bad.name()).isEqualTo("CertChainError");
                assertThat(refused.at("/idTokenInfo/status").asText()).as(bad.name()).isEqualTo("Invalid");
            }
            // ... while a delegate the sub-CA certified for OCSP signing counts (RFC 6960 4.2.2.2).
            pki.signing = Signing.OCSP_DELEGATE;
            assertThat(cs.call("Authorize", withHashData(authorize(EMAID), pki.hashData(leaf))).get("certificateStatus")
                    .asText()).isEqualTo("Accepted");

            // No responder to ask: not verifiable, refused.
            pki.signing = Signing.ISSUER;
            pki.responder.stop(0);
            JsonNode unreachable = cs.call("Authorize", withHashData(authorize(EMAID), pki.hashData(leaf)));
            assertThat(unreachable.get("certificateStatus").asText()).isEqualTo("CertChainError");

            // A plain RFID Authorize is unchanged: no certificateStatus.
            stack.authorization().create("RFID-1", null, null, false, 1, null);
            JsonNode rfid = cs.call("Authorize", obj().set("idToken", obj().put("idToken", "RFID-1").put("type", "ISO14443")));
            assertThat(rfid.at("/idTokenInfo/status").asText()).isEqualTo("Accepted");
            assertThat(rfid.has("certificateStatus")).isFalse();
        }
    }
}
