package io.evstack.ocpp.server;

import io.evstack.ocpp.OcppVersion;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The pipeline of one charger socket, one handler per concern. */
final class OcppChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final int MAX_HANDSHAKE_REQUEST = 16 * 1024;

    private final ServerContext context;
    private final SslContext sslContext;
    private final ChannelGroup channels;
    private final WebSocketServerProtocolConfig webSocketConfig;

    /** @param channels where every accepted socket is tracked, for closing them all at shutdown */
    OcppChannelInitializer(ServerContext context, SslContext sslContext, ChannelGroup channels) {
        this.context = context;
        this.sslContext = sslContext;
        this.channels = channels;
        OcppServerConfig config = context.config();
        this.webSocketConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/") // the handshake gate has checked the path
                .checkStartsWith(true)
                .subprotocols(config.versions().stream()
                        .sorted(Comparator.reverseOrder())
                        .map(OcppVersion::subprotocol)
                        .collect(Collectors.joining(",")))
                .maxFramePayloadLength(config.maxFramePayload())
                .allowExtensions(false)
                .handleCloseFrames(true)
                .dropPongFrames(true)
                .build();
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        OcppServerConfig config = context.config();
        channels.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        if (sslContext != null) {
            pipeline.addLast("tls", sslContext.newHandler(channel.alloc()));
            pipeline.addLast("tls-log", new TlsHandshakeLog());
        }
        pipeline.addLast("http", new HttpServerCodec());
        pipeline.addLast("http-aggregator", new HttpObjectAggregator(MAX_HANDSHAKE_REQUEST));
        if (!config.pingInterval().isZero()) { // before the WebSocket decoder: pongs count as life
            pipeline.addLast("idle", new IdleStateHandler(config.pingInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        }
        pipeline.addLast("handshake-gate", new HandshakeGate(context));
        pipeline.addLast("websocket", new WebSocketServerProtocolHandler(webSocketConfig));
        pipeline.addLast("frame-aggregator", new WebSocketFrameAggregator(config.maxFramePayload()));
        pipeline.addLast("keep-alive", new KeepAliveHandler());
        pipeline.addLast("frame-tap", new FrameTapHandler(context));
        pipeline.addLast("rpc-codec", new RpcCodecHandler(context.codec()));
        pipeline.addLast("charger", new ChargerConnectionHandler(context));
    }
}
