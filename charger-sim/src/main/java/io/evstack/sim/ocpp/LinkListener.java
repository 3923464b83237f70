package io.evstack.sim.ocpp;

import java.time.Duration;

/** Told, on the charger's event loop, when its WebSocket opens, closes, or fails to open. */
public interface LinkListener {
    void opened();

    void closed();

    /**
     * @param attempt how many attempts in a row have failed, starting at 1
     * @param retryIn the back-off before the next attempt
     */
    default void connectFailed(int attempt, Throwable cause, Duration retryIn) {}
}
