package io.evstack.csms.smartcharging;

import java.time.Instant;

/**
 * What an EV asked for through an OCPP 2.0.1 station (NotifyEVChargingNeeds, K15, ISO 15118):
 * departure time, energy in Wh, the EV's current, voltage and power limits (A, V, W), and for DC the
 * state of charge. Unknown values are null.
 */
public record ChargingNeeds(
        String chargePointId,
        int evseId,
        String requestedEnergyTransfer,
        Instant departureTime,
        Integer energyAmountWh,
        Integer evMinCurrent,
        Integer evMaxCurrent,
        Integer evMaxVoltage,
        Integer evMaxPower,
        Integer stateOfCharge,
        Integer evEnergyCapacity,
        Integer fullSoc,
        Integer bulkSoc,
        Integer maxScheduleTuples,
        Instant receivedAt) {}
