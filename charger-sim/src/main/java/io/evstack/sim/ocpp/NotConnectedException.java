package io.evstack.sim.ocpp;

/** An outgoing call was made while the charger had no open WebSocket. */
public final class NotConnectedException extends RuntimeException {
    public NotConnectedException(String chargerId) {
        super(chargerId + " is not connected");
    }
}
