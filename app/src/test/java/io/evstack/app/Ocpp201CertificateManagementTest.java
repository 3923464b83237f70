package io.evstack.app;

import static io.evstack.app.Ocpp201ProvisioningTest.api;
import static io.evstack.app.Ocpp201ProvisioningTest.boot;
import static io.evstack.app.Ocpp201ProvisioningTest.connect201;
import static io.evstack.app.TestCharger.obj;
import static io.evstack.db.generated.Tables.ISSUED_CERTIFICATE;
import static io.evstack.db.generated.Tables.STATION_REPORT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OCPP 2.0.1 block M (ISO 15118 certificate management) and the V2G side of A02/A03 against the real
 * stack: a V2G CSR signed by our CA; GetCertificateStatus answered by our own OCSP responder (good, then
 * revoked by the operator, unknown), forwarded to a foreign issuer's responder, Failed when that cannot be
 * reached; Get15118EVCertificate Failed with a reason and kept; InstallCertificate and
 * GetInstalledCertificateIds from the operator API.
 */
class Ocpp201CertificateManagementTest {
    private static final String SECC_ID = "DEEVSS1234567890ABCDEF1234567890ABCDEF12";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void v2gCertificateSignedAndItsStatusAnsweredByOurOcspResponder(Database db) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT);
                TestCharger cs = connect201(stack, "CS201-M")) {
            cs.call("BootNotification", boot());
            X509Certificate root = stack.certificateAuthority().root();

            // A02/A03 with certificateType V2GCertificate: the SECC ID as CN, signed, sent back typed.
            cs.answer("CertificateSigned", p -> obj().put("status", "Accepted"));
            var key = TestPki.ecKey();
            JsonNode answer = cs.call("SignCertificate", obj().put("csr", TestPki.csr(key, "CN=" + SECC_ID + ",O=Acme"))
                    .put("certificateType", "V2GCertificate"));
            assertThat(answer.get("status").asText()).isEqualTo("Accepted");
            JsonNode signed = cs.receivedCalls.poll(10, TimeUnit.SECONDS);
            assertThat(signed.get(2).asText()).isEqualTo("CertificateSigned");
            assertThat(signed.at("/3/certificateType").asText()).isEqualTo("V2GCertificate");
            var chain = TestPki.parseChain(signed.at("/3/certificateChain").asText());
            X509Certificate leaf = chain.getFirst();
            leaf.verify(root.getPublicKey());
            assertThat(leaf.getSubjectX500Principal().getName()).contains("CN=" + SECC_ID);
            assertThat(leaf.getPublicKey()).isEqualTo(key.getPublic());
            assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth: the SECC is the TLS server
            var row = db.dsl().selectFrom(ISSUED_CERTIFICATE).fetchOne();
            assertThat(row.getCertificateType()).isEqualTo("V2GCertificate");
            assertThat(row.getSerialNumber()).isEqualTo(leaf.getSerialNumber().toString(16));
            JsonNode issued = api(stack, "GET", "/api/v1/charge-points/CS201-M/issued-certificates", null);
            assertThat(issued).hasSize(1);
            assertThat(issued.get(0).get("serialNumber").asText()).isEqualTo(leaf.getSerialNumber().toString(16));
            assertThat(issued.get(0).hasNonNull("revokedAt")).isFalse();

            // A ChargingStationCertificate CSR must still name the station itself.
            assertThat(cs.call("SignCertificate", obj().put("csr", TestPki.csr(key, "CN=" + SECC_ID))
                    .put("certificateType", "ChargingStationCertificate")).get("status").asText()).isEqualTo("Rejected");

            // M06: our CA answers for its own certificate: good, signed by the CA, echoing the CertID.
            SingleResp good = ocsp(cs, query(root, leaf.getSerialNumber(), "SHA256"), root);
            assertThat(good.getCertID().getSerialNumber()).isEqualTo(leaf.getSerialNumber());
            assertThat(good.getCertStatus()).isEqualTo(CertificateStatus.GOOD);
            assertThat(good.getNextUpdate()).isAfter(new Date());

            // Revoked by the operator: the next answer says so, with the reason.
            JsonNode revoked = api(stack, "POST", "/api/v1/issued-certificates/" + leaf.getSerialNumber().toString(16)
                    + "/revoke", "{\"reason\":\"keyCompromise\"}");
            assertThat(revoked.get("revocationReason").asText()).isEqualTo("keyCompromise");
            SingleResp nowRevoked = ocsp(cs, query(root, leaf.getSerialNumber(), "SHA384"), root);
            assertThat(nowRevoked.getCertStatus()).isInstanceOf(RevokedStatus.class);
            assertThat(((RevokedStatus) nowRevoked.getCertStatus()).getRevocationReason()).isEqualTo(1);

            // A serial our CA never signed: unknown (RFC 6960 2.2).
            SingleResp unknown = ocsp(cs, query(root, BigInteger.valueOf(0x1234), "SHA256"), root);
            assertThat(unknown.getCertStatus()).isInstanceOf(UnknownStatus.class);

            // Bad operator input: 400, not 500.
            assertThat(apiStatus(stack, "POST", "/api/v1/issued-certificates/zz/revoke", "{}")).isEqualTo(400);
            assertThat(apiStatus(stack, "POST", "/api/v1/issued-certificates/abc/revoke", "{\"reason\":\"bored\"}"))
                    .isEqualTo(400);
            assertThat(apiStatus(stack, "POST", "/api/v1/issued-certificates/abc/revoke", "{}")).isEqualTo(404);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void foreignCertificatesContractRequestsAndInstalledRoots(Database db) throws Exception {
        var foreignCa = TestPki.ca("Foreign V2G Root");
        var foreignLeaf = TestPki.issue(foreignCa, "CN=SOMEONE", false).certificate();
        // The foreign issuer's OCSP responder, on loopback: it answers "revoked" for whatever it is asked.
        HttpServer responder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        var requests = new AtomicInteger();
        responder.createContext("/ocsp", exchange -> {
            requests.incrementAndGet();
            try {
                OCSPReq req = new OCSPReq(exchange.getRequestBody().readAllBytes());
                var b = new BasicOCSPRespBuilder(new RespID(new JcaX509CertificateHolder(foreignCa.certificate()).getSubject()));
                b.addResponse(req.getRequestList()[0].getCertID(), new RevokedStatus(new Date(), 4));
                BasicOCSPResp basic = b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                        .build(foreignCa.key().getPrivate()), null, new Date());
                byte[] body = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
                exchange.getResponseHeaders().add("Content-Type", "application/ocsp-response");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
        responder.start();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        // The loopback responder is called only because the operator lists its host: a station's responderURL
        // must not make the CSMS send requests inside the operator's network.
        try (Stack stack = new Stack(TestStacks.config(UnknownChargerPolicy.ACCEPT,
                        Map.of("STACK_OCSP_RESPONDER_HOSTS", "127.0.0.1")), Clock.systemUTC(), db).start();
                TestCharger cs = connect201(stack, "CS201-N")) {
            cs.call("BootNotification", boot());

            // M06 for another issuer: asked of the responder the station names, its answer passed on.
            ObjectNode q = query(foreignCa.certificate(), foreignLeaf.getSerialNumber(), "SHA256")
                    .put("responderURL", "http://localhost:" + responder.getAddress().getPort() + "/ocsp");
            JsonNode refused = cs.call("GetCertificateStatus", obj().set("ocspRequestData", q));
            assertThat(refused.get("status").asText()).as("localhost is not listed").isEqualTo("Failed");
            assertThat(refused.at("/statusInfo/reasonCode").asText()).isEqualTo("ResponderNotAllowed");
            assertThat(requests.get()).as("nothing sent to an unlisted internal host").isZero();
            q.put("responderURL", "http://127.0.0.1:" + responder.getAddress().getPort() + "/ocsp");
            SingleResp forwarded = ocsp(cs, q, foreignCa.certificate());
            assertThat(forwarded.getCertID().getSerialNumber()).isEqualTo(foreignLeaf.getSerialNumber());
            assertThat(((RevokedStatus) forwarded.getCertStatus()).getRevocationReason()).isEqualTo(4);

            // ... and Failed, with the reason, when that responder cannot be reached.
            q.put("responderURL", "http://127.0.0.1:" + closedPort + "/ocsp");
            JsonNode failed = cs.call("GetCertificateStatus", obj().set("ocspRequestData", q));
            assertThat(failed.get("status").asText()).isEqualTo("Failed");
            assertThat(failed.at("/statusInfo/reasonCode").asText()).isEqualTo("ResponderUnreachable");
            assertThat(failed.has("ocspResult")).isFalse();

            // M01: no contract certificate provider: Failed with the reason, never a certificate; the EV's
            // request kept as received for the operator.
            JsonNode ev = cs.call("Get15118EVCertificate", obj().put("iso15118SchemaVersion", "urn:iso:15118:2:2013:MsgDef")
                    .put("action", "Install").put("exiRequest", "gAKBAgME"));
            assertThat(ev.get("status").asText()).isEqualTo("Failed");
            assertThat(ev.at("/statusInfo/reasonCode").asText()).isEqualTo("NoCPSConfigured");
            assertThat(ev.at("/statusInfo/additionalInfo").asText()).contains("Install");
            assertThat(ev.get("exiResponse").asText()).isEmpty();
            var kept = db.dsl().selectFrom(STATION_REPORT).where(STATION_REPORT.KIND.eq("Get15118EVCertificate")).fetchOne();
            assertThat(kept.getPayload()).contains("gAKBAgME");
            assertThat(api(stack, "GET", "/api/v1/charge-points/CS201-N/reports?kind=Get15118EVCertificate", null)).hasSize(1);

            // M05 from the operator API: our root installed as V2G root; a non-CA certificate refused with 400.
            String base = "/api/v1/charge-points/CS201-N/operations201/";
            cs.answer("InstallCertificate", p -> obj().put("status", "Accepted"));
            cs.receivedCalls.clear();
            String rootPem = stack.certificateAuthority().rootPem();
            JsonNode installed = api(stack, "POST", base + "InstallCertificate", obj()
                    .put("certificateType", "V2GRootCertificate").put("certificate", rootPem).toString());
            assertThat(installed.get("status").asText()).isEqualTo("Accepted");
            JsonNode install = cs.receivedCalls.poll(5, TimeUnit.SECONDS);
            assertThat(install.at("/3/certificateType").asText()).isEqualTo("V2GRootCertificate");
            assertThat(install.at("/3/certificate").asText()).isEqualTo(rootPem);
            JsonNode installReport = api(stack, "GET", "/api/v1/charge-points/CS201-N/reports?kind=InstallCertificate", null);
            assertThat(installReport).hasSize(1);
            assertThat(installReport.toString()).contains("V2GRootCertificate").contains("Accepted");
            assertThat(apiStatus(stack, "POST", base + "InstallCertificate", obj().put("certificateType", "MORootCertificate")
                    .put("certificate", TestPki.pem(foreignLeaf)).toString())).isEqualTo(400);
            assertThat(apiStatus(stack, "POST", base + "InstallCertificate", obj().put("certificateType", "MORootCertificate")
                    .put("certificate", "not a certificate").toString())).isEqualTo(400);
            assertThat(cs.receivedCalls.poll(300, TimeUnit.MILLISECONDS)).isNull();

            // M03: the installed certificates by type; the filter reaches the station and its list is kept.
            cs.answer("GetInstalledCertificateIds", p -> {
                var res = obj().put("status", "Accepted");
                res.putArray("certificateHashDataChain").addObject().put("certificateType", "V2GRootCertificate")
                        .set("certificateHashData", obj().put("hashAlgorithm", "SHA256").put("issuerNameHash", "aa")
                                .put("issuerKeyHash", "bb").put("serialNumber", "01"));
                return res;
            });
            JsonNode ids = api(stack, "POST", base + "GetInstalledCertificateIds",
                    "{\"certificateType\":[\"V2GRootCertificate\",\"MORootCertificate\"]}");
            assertThat(ids.at("/certificateHashDataChain/0/certificateType").asText()).isEqualTo("V2GRootCertificate");
            JsonNode asked = cs.receivedCalls.poll(5, TimeUnit.SECONDS);
            assertThat(asked.get(2).asText()).isEqualTo("GetInstalledCertificateIds");
            assertThat(asked.at("/3/certificateType").toString()).isEqualTo("[\"V2GRootCertificate\",\"MORootCertificate\"]");
            assertThat(api(stack, "GET", "/api/v1/charge-points/CS201-N/reports?kind=InstalledCertificateIds", null))
                    .hasSize(1);
        } finally {
            responder.stop(0);
        }
    }

    /** OCSPRequestDataType for a certificate of this issuer (RFC 6960 CertID, hashes in hex). */
    static ObjectNode query(X509Certificate issuer, BigInteger serial, String hashAlgorithm) throws Exception {
        String jca = "SHA-" + hashAlgorithm.substring(3);
        byte[] nameHash = MessageDigest.getInstance(jca).digest(issuer.getSubjectX500Principal().getEncoded());
        byte[] keyHash = MessageDigest.getInstance(jca).digest(
                SubjectPublicKeyInfo.getInstance(issuer.getPublicKey().getEncoded()).getPublicKeyData().getBytes());
        return obj().put("hashAlgorithm", hashAlgorithm).put("issuerNameHash", HexFormat.of().formatHex(nameHash))
                .put("issuerKeyHash", HexFormat.of().formatHex(keyHash)).put("serialNumber", serial.toString(16))
                .put("responderURL", "http://ocsp.invalid/");
    }

    /** Sends GetCertificateStatus, expects Accepted, checks the OCSP response's signature by {@code signer}. */
    private static SingleResp ocsp(TestCharger cs, ObjectNode query, X509Certificate signer) throws Exception {
        JsonNode res = cs.call("GetCertificateStatus", obj().set("ocspRequestData", query));
        assertThat(res.get("status").asText()).as(res.toString()).isEqualTo("Accepted");
        OCSPResp resp = new OCSPResp(Base64.getDecoder().decode(res.get("ocspResult").asText()));
        assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer.getPublicKey()))).isTrue();
        assertThat(basic.getProducedAt()).isBefore(Date.from(Instant.now().plusSeconds(5)));
        assertThat(basic.getResponses()).hasSize(1);
        return basic.getResponses()[0];
    }

    static int apiStatus(Stack stack, String method, String path, String body) throws Exception {
        var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + stack.httpPort() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:test-admin-password".getBytes()))
                .header("Content-Type", "application/json")
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        return java.net.http.HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }
}
