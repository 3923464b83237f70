package io.evstack.sim.charger;

import io.evstack.ocpp.v16.MeterValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One transaction as the charger knows it. The CSMS's transaction id is null until the StartTransaction
 * answer arrives, which may be long after the start when the charger was offline; every queued message
 * reads it when it is sent, not when it was created.
 */
final class Session {
    final int connectorId;
    final String idTag;
    final Integer reservationId;
    final Instant start;
    final long meterStartWh;
    final List<MeterValue> transactionData = new ArrayList<>();
    Integer transactionId;
    /** OCPP 2.0.1: the station's own transaction id and the TransactionEvent sequence number (E01, seqNo). */
    String ocpp201Id;
    int seqNo;
    /** OCPP 2.0.1 I02: the running cost the CSMS last sent (CostUpdated), shown to the driver; null: none. */
    Double totalCost;
    boolean stopped;
    boolean rejected;

    Session(int connectorId, String idTag, Integer reservationId, Instant start, long meterStartWh) {
        this.connectorId = connectorId;
        this.idTag = idTag;
        this.reservationId = reservationId;
        this.start = start;
        this.meterStartWh = meterStartWh;
    }
}
