package io.evstack.ocpp.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in one line why a TLS handshake failed (no client certificate where one is required, a certificate
 * from an issuer we do not trust, no common protocol), which otherwise only shows as a closed socket and a
 * stack trace. The charger id is not known yet: the HTTP request that names it comes after the handshake.
 * The exception that follows the failed handshake is the same news, so it closes the socket quietly.
 */
final class TlsHandshakeLog extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(TlsHandshakeLog.class);
    private boolean failed;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        super.userEventTriggered(ctx, event);
        if (event instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                ctx.pipeline().remove(this);
            } else {
                failed = true;
                log.info("TLS handshake from {} refused: {}", ctx.channel().remoteAddress(), reason(done.cause()));
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failed) {
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    private static String reason(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == cause ? String.valueOf(cause.getMessage())
                : cause.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
