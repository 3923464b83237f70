package io.evstack.csms.smartcharging.site;

import io.javalin.openapi.OpenApiDescription;

/** A depot's grid connection and how its power is shared. */
public record Site(
        String siteId,
        String name,
        @OpenApiDescription("The connection's limit, kW, when no schedule entry applies") double limitKw,
        @OpenApiDescription("The connection's current limit per phase, A; null for none") Double limitAmps,
        @OpenApiDescription("fair-share or deadline") String algorithm,
        @OpenApiDescription("Departure assumed for a session nobody gave one, minutes after its start; "
                + "480 when left out") Integer defaultDwellMinutes) {}
