package io.evstack.ocpp.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says why a TLS handshake failed (no client certificate where one is required, a certificate from an
 * issuer we do not trust, no common protocol), which otherwise only shows as a closed socket. The
 * charger id is not known yet: the HTTP request that names it comes after the handshake.
 */
final class TlsHandshakeLog extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(TlsHandshakeLog.class);

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        super.userEventTriggered(ctx, event);
        if (event instanceof SslHandshakeCompletionEvent done) {
            if (!done.isSuccess()) {
                log.info("TLS handshake from {} refused: {}", ctx.channel().remoteAddress(), reason(done.cause()));
            }
            ctx.pipeline().remove(this);
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
