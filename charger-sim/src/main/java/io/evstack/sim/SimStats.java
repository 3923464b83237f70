package io.evstack.sim;

import java.time.Instant;

/** Counters of a running simulation, as of {@code simulatedTime}. */
public record SimStats(int chargers, int connected, long connectFailures, long framesSent, long framesReceived,
        long callsAnswered, long callErrors, long callTimeouts, long transactionsStarted, long transactionsCompleted,
        long vehiclesArrived, long errors, Instant simulatedTime) {

    public long frames() {
        return framesSent + framesReceived;
    }

    /** Everything that went wrong: CALLERRORs received, timeouts, failed connection attempts, behaviour errors. */
    public long problems() {
        return callErrors + callTimeouts + connectFailures + errors;
    }
}
