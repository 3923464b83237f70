package io.evstack.ocpp.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evstack.ocpp.rpc.OcppSchemas;
import io.evstack.ocpp.rpc.RpcCodec;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/** What the per-channel handlers of one server share. */
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
        RpcCodec codec) {

    String newConnectionId() {
        return config.nodeId() + "/" + UUID.randomUUID();
    }
}
