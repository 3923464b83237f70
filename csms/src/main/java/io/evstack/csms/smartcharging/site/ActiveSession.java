package io.evstack.csms.smartcharging.site;

import java.time.Instant;

/**
 * A transaction running on an EVSE of a site, with its energy so far and the last power its meter reported
 * and when. {@code chargerTransactionId} is the station's own id of an OCPP 2.0.1 transaction (a 2.0.1
 * TxProfile names it), null on 1.6, where the CSMS's id is the charger's.
 */
public record ActiveSession(String chargePointId, int connectorId, long transactionId, String chargerTransactionId,
        Instant startedAt, long energyWh, Double powerW, Instant powerAt) {}
