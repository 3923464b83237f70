package io.evstack.csms.smartcharging.site;

import io.javalin.openapi.OpenApiDescription;

/**
 * What the operator says about an EVSE of a site (the request body of putting it there; the charger and
 * connector are in the path). Left-out fields take the defaults given.
 */
public record EvseSettings(
        @OpenApiDescription("Its circuit; null: directly under the grid connection") String circuitId,
        @OpenApiDescription("DC; default false") Boolean dc,
        @OpenApiDescription("1 or 3; default 3") Integer phases,
        @OpenApiDescription("For a one-phase AC EVSE: the line (1-3) it is wired to; default 1") Integer phaseLine,
        @OpenApiDescription("Its power limit, kW; required") Double maxKw,
        @OpenApiDescription("What it may draw while the CSMS cannot reach it, kW; default 0") Double fallbackKw) {

    public SiteEvse toEvse(String chargePointId, int connectorId) {
        return new SiteEvse(chargePointId, connectorId, circuitId, dc != null && dc, phases == null ? 3 : phases,
                phaseLine == null ? 1 : phaseLine, maxKw == null ? 0 : maxKw, fallbackKw == null ? 0 : fallbackKw);
    }
}
