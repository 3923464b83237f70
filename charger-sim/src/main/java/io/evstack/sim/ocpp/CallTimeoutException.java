package io.evstack.sim.ocpp;

import java.time.Duration;

/** The CSMS did not answer an outgoing call in time. */
public final class CallTimeoutException extends RuntimeException {
    public CallTimeoutException(String chargerId, String action, Duration timeout) {
        super(chargerId + ": no answer to " + action + " within " + timeout.toMillis() + " ms");
    }
}
