package io.evstack.csms.smartcharging.site;

import java.time.Instant;

/** A transaction running on an EVSE of a site, with its energy so far and the last power its meter reported and when. */
public record ActiveSession(String chargePointId, int connectorId, long transactionId, Instant startedAt,
        long energyWh, Double powerW, Instant powerAt) {}
