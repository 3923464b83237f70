package io.evstack.ocpp.server;

public class ChargerNotConnectedException extends RuntimeException {
    public ChargerNotConnectedException(String chargerId) {
        super("Charger " + chargerId + " is not connected");
    }
}
