package io.evstack.ocpp.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evstack.ocpp.rpc.OcppSchemas;
import io.evstack.ocpp.rpc.RpcCodec;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * What the per-channel handlers of one server share. {@code authentications} bounds the handshakes being
 * authenticated at once (each may cost a database round trip), see {@link HandshakeGate}.
 */
record ServerContext(
        OcppServerConfig config,
        CallDispatcher dispatcher,
        ChargerAuthenticator authenticator,
        ConnectionRegistry registry,
        ConnectionListener connectionListener,
        FrameListener frameListener,
        ExecutorService executor,
        OcppMetrics metrics,
        OcppSchemas schemas,
        ObjectMapper mapper,
        RpcCodec codec,
        Semaphore authentications) {

    String newConnectionId() {
        return config.nodeId() + "/" + UUID.randomUUID();
    }
}
