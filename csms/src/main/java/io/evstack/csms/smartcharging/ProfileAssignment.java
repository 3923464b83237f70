package io.evstack.csms.smartcharging;

import java.time.Instant;

/** A profile sent to a charger's connector, and what the charger answered. */
public record ProfileAssignment(long profileId, String chargePointId, int connectorId, Long transactionId,
        String purpose, int stackLevel, String status, Instant sentAt, Instant clearedAt) {}
