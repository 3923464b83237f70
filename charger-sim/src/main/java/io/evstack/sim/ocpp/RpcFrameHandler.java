package io.evstack.sim.ocpp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * The last handler: hands text frames and the handshake's outcome to the link. Control frames never get
 * here (the protocol handler answers pings and handles close); binary frames are not OCPP-J and close the
 * socket.
 */
final class RpcFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final LinkEvents events;
    private final WebSocketClientProtocolHandler protocol;

    RpcFrameHandler(LinkEvents events, WebSocketClientProtocolHandler protocol) {
        this.events = events;
        this.protocol = protocol;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame text) {
            events.textReceived(ctx.channel(), text.text());
        } else {
            events.failed(ctx.channel(), new IllegalStateException("unexpected " + frame.getClass().getSimpleName()));
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            events.handshakeComplete(ctx.channel(), protocol.handshaker().actualSubprotocol());
        } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            events.failed(ctx.channel(), new java.util.concurrent.TimeoutException("WebSocket handshake timed out"));
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        events.failed(ctx.channel(), cause);
    }
}
