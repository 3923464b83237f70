package io.evstack.ocpp.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on the reader-idle events of the {@link io.netty.handler.timeout.IdleStateHandler} placed before the
 * WebSocket decoder (so that pongs count as life): after each silent ping interval it sends a WebSocket ping;
 * after {@value #SILENT_INTERVALS} silent intervals in a row it closes the socket. Before the upgrade it only
 * closes.
 */
final class KeepAliveHandler extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(KeepAliveHandler.class);
    static final int SILENT_INTERVALS = 3;

    private boolean upgraded;
    private int silentIntervals;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            upgraded = true;
        } else if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            silentIntervals = idle.isFirst() ? 1 : silentIntervals + 1;
            if (silentIntervals >= SILENT_INTERVALS) {
                Handshake handshake = ctx.channel().attr(Handshake.KEY).get();
                log.info("{}: silent for {} ping intervals, closing", handshake == null ? ctx.channel() : handshake.chargerId(),
                        silentIntervals);
                ctx.close();
            } else if (upgraded) {
                ctx.writeAndFlush(new PingWebSocketFrame());
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }
}
