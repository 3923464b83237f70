package io.evstack.csms.smartcharging;

import io.javalin.openapi.OpenApiDescription;
import java.time.Instant;

/** What an EVSE of a site is allowed now, as the balancer last set it (accepted by the charger). */
public record LiveAllocation(
        String chargePointId,
        int connectorId,
        @OpenApiDescription("The running transaction it was sent for; null when idle") Long transactionId,
        boolean online,
        @OpenApiDescription("The allocated power, W; while no allocation is in force what the balancer counts it at: "
                + "its idle level, else its fallback, else (its charger has accepted neither since it connected) its "
                + "hardware maximum; for an offline charger the larger of its fallback and its last TxProfile until "
                + "that runs out") double limitW,
        @OpenApiDescription("A or W, as sent") String rateUnit,
        double rateLimit,
        @OpenApiDescription("The power the car drew at the last meter reading, W") Double drawW,
        @OpenApiDescription("When the sent TxProfile runs out and the charger falls back by itself") Instant expiresAt,
        @OpenApiDescription("The limit the charger's composite schedule showed after the last TxProfile, in rateUnit; "
                + "null when not checked (the charger does not implement GetCompositeSchedule, or no answer yet)")
        Double appliedLimit) {}
