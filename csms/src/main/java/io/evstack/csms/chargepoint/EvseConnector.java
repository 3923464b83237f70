package io.evstack.csms.chargepoint;

import java.time.Instant;

/** One connector of one EVSE of an OCPP 2.0.1 station, as its last StatusNotification left it. */
public record EvseConnector(int evseId, int connectorId, String status, Instant statusAt) {}
