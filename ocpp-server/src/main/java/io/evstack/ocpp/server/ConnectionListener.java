package io.evstack.ocpp.server;

/** Told when a charger's WebSocket opens and closes. Called off the event loop; may block. */
public interface ConnectionListener {
    void connected(ChargerSession session);

    void disconnected(ChargerSession session);

    ConnectionListener NONE = new ConnectionListener() {
        @Override
        public void connected(ChargerSession session) {}

        @Override
        public void disconnected(ChargerSession session) {}
    };
}
