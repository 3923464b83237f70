package io.evstack.ocpp.server;

import io.evstack.ocpp.OcppVersion;
import io.evstack.ocpp.rpc.RpcMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.net.SocketAddress;
import java.time.Instant;

/**
 * One charger's live socket on this node: the session the domain sees, plus the channel, the serial lane
 * its incoming CALLs (and connection callbacks) run on, and its outgoing CALLs.
 */
final class ChargerConnection implements ChargerSession {
    private final Handshake handshake;
    private final Channel channel;
    private final Instant connectedAt = Instant.now();
    private final String connectionId;
    private final SerialExecutor lane;
    private final IncomingCalls incoming = new IncomingCalls();
    private final OutgoingCalls outgoing;

    ChargerConnection(Handshake handshake, Channel channel, ServerContext context) {
        this.handshake = handshake;
        this.channel = channel;
        this.connectionId = context.newConnectionId();
        this.lane = new SerialExecutor(context.executor());
        this.outgoing = new OutgoingCalls(this, context);
    }

    @Override
    public String chargerId() {
        return handshake.chargerId();
    }

    @Override
    public OcppVersion version() {
        return handshake.version();
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public int securityProfile() {
        return handshake.securityProfile();
    }

    @Override
    public Instant connectedAt() {
        return connectedAt;
    }

    @Override
    public String connectionId() {
        return connectionId;
    }

    Channel channel() {
        return channel;
    }

    /** Incoming CALLs and connection callbacks run here, one at a time, in order. */
    SerialExecutor lane() {
        return lane;
    }

    IncomingCalls incoming() {
        return incoming;
    }

    OutgoingCalls outgoing() {
        return outgoing;
    }

    void send(RpcMessage message) {
        channel.writeAndFlush(message);
    }

    /** Closes the socket with a WebSocket close frame (a new connection of the same charger replaced it). */
    void closeReplaced() {
        channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE, "Replaced by a new connection"))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public String toString() {
        return "ChargerConnection[" + chargerId() + ", " + version().subprotocol() + ", " + connectionId + "]";
    }
}
