package io.evstack.csms.smartcharging.site;

import io.javalin.openapi.OpenApiDescription;

/** An EVSE (OCPP 1.6 connector) of a site, where it hangs and what it can do. */
public record SiteEvse(
        String chargePointId,
        int connectorId,
        @OpenApiDescription("Its circuit; null: directly under the grid connection") String circuitId,
        boolean dc,
        @OpenApiDescription("1 or 3") int phases,
        @OpenApiDescription("For a one-phase AC EVSE: the line (1-3) it is wired to") int phaseLine,
        double maxKw,
        @OpenApiDescription("What it may draw while the CSMS cannot reach it (its TxDefaultProfile), kW") double fallbackKw) {}
