package io.evstack.sim.ocpp;

/** The socket closed while a call was queued or awaiting its answer: the CSMS may or may not have seen it. */
public final class ConnectionLostException extends RuntimeException {
    public ConnectionLostException(String chargerId, String action) {
        super(chargerId + " lost its connection before " + action + " was answered");
    }
}
