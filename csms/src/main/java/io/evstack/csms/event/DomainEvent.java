package io.evstack.csms.event;

import java.time.Instant;

/**
 * What leaves the CSMS when something a charger did matters to others (the OCPI bridge, the load
 * balancer, the eMSP). Published after the change is committed, once per change: a replayed message
 * that changes nothing publishes nothing.
 */
public sealed interface DomainEvent {
    String chargePointId();

    Instant occurredAt();

    record ChargerConnected(String chargePointId, Instant occurredAt) implements DomainEvent {}

    record ChargerDisconnected(String chargePointId, Instant occurredAt) implements DomainEvent {}

    record ChargerBooted(String chargePointId, String registrationStatus, Instant occurredAt) implements DomainEvent {}

    record ConnectorStatusChanged(String chargePointId, int connectorId, String status, String errorCode, Instant occurredAt)
            implements DomainEvent {}

    record TransactionStarted(String chargePointId, long transactionId, int connectorId, String idTag, long meterStartWh,
            Instant occurredAt) implements DomainEvent {}

    record TransactionStopped(String chargePointId, long transactionId, int connectorId, long meterStopWh, String reason,
            Instant occurredAt) implements DomainEvent {}

    record MeterValuesReceived(String chargePointId, int connectorId, Long transactionId, int samples, Instant occurredAt)
            implements DomainEvent {}

    /**
     * OCPP 2.0.1 NotifyEVChargingNeeds (K15): what the EV on this EVSE asks for, for the smart-charging
     * balancer. Energy in Wh, currents in A, voltage in V, power in W; any of them may be unknown (null).
     */
    record ChargingNeedsReceived(String chargePointId, int evseId, String requestedEnergyTransfer,
            Instant departureTime, Integer energyAmountWh, Integer evMinCurrent, Integer evMaxCurrent,
            Integer evMaxVoltage, Integer evMaxPower, Instant occurredAt) implements DomainEvent {}
}
