package io.evstack.csms.smartcharging.site;

import io.javalin.openapi.OpenApiDescription;
import java.time.Instant;

/** What is known of a charging session's needs; null fields are unknown. */
public record SessionNeed(
        long transactionId,
        @OpenApiDescription("Energy still wanted for the session, kWh") Double energyKwh,
        Instant departure,
        @OpenApiDescription("Higher is served first; 0 is normal") int priority,
        @OpenApiDescription("The car's own power limit, kW") Double maxKw) {}
