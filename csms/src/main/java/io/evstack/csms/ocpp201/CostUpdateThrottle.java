package io.evstack.csms.ocpp201;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one CostUpdated (OCPP 2.0.1 I02) per transaction per interval: a station sending meter values
 * every few seconds would otherwise get a CostUpdated, and a pricing run, for each. Kept in memory: after a
 * restart a transaction may get one CostUpdated early, which is harmless.
 */
public final class CostUpdateThrottle {
    private final Duration interval;
    private final Clock clock;
    private final ConcurrentHashMap<String, Instant> lastSent = new ConcurrentHashMap<>();

    public CostUpdateThrottle(Duration interval, Clock clock) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("The CostUpdated interval must not be negative");
        }
        this.interval = interval;
        this.clock = clock;
    }

    /** Whether a CostUpdated may go now for this transaction; if so, it counts as sent. */
    public boolean tryAcquire(String chargePointId, String transactionId) {
        Instant now = clock.instant();
        boolean[] granted = {false};
        lastSent.compute(key(chargePointId, transactionId), (k, last) -> {
            if (last == null || !now.isBefore(last.plus(interval))) {
                granted[0] = true;
                return now;
            }
            return last;
        });
        return granted[0];
    }

    /** The transaction has ended: forget it. */
    public void ended(String chargePointId, String transactionId) {
        lastSent.remove(key(chargePointId, transactionId));
    }

    private static String key(String chargePointId, String transactionId) {
        return chargePointId + '\u0000' + transactionId;
    }
}
