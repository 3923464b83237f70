package io.evstack.csms.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.evstack.db.Database;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * M06 GetCertificateStatus forwarded to the station's responderURL goes to the very addresses the responder check
 * approved: a name that resolves to a public address for the check and to loopback afterwards (DNS rebinding)
 * cannot make the CSMS call a service on the operator's side.
 */
class OcspResponderRebindingTest {
    private static final String SERIAL = "0a1b2c3d";

    /** What the loopback server received: one entry per request. */
    private record Received(String host, String path, String contentType, byte[] body) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer loopback;
    private byte[] ocspResponse;

    @BeforeEach
    void startLoopbackService() throws Exception {
        ocspResponse = new OCSPRespBuilder().build(OCSPRespBuilder.UNAUTHORIZED, null).getEncoded();
        loopback = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        loopback.createContext("/", exchange -> {
            received.add(new Received(exchange.getRequestHeaders().getFirst("Host"), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody().readAllBytes()));
            answer(exchange);
        });
        loopback.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        boolean chunked = exchange.getRequestURI().getPath().endsWith("/chunked");
        exchange.getResponseHeaders().add("Content-Type", "application/ocsp-response");
        exchange.sendResponseHeaders(200, chunked ? 0 : ocspResponse.length);
        try (var out = exchange.getResponseBody()) {
            out.write(ocspResponse);
        }
    }

    @AfterEach
    void stopLoopbackService() {
        loopback.stop(0);
    }

    /** Answers a public address (TEST-NET-1, RFC 5737) to the first lookup of a name and loopback to every later one. */
    private static final class RebindingResolver implements OcspResponders.Resolver {
        final AtomicInteger lookups = new AtomicInteger();

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            byte[] address = lookups.getAndIncrement() == 0 ? new byte[] {(byte) 192, 0, 2, 10} : new byte[] {127, 0, 0, 1};
            return new InetAddress[] {InetAddress.getByAddress(host, address)};
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aNameRebindingToLoopbackAfterTheCheckDoesNotReachLoopback(Database db) {
        var resolver = new RebindingResolver();
        var service = service(db, new OcspResponders(Set.of(), resolver));

        var outcome = service.status(query("http://ocsp.rebind.test:" + loopback.getAddress().getPort() + "/ocsp"));

        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.reasonCode()).isEqualTo("ResponderUnreachable"); // 192.0.2.10 does not answer
        assertThat(received).as("requests that reached the loopback service").isEmpty();
        assertThat(resolver.lookups).as("the name is resolved once, for the check").hasValue(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aListedResponderIsCalledAtTheAddressItResolvedToUnderItsOwnName(Database db) throws Exception {
        var lookups = new AtomicInteger();
        OcspResponders.Resolver internal = host -> {
            lookups.incrementAndGet();
            return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
        };
        var service = service(db, new OcspResponders(Set.of("OCSP.Internal.Test"), internal));
        int port = loopback.getAddress().getPort();

        var outcome = service.status(query("http://ocsp.internal.test:" + port + "/ocsp?from=station"));
        var chunked = service.status(query("http://ocsp.internal.test:" + port + "/chunked"));

        assertThat(outcome.accepted()).as(outcome.additionalInfo()).isTrue();
        assertThat(Base64.getDecoder().decode(outcome.ocspResult())).isEqualTo(ocspResponse);
        assertThat(chunked.accepted()).as(chunked.additionalInfo()).isTrue();
        assertThat(Base64.getDecoder().decode(chunked.ocspResult())).isEqualTo(ocspResponse);
        assertThat(received).hasSize(2);
        Received first = received.getFirst();
        assertThat(first.host()).isEqualTo("ocsp.internal.test:" + port);
        assertThat(first.path()).isEqualTo("/ocsp?from=station");
        assertThat(first.contentType()).isEqualTo("application/ocsp-request");
        assertThat(new OCSPReq(first.body()).getRequestList()[0].getCertID().getSerialNumber())
                .isEqualTo(new BigInteger(SERIAL, 16));
        assertThat(lookups).as("one lookup per request").hasValue(2);
    }

    private static CertificateStatusService service(Database db, OcspResponders responders) {
        return new CertificateStatusService(new LocalCertificateAuthority(Clock.systemUTC()),
                new IssuedCertificates(db.dsl(), Clock.systemUTC()), Duration.ofSeconds(2), responders);
    }

    /** A certificate of another issuer than the CSMS's CA, so that the request goes to the responder. */
    private static CertificateStatusService.Query query(String responderUrl) {
        return new CertificateStatusService.Query("SHA256", "aa".repeat(32), "bb".repeat(32), SERIAL, responderUrl);
    }
}
