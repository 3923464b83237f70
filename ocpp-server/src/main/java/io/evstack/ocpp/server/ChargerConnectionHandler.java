package io.evstack.ocpp.server;

import io.evstack.ocpp.OcppVersion;
import io.evstack.ocpp.rpc.ErrorFactory;
import io.evstack.ocpp.rpc.RpcFormatException;
import io.evstack.ocpp.rpc.RpcMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the pipeline: opens the {@link ChargerConnection} when the upgrade completes (registering it and
 * closing the socket it replaces), routes CALLs to the connection's serial lane and answers to its outgoing
 * calls, answers the malformed frames that can be answered, and closes the connection when the channel goes.
 * Never blocks: handlers and listeners run on virtual threads.
 */
final class ChargerConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ChargerConnectionHandler.class);

    private final ServerContext context;
    private ChargerConnection connection;

    ChargerConnectionHandler(ServerContext context) {
        this.context = context;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            opened(ctx);
        }
        super.userEventTriggered(ctx, event);
    }

    private void opened(ChannelHandlerContext ctx) {
        connection = new ChargerConnection(ctx.channel().attr(Handshake.KEY).get(), ctx.channel(), context);
        log.info("{}: connected from {} with {}, security profile {}", connection.chargerId(),
                connection.remoteAddress(), connection.version().subprotocol(), connection.securityProfile());
        context.registry().register(connection).ifPresent(previous -> {
            log.info("{}: new connection replaces {}", connection.chargerId(), previous.connectionId());
            if (previous instanceof ChargerConnection old) {
                old.closeReplaced();
            }
        });
        ChargerConnection opened = connection;
        opened.lane().execute(() -> context.connectionListener().connected(opened));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (connection == null) {
            log.warn("Message before the handshake completed dropped: {}", msg);
            return;
        }
        switch (msg) {
            case RpcMessage.Call call -> incoming(call);
            case RpcMessage.CallResult result -> connection.outgoing().answer(result);
            case RpcMessage.CallError error -> connection.outgoing().answer(error);
            case MalformedFrame malformed -> malformed(malformed.error());
            default -> ctx.fireChannelRead(msg);
        }
    }

    private void incoming(RpcMessage.Call call) {
        ChargerConnection conn = connection;
        switch (conn.incoming().admit(call)) {
            case IncomingCalls.Admission.Process p -> conn.lane().execute(() -> {
                RpcMessage answer = context.dispatcher().dispatch(conn, call);
                conn.incoming().answered(call, answer);
                send(conn, answer);
            });
            case IncomingCalls.Admission.Resend resend -> {
                log.info("{}: duplicate message id {}, answer sent again", conn.chargerId(), call.messageId());
                send(conn, resend.answer());
            }
            case IncomingCalls.Admission.Ignore i ->
                    log.info("{}: duplicate message id {} while processing it, ignored", conn.chargerId(), call.messageId());
        }
    }

    private void malformed(RpcFormatException error) {
        OcppVersion version = connection.version();
        String id = error.messageId().orElse(null);
        int type = error.messageTypeId().orElse(-1);
        if (id == null) {
            log.warn("{}: unreadable frame dropped: {}", connection.chargerId(), error.getMessage());
        } else if (type == RpcMessage.CALL_RESULT || type == RpcMessage.CALL_ERROR) {
            connection.outgoing().malformedAnswer(id, error.getMessage()); // never answered on the wire
        } else {
            log.info("{}: malformed message {} (type {}): {}", connection.chargerId(), id, type, error.getMessage());
            send(connection, ErrorFactory.malformed(version, id, error));
        }
    }

    private void send(ChargerConnection conn, RpcMessage message) {
        if (message instanceof RpcMessage.CallError error) {
            context.metrics().callError("sent", error);
        }
        conn.send(message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ChargerConnection closed = connection;
        if (closed != null) {
            log.info("{}: disconnected ({})", closed.chargerId(), closed.connectionId());
            context.registry().unregister(closed);
            closed.outgoing().close();
            try {
                closed.lane().execute(() -> context.connectionListener().disconnected(closed));
            } catch (RuntimeException shuttingDown) {
                log.debug("{}: disconnected() not called, server shutting down", closed.chargerId());
            }
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String who = connection == null ? String.valueOf(ctx.channel().remoteAddress()) : connection.chargerId();
        if (cause instanceof IOException) {
            log.debug("{}: I/O error, closing: {}", who, cause.toString());
        } else {
            log.warn("{}: closing after error", who, cause);
        }
        ctx.close();
    }
}
