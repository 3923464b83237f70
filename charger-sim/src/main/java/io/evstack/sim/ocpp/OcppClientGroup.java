package io.evstack.sim.ocpp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * What all simulated chargers of one JVM share: the Netty event loops (a handful of threads for any
 * number of chargers), the TLS context and the JSON codec. Each charger gets a {@link ChargerLink} pinned
 * to one of the loops.
 */
public final class OcppClientGroup implements AutoCloseable {
    private final ClientOptions options;
    private final EventLoopGroup loops;
    private final RpcFrameCodec codec;
    private SslContext sslContext;

    public OcppClientGroup(ClientOptions options, ObjectMapper mapper) {
        this.options = options;
        this.codec = new RpcFrameCodec(mapper);
        this.loops = new MultiThreadIoEventLoopGroup(options.ioThreads(), NioIoHandler.newFactory());
    }

    public ClientOptions options() {
        return options;
    }

    /** The next event loop, round robin: give each charger one and run all its work there. */
    public EventLoop nextLoop() {
        return (EventLoop) loops.next();
    }

    /** A link for one charger, not yet started. */
    public ChargerLink link(ChargerEndpoint endpoint, EventLoop loop, CallHandler handler, LinkListener listener,
            LinkMetrics metrics) {
        return new ChargerLink(endpoint, loop, this, handler, listener, metrics);
    }

    RpcFrameCodec codec() {
        return codec;
    }

    synchronized SslContext sslContext(ChargerEndpoint endpoint) {
        if (!endpoint.tls()) {
            return null;
        }
        if (sslContext == null) {
            sslContext = buildSslContext(options.trust());
        }
        return sslContext;
    }

    @Override
    public void close() {
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static SslContext buildSslContext(TlsTrust trust) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().protocols("TLSv1.3", "TLSv1.2");
            if (trust.trustAll()) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (trust.trustStore() != null) {
                char[] password = trust.trustStorePassword() == null ? null : trust.trustStorePassword().toCharArray();
                KeyStore store = KeyStore.getInstance(trust.trustStore().toFile(), password);
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                builder.trustManager(factory);
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trust store " + trust.trustStore(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the trust store " + trust.trustStore(), e);
        }
    }
}
