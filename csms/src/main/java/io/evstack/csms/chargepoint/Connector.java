package io.evstack.csms.chargepoint;

import java.time.Instant;

/** A connector's last reported state. Connector 0 stands for the charger as a whole (OCPP 1.6 section 4.9). */
public record Connector(
        String chargePointId,
        int connectorId,
        String status,
        String errorCode,
        String info,
        String vendorId,
        String vendorErrorCode,
        Instant statusAt) {}
