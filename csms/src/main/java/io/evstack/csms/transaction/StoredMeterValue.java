package io.evstack.csms.transaction;

/** A sampled value as stored, with the connector and transaction it belongs to. */
public record StoredMeterValue(int connectorId, Long transactionId, MeterSample sample) {}
