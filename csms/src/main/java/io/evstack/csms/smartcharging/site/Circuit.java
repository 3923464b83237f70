package io.evstack.csms.smartcharging.site;

import io.javalin.openapi.OpenApiDescription;

/** A feeder or fuse of a site. */
public record Circuit(
        String circuitId,
        @OpenApiDescription("The circuit above it; null: directly under the grid connection") String parentCircuitId,
        @OpenApiDescription("Power limit, kW; null for none") Double limitKw,
        @OpenApiDescription("Current limit per phase, A; null for none") Double limitAmps) {}
