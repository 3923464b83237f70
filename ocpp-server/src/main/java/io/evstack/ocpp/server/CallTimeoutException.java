package io.evstack.ocpp.server;

public class CallTimeoutException extends RuntimeException {
    public CallTimeoutException(String chargerId, String action, java.time.Duration timeout) {
        super("Charger " + chargerId + " did not answer " + action + " within " + timeout.toSeconds() + " s");
    }
}
