package io.evstack.ocpp.server;

import io.evstack.ocpp.OcppVersion;
import java.net.SocketAddress;
import java.time.Instant;

/** One charger's live WebSocket connection, as the domain may see it. */
public interface ChargerSession {
    String chargerId();

    OcppVersion version();

    SocketAddress remoteAddress();

    /** 0 (none), 1 (Basic), 2 (TLS + Basic) or 3 (mutual TLS): what this connection actually used. */
    int securityProfile();

    Instant connectedAt();

    /** A unique id of this connection, so that a late "disconnected" of an old socket is recognisable. */
    String connectionId();
}
