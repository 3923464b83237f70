package io.evstack.csms.chargepoint;

import java.time.Instant;

/** A charger as the CSMS knows it. {@code chargePointId} is its OCPP identity (the last URL segment). */
public record ChargePoint(
        long pk,
        String chargePointId,
        String description,
        String ocppVersion,
        RegistrationStatus registrationStatus,
        int securityProfile,
        boolean hasPassword,
        BootInfo bootInfo,
        Integer heartbeatInterval,
        Instant lastBootAt,
        Instant lastSeenAt,
        String connectedNode,
        Instant connectedAt,
        String firmwareStatus,
        Instant firmwareStatusAt,
        String diagnosticsStatus,
        Instant diagnosticsStatusAt,
        Integer localListVersion,
        Instant createdAt,
        Instant updatedAt) {

    public boolean isConnected() {
        return connectedNode != null;
    }
}
