package io.evstack.ocpp.server;

import io.evstack.ocpp.OcppVersion;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, before the WebSocket upgrade, whether a request may become a charger connection: the path names a
 * charger (else 404), the charger offers a subprotocol we speak (else 400; the newest offered wins), and the
 * {@link ChargerAuthenticator} accepts its HTTP Basic credentials (security profiles 1 and 2; else 401) or its
 * client certificate, whose common name must be the charger id (security profile 3; else 403). The
 * authenticator may block, so it runs on a virtual thread while the channel stops reading; the handshake
 * then goes on on the event loop. On success the decision is left on the channel ({@link Handshake#KEY}), the
 * request passes on to Netty's WebSocket handshaker with only the chosen subprotocol, and this gate leaves
 * the pipeline.
 */
final class HandshakeGate extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HandshakeGate.class);

    /** About a client's own handshake timeout: after it, nobody is waiting for the answer. */
    static final java.time.Duration AUTHENTICATION_WAIT = java.time.Duration.ofSeconds(10);

    private final ServerContext context;

    HandshakeGate(ServerContext context) {
        this.context = context;
    }

    private record Credentials(String username, String password) {}

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        OcppServerConfig config = context.config();
        if (!HttpMethod.GET.equals(request.method())
                || !request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            refuse(ctx, request, HttpResponseStatus.BAD_REQUEST, "Not a WebSocket upgrade request");
            return;
        }
        Optional<String> chargerId = ChargerPath.chargerId(request.uri(), config.pathPrefix(), config.acceptAnyPrefix());
        if (chargerId.isEmpty()) {
            refuse(ctx, request, HttpResponseStatus.NOT_FOUND, "No charger id in path " + request.uri());
            return;
        }
        Optional<OcppVersion> version = config.negotiate(offeredSubprotocols(request));
        if (version.isEmpty()) {
            refuse(ctx, request, HttpResponseStatus.BAD_REQUEST, "No supported subprotocol offered; supported: "
                    + config.versions().stream().map(OcppVersion::subprotocol).toList());
            return;
        }
        // Netty 4.2's WebSocketServerHandshaker.selectSubprotocol loops over the CLIENT's list and takes the first
        // entry the server supports (client order, not ours): "ocpp1.6, ocpp2.0.1" would give 1.6. Leave it only
        // our choice, the newest offered.
        request.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, version.get().subprotocol());

        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        Optional<Credentials> credentials = basic(authorization);
        if (authorization != null && (credentials.isEmpty() || !credentials.get().username().equals(chargerId.get()))) {
            tellRefused(chargerId.get(), credentials.isEmpty() ? "Unreadable HTTP Basic credentials"
                    : "HTTP Basic username is not the charger id");
            unauthorized(ctx, request, chargerId.get());
            return;
        }
        String password = credentials.map(Credentials::password).orElse(null);
        SslHandler sslHandler = ctx.pipeline().get(SslHandler.class);
        boolean tls = sslHandler != null;
        // Security profile 3: the TLS layer has checked the certificate's chain; its CN must name this charger,
        // else one charger's certificate would open every other charger's connection.
        Optional<X509Certificate> certificate = ClientCertificates.of(sslHandler);
        if (certificate.isPresent()) {
            String cn = ClientCertificates.commonName(certificate.get()).orElse(null);
            if (!chargerId.get().equals(cn)) {
                log.warn("{}: refused, its client certificate is issued to CN={} (serial {}), not to this charger id",
                        chargerId.get(), cn, certificate.get().getSerialNumber().toString(16));
                tellRefused(chargerId.get(), "Client certificate issued to CN=" + cn + " (serial "
                        + certificate.get().getSerialNumber().toString(16) + "), not to this charger id");
                send(ctx, request, response(HttpResponseStatus.FORBIDDEN,
                        "The client certificate's common name is not the charger id"));
                return;
            }
        }
        boolean clientCertificate = certificate.isPresent();
        Handshake handshake = new Handshake(chargerId.get(), version.get(),
                Handshake.securityProfile(tls, password != null, clientCertificate));

        ctx.channel().config().setAutoRead(false);
        try {
            context.executor().execute(() -> {
                ChargerAuthenticator.Decision decision;
                // In a connection storm handshakes queue here, at most AUTHENTICATIONS_AT_ONCE in the database
                // pool (seen with 10,000 chargers and no bound: 13,000 credential lookups queued for the pool,
                // most for handshakes the clients had given up and retried). The channel does not read while it
                // waits (autoRead off), so it cannot see a client leave: past AUTHENTICATION_WAIT the handshake
                // is refused (503, closed) rather than hold its socket (else the waiting sockets reached the
                // process's file limit). One timed wait each: polling 10,000 waiters starves the carriers.
                try {
                    if (!context.authentications().tryAcquire(AUTHENTICATION_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                        ctx.executor().execute(() -> proceed(ctx, request, handshake, null));
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                try {
                    if (!ctx.channel().isActive()) {
                        ctx.executor().execute(() -> proceed(ctx, request, handshake, null));
                        return;
                    }
                    decision = context.authenticator().authenticate(handshake.chargerId(), password, tls,
                            clientCertificate);
                } catch (RuntimeException e) {
                    log.error("{}: authenticator failed", handshake.chargerId(), e);
                    decision = null;
                } finally {
                    context.authentications().release();
                }
                ChargerAuthenticator.Decision decided = decision;
                ctx.executor().execute(() -> proceed(ctx, request, handshake, decided));
            });
        } catch (RuntimeException shuttingDown) {
            refuse(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "Shutting down");
        }
    }

    /** The authenticator may block (it records in a database): never on the event loop. */
    private void tellRefused(String chargerId, String reason) {
        try {
            context.executor().execute(() -> {
                try {
                    context.authenticator().refused(chargerId, reason);
                } catch (RuntimeException e) {
                    log.warn("{}: recording a refused handshake failed: {}", chargerId, e.toString());
                }
            });
        } catch (RuntimeException shuttingDown) {
            // the server is stopping; the refusal is in the log above
        }
    }

    private void proceed(ChannelHandlerContext ctx, FullHttpRequest request, Handshake handshake,
            ChargerAuthenticator.Decision decision) {
        ctx.channel().config().setAutoRead(true);
        if (!ctx.channel().isActive()) {
            request.release();
            return;
        }
        if (decision == null) {
            refuse(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "Cannot authenticate now");
        } else if (decision == ChargerAuthenticator.Decision.UNAUTHORIZED) {
            unauthorized(ctx, request, handshake.chargerId());
        } else {
            ctx.channel().attr(Handshake.KEY).set(handshake);
            ctx.fireChannelRead(request);
            ctx.pipeline().remove(this);
        }
    }

    private static List<String> offeredSubprotocols(FullHttpRequest request) {
        return request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL).stream()
                .flatMap(header -> Arrays.stream(header.split(",")))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** RFC 7617: "Basic " + base64(user ":" password); the password may itself contain ':'. */
    private static Optional<Credentials> basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void unauthorized(ChannelHandlerContext ctx, FullHttpRequest request, String chargerId) {
        log.info("{}: refused, unauthorized", chargerId);
        FullHttpResponse response = response(HttpResponseStatus.UNAUTHORIZED, "Unauthorized");
        response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"OCPP\", charset=\"UTF-8\"");
        send(ctx, request, response);
    }

    private static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String why) {
        log.info("Handshake from {} to {} refused with {}: {}", ctx.channel().remoteAddress(), request.uri(), status.code(), why);
        send(ctx, request, response(status, why));
    }

    private static FullHttpResponse response(HttpResponseStatus status, String text) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        request.release();
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
