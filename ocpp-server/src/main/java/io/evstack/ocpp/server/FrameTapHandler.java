package io.evstack.ocpp.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shows every text frame in and out to the {@link FrameListener} and counts it. */
final class FrameTapHandler extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(FrameTapHandler.class);

    private final ServerContext context;

    FrameTapHandler(ServerContext context) {
        this.context = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof TextWebSocketFrame frame) {
            context.metrics().frameIn();
            tap(ctx, FrameListener.Direction.IN, frame);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof TextWebSocketFrame frame) {
            context.metrics().frameOut();
            tap(ctx, FrameListener.Direction.OUT, frame);
        }
        ctx.write(msg, promise);
    }

    private void tap(ChannelHandlerContext ctx, FrameListener.Direction direction, TextWebSocketFrame frame) {
        try {
            context.frameListener().frame(ctx.channel().attr(Handshake.KEY).get().chargerId(), direction, frame.text());
        } catch (RuntimeException e) {
            log.warn("Frame listener failed", e);
        }
    }
}
