package io.evstack.ocpp.server;

import io.evstack.ocpp.rpc.RpcCodec;
import io.evstack.ocpp.rpc.RpcFormatException;
import io.evstack.ocpp.rpc.RpcMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Text frames ⇄ {@link RpcMessage}s; a frame that does not decode goes on as a {@link MalformedFrame}. */
final class RpcCodecHandler extends MessageToMessageCodec<WebSocketFrame, RpcMessage> {
    private static final Logger log = LoggerFactory.getLogger(RpcCodecHandler.class);

    private final RpcCodec codec;

    RpcCodecHandler(RpcCodec codec) {
        this.codec = codec;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (!(frame instanceof TextWebSocketFrame text)) {
            log.info("{}: non-text frame {} ignored", ctx.channel().attr(Handshake.KEY).get().chargerId(),
                    frame.getClass().getSimpleName());
            return;
        }
        try {
            out.add(codec.decode(text.text()));
        } catch (RpcFormatException e) {
            out.add(new MalformedFrame(e));
        }
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RpcMessage message, List<Object> out) {
        out.add(new TextWebSocketFrame(codec.encode(message)));
    }
}
