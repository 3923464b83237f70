package io.evstack.sim.ocpp;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** One charger's client pipeline, a handler per concern. */
final class ClientChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final ChargerEndpoint endpoint;
    private final ClientOptions options;
    private final SslContext sslContext;
    private final boolean verifyHostname;
    private final LinkEvents events;

    ClientChannelInitializer(ChargerEndpoint endpoint, ClientOptions options, SslContext sslContext,
            boolean verifyHostname, LinkEvents events) {
        this.endpoint = endpoint;
        this.options = options;
        this.sslContext = sslContext;
        this.verifyHostname = verifyHostname;
        this.events = events;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (endpoint.tls()) {
            SslHandler ssl = sslContext.newHandler(ch.alloc(), endpoint.host(), endpoint.port());
            if (verifyHostname) {
                SSLEngine engine = ssl.engine();
                SSLParameters params = engine.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                engine.setSSLParameters(params);
            }
            p.addLast("tls", ssl);
        }
        p.addLast("http", new HttpClientCodec());
        p.addLast("http-aggregator", new HttpObjectAggregator(64 * 1024));
        WebSocketClientProtocolHandler protocol = new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(endpoint.url())
                .subprotocol(endpoint.protocol().subprotocol())
                .customHeaders(headers())
                .maxFramePayloadLength(options.maxFramePayload())
                .handshakeTimeoutMillis(options.handshakeTimeout().toMillis())
                .handleCloseFrames(true)
                .dropPongFrames(true)
                .build());
        p.addLast("websocket", protocol);
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(options.maxFramePayload()));
        p.addLast("rpc", new RpcFrameHandler(events, protocol));
    }

    private HttpHeaders headers() {
        HttpHeaders headers = new DefaultHttpHeaders();
        if (endpoint.password() != null) {
            String credentials = endpoint.chargerId() + ":" + endpoint.password();
            headers.add(HttpHeaderNames.AUTHORIZATION,
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return headers;
    }
}
