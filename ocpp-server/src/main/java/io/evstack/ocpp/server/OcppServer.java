package io.evstack.ocpp.server;

import io.evstack.ocpp.OcppJson;
import io.evstack.ocpp.OcppVersion;
import io.evstack.ocpp.rpc.OcppSchemas;
import io.evstack.ocpp.rpc.RpcCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCPP-J WebSocket endpoint: Netty event loops for the sockets, virtual threads for the handler, the
 * authenticator and the listeners. Create it, {@link #start()} it, hand {@link #gateway()} to whoever sends
 * commands to chargers, {@link #close()} it at the end.
 */
public final class OcppServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OcppServer.class);

    private final ServerContext context;
    private final LocalChargerGateway gateway;
    private final ChannelGroup channels = new DefaultChannelGroup("ocpp", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;
    private boolean closed;
    private volatile List<X509Certificate> tlsChain = List.of();

    public OcppServer(OcppServerConfig config, IncomingCallHandler handler, ChargerAuthenticator authenticator,
            ConnectionListener connectionListener, FrameListener frameListener) {
        this(config, handler, authenticator, connectionListener, frameListener, null);
    }

    /** @param meterRegistry where to publish the server's meters; null for none */
    public OcppServer(OcppServerConfig config, IncomingCallHandler handler, ChargerAuthenticator authenticator,
            ConnectionListener connectionListener, FrameListener frameListener, MeterRegistry meterRegistry) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(connectionListener, "connectionListener");
        Objects.requireNonNull(frameListener, "frameListener");
        ConnectionRegistry registry = new InProcessConnectionRegistry();
        OcppSchemas schemas = OcppSchemas.shared();
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ocpp-", 0).factory());
        this.context = new ServerContext(config, new CallDispatcher(handler, schemas, OcppJson.mapper()), authenticator,
                registry, connectionListener, frameListener, executor, new OcppMetrics(meterRegistry, registry), schemas,
                OcppJson.mapper(), new RpcCodec(OcppJson.mapper()), new java.util.concurrent.Semaphore(AUTHENTICATIONS_AT_ONCE));
        this.gateway = new LocalChargerGateway(context);
    }

    /** Fewer than a database pool's connections, so that handshakes never take the whole pool. */
    static final int AUTHENTICATIONS_AT_ONCE = 8;

    /** Binds the port; returns once the server accepts connections. */
    public synchronized void start() {
        if (serverChannel != null || closed) {
            throw new IllegalStateException(closed ? "closed (a server does not restart)" : "already started");
        }
        OcppServerConfig config = context.config();
        config.versions().forEach(context.schemas()::preload);
        ServerTls tls = config.tls() ? ServerTls.load(config) : null;
        SslContext sslContext = tls == null ? null : tls.context();
        tlsChain = tls == null ? List.of() : tls.chain();
        bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workerGroup = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        try {
            serverChannel = new ServerBootstrap()
                    .group(bossGroup, workerGroup)
                    .channel(NioServerSocketChannel.class)
                    // a reconnect storm is thousands of SYNs within a second: with 1,024 pending accepts the kernel
                    // dropped the rest and 7,939 connects of 10,000 chargers timed out; the kernel caps this at
                    // net.core.somaxconn (4,096 on Debian 12)
                    .option(ChannelOption.SO_BACKLOG, 8192)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new OcppChannelInitializer(context, sslContext, channels))
                    .bind(config.host(), config.port())
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            shutdownGroups();
            serverChannel = null;
            throw e;
        }
        log.info("OCPP server {} listening on {}:{}{} ({}, {})", config.nodeId(), config.host(), port(), config.pathPrefix(),
                config.versions().stream().map(OcppVersion::subprotocol).toList(), !config.tls() ? "no TLS"
                        : config.clientCertificates() ? "TLS, client certificates " + config.tlsClientAuth() : "TLS");
    }

    /** The port actually bound (useful with port 0). */
    public synchronized int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public ChargerGateway gateway() {
        return gateway;
    }

    /**
     * The server's TLS certificate chain once started (its own certificate first, the root last), empty
     * without TLS: the root is what a charger must trust (CSMSRootCertificate) to connect over TLS.
     */
    public List<X509Certificate> tlsCertificateChain() {
        return tlsChain;
    }

    public OcppServerConfig config() {
        return context.config();
    }

    /** Stops accepting, closes every charger socket (their calls fail, disconnected() is called), frees the threads. */
    @Override
    public synchronized void close() {
        closed = true;
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownGroups();
        context.executor().shutdown();
    }

    private void shutdownGroups() {
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workerGroup = null;
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            bossGroup = null;
        }
    }
}
