package io.evstack.sim.charger;

import io.evstack.ocpp.v16.StatusNotification;
import io.evstack.sim.model.ConnectorSpec;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Instant;

/** One connector's live state. Used on the charger's event loop only. */
final class ConnectorSim {
    /** {@code parentIdTag}: a card of this group may use the reservation too (1.6 parentIdTag, 2.0.1 groupIdToken). */
    record Reservation(int id, String idTag, String parentIdTag, Instant expiry, ScheduledFuture<?> expiryTimer) {
        boolean admits(String token, String tokensParent) {
            return idTag.equals(token) || (parentIdTag != null && parentIdTag.equals(tokensParent));
        }
    }

    final ConnectorSpec spec;
    StatusNotification.Status status = StatusNotification.Status.AVAILABLE;
    StatusNotification.ErrorCode errorCode = StatusNotification.ErrorCode.NO_ERROR;
    boolean operative = true;
    boolean inoperativeScheduled;
    boolean finishing;
    PluggedEv ev;
    Session session;
    Reservation reservation;
    double meterWh;
    Draw draw = Draw.NONE;
    ScheduledFuture<?> meterTimer;
    ScheduledFuture<?> departureTimer;
    ScheduledFuture<?> unplugTimer;

    ConnectorSim(ConnectorSpec spec, double initialMeterWh) {
        this.spec = spec;
        this.meterWh = initialMeterWh;
    }

    int id() {
        return spec.connectorId();
    }

    boolean faulted() {
        return errorCode != StatusNotification.ErrorCode.NO_ERROR;
    }

    boolean charging() {
        return session != null && !session.stopped && ev != null && !faulted();
    }

    /** The status the connector should show when nothing else (fault, transaction) decides it. */
    StatusNotification.Status idleStatus() {
        if (faulted()) {
            return StatusNotification.Status.FAULTED;
        }
        if (!operative) {
            return StatusNotification.Status.UNAVAILABLE;
        }
        if (ev != null) {
            return finishing ? StatusNotification.Status.FINISHING : StatusNotification.Status.PREPARING;
        }
        return reservation != null ? StatusNotification.Status.RESERVED : StatusNotification.Status.AVAILABLE;
    }

    static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
