package io.evstack.ocpp.server;

/** Sees every OCPP text frame in and out (for the support log). Must not block: it is called on the event loop. */
@FunctionalInterface
public interface FrameListener {
    enum Direction { IN, OUT }

    void frame(String chargerId, Direction direction, String text);

    FrameListener NONE = (id, direction, text) -> {};
}
