package io.evstack.csms.smartcharging.site;

import io.javalin.openapi.OpenApiDescription;
import java.time.Instant;

/** One limit the balancer decided for an EVSE, and what became of sending it. */
public record AllocationEntry(
        String chargePointId,
        int connectorId,
        Long transactionId,
        @OpenApiDescription("The allocated power, W") double limitW,
        @OpenApiDescription("A or W, as sent in the profile") String rateUnit,
        @OpenApiDescription("The limit as sent, in rateUnit") double rateLimit,
        String algorithm,
        @OpenApiDescription("Accepted, Rejected, Failed (no answer), Unchanged (not sent: no meaningful change)")
        String sendStatus,
        Instant computedAt) {}
