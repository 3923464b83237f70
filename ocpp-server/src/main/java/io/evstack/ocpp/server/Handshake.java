package io.evstack.ocpp.server;

import io.evstack.ocpp.OcppVersion;
import io.netty.util.AttributeKey;

/** What the handshake gate decided about a connection, kept on its channel for the handlers after it. */
record Handshake(String chargerId, OcppVersion version, int securityProfile) {
    static final AttributeKey<Handshake> KEY = AttributeKey.valueOf(Handshake.class, "handshake");

    /** 0 (nothing), 1 (HTTP Basic), 2 (TLS and HTTP Basic), 3 (TLS with a client certificate). */
    static int securityProfile(boolean tls, boolean password, boolean clientCertificate) {
        if (tls && clientCertificate) {
            return 3;
        }
        if (!password) {
            return 0;
        }
        return tls ? 2 : 1;
    }
}
