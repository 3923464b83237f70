package io.evstack.csms.transaction;

import java.time.Instant;

/** A stored OCPP 2.0.1 TransactionEvent, for the operator (what happened, in the station's order). */
public record TransactionEventRecord(
        int seqNo,
        String eventType,
        String triggerReason,
        Instant timestamp,
        boolean offline,
        Integer evseId,
        Integer evseConnectorId,
        String idToken,
        String idTokenType,
        String chargingState,
        String stoppedReason,
        Integer remoteStartId,
        Instant receivedAt) {}
