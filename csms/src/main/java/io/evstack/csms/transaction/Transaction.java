package io.evstack.csms.transaction;

import java.time.Instant;

/**
 * A charging transaction. {@code id} is the transactionId the charger was given. Energy is in Wh; a
 * running transaction has no stop fields and its energy so far is {@code lastEnergyWh - meterStartWh}.
 */
public record Transaction(
        long id,
        String chargePointId,
        int connectorId,
        String idTag,
        Long reservationId,
        Instant startTime,
        long meterStartWh,
        Instant stopTime,
        Long meterStopWh,
        String stopReason,
        String stopIdTag,
        Long lastEnergyWh,
        Instant lastMeterAt) {

    public boolean active() {
        return stopTime == null;
    }

    /** Energy delivered so far (or in total, once stopped), in Wh. */
    public long energyWh() {
        Long end = meterStopWh != null ? meterStopWh : lastEnergyWh;
        return end == null ? 0 : Math.max(0, end - meterStartWh);
    }
}
