package io.evstack.csms;

import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.messagelog.MessageLog;
import io.evstack.csms.reservation.ReservationService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The CSMS's periodic chores: last-seen times, expired reservations, the message log's retention. */
public final class Housekeeping implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("csms-housekeeping").factory());

    public Housekeeping(ChargePointService chargePoints, ReservationService reservations, MessageLog messageLog) {
        every(10, TimeUnit.SECONDS, "last seen", chargePoints::flushLastSeen);
        every(15, TimeUnit.SECONDS, "reservation expiry", () -> {
            int expired = reservations.expireOverdue();
            if (expired > 0) {
                log.info("{} reservations expired", expired);
            }
        });
        every(1, TimeUnit.HOURS, "message log retention", messageLog::trim);
    }

    private void every(long period, TimeUnit unit, String name, Runnable task) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("Housekeeping task '{}' failed; it runs again later", name, e);
            }
        }, period, period, unit);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
