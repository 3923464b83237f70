package io.evstack.ocpp.server;

import io.evstack.ocpp.rpc.RpcMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * The server's meters: connected chargers, frames in and out, CALLERRORs sent and received. Without a
 * registry the meters are no-ops (an empty composite registry).
 */
final class OcppMetrics {
    private final MeterRegistry registry;
    private final Counter framesIn;
    private final Counter framesOut;

    OcppMetrics(MeterRegistry registry, ConnectionRegistry connections) {
        this.registry = registry == null ? new CompositeMeterRegistry() : registry;
        Gauge.builder("ocpp.chargers.connected", connections, ConnectionRegistry::size)
                .description("Chargers with an open WebSocket on this node")
                .register(this.registry);
        framesIn = frames("in");
        framesOut = frames("out");
    }

    void frameIn() {
        framesIn.increment();
    }

    void frameOut() {
        framesOut.increment();
    }

    /** A CALLERROR sent to (direction "sent") or received from ("received") a charger. */
    void callError(String direction, RpcMessage.CallError error) {
        registry.counter("ocpp.call.errors", "direction", direction, "code", error.errorCode()).increment();
    }

    private Counter frames(String direction) {
        return Counter.builder("ocpp.frames").tag("direction", direction).description("OCPP text frames").register(registry);
    }
}
