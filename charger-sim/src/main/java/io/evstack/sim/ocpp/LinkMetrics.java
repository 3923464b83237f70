package io.evstack.sim.ocpp;

/** Counts what crosses the wire, for the live progress line and (later) the load report. Must not block. */
public interface LinkMetrics {
    void connected();

    void disconnected();

    void connectFailed();

    void frameSent();

    void frameReceived();

    /** An outgoing call was answered (result or error) after this many nanoseconds. */
    void answered(String action, long nanos, boolean error);

    void timedOut(String action);

    LinkMetrics NONE = new LinkMetrics() {
        @Override public void connected() {}
        @Override public void disconnected() {}
        @Override public void connectFailed() {}
        @Override public void frameSent() {}
        @Override public void frameReceived() {}
        @Override public void answered(String action, long nanos, boolean error) {}
        @Override public void timedOut(String action) {}
    };
}
