package io.evstack.csms.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.api.ContentResponse;
import org.eclipse.jetty.client.http.HttpClientTransportOverHTTP;
import org.eclipse.jetty.client.util.BytesRequestContent;
import org.eclipse.jetty.client.util.FutureResponseListener;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * An OCSP request (RFC 6960 Appendix A.1: an HTTP POST of application/ocsp-request) sent to an address that
 * {@link OcspResponders} approved, with the URL's host in the Host header and, over https, in SNI and the
 * certificate check. The JDK's HTTP clients resolve the host themselves when they connect, which would let a
 * name answer differently than it did to the check (DNS rebinding); Jetty's client takes a resolver, and this
 * one answers with the approved addresses only. No redirects (a redirect could point anywhere), one deadline
 * for the whole exchange, a bounded body.
 */
final class OcspHttpClient {
    /** Far above what a GetCertificateStatusResponse can carry (5500 base64 characters). */
    static final int MAX_BODY = 64 * 1024;

    record Response(int status, byte[] body) {}

    private final Duration timeout;
    private final SSLContext tls;

    OcspHttpClient(Duration timeout) {
        this(timeout, null);
    }

    /** @param tls the trust for https responders; null: the JVM's default trust store */
    OcspHttpClient(Duration timeout, SSLContext tls) {
        this.timeout = timeout;
        this.tls = tls;
    }

    /**
     * POSTs the request to the first of the addresses that accepts a connection. A client per request: the
     * requests are rare (a station's GetCertificateStatus), and nothing outlives the call.
     */
    Response post(URI uri, List<InetAddress> addresses, byte[] request) throws IOException {
        var ssl = new SslContextFactory.Client(); // checks the certificate names the URL's host (HTTPS identification)
        if (tls != null) {
            ssl.setSslContext(tls);
        }
        var connector = new ClientConnector();
        connector.setSslContextFactory(ssl);
        var client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setFollowRedirects(false);
        client.setConnectTimeout(timeout.toMillis());
        // the approved addresses, each named by the URL's host (no lookup: getByAddress only attaches the name),
        // which is then the name TLS sends (SNI) and checks the certificate against
        client.setSocketAddressResolver((host, port, promise) -> {
            try {
                List<InetSocketAddress> pinned = new ArrayList<>();
                for (InetAddress a : addresses) {
                    pinned.add(new InetSocketAddress(InetAddress.getByAddress(host, a.getAddress()), port));
                }
                promise.succeeded(pinned);
            } catch (UnknownHostException e) {
                promise.failed(e);
            }
        });
        try {
            client.start();
            var exchange = client.newRequest(uri).method(HttpMethod.POST)
                    .body(new BytesRequestContent("application/ocsp-request", request))
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
            var listener = new FutureResponseListener(exchange, MAX_BODY);
            exchange.send(listener);
            ContentResponse response = listener.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Response(response.getStatus(), response.getContent());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("No OCSP answer from " + uri.getHost() + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            try {
                client.stop();
            } catch (Exception e) {
                // nothing outlives the call; a failed stop leaves nothing behind but threads that end on their own
            }
        }
    }
}
