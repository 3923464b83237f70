package io.evstack.csms.transaction;

import java.time.Instant;
import java.util.List;

/**
 * One OCPP 2.0.1 TransactionEvent in domain form (2.0.1 part 2 section E). The station names the
 * transaction ({@code chargerTransactionId}); {@code evseId} is what the shared model calls the connector.
 * {@code idToken} is null when the event carries none.
 */
public record TransactionEventData(
        String chargerTransactionId,
        Type type,
        int seqNo,
        Instant timestamp,
        String triggerReason,
        boolean offline,
        Integer evseId,
        Integer evseConnectorId,
        String idToken,
        String idTokenType,
        String chargingState,
        String stoppedReason,
        Integer remoteStartId,
        Integer reservationId,
        List<MeterReading> readings) {

    public enum Type { Started, Updated, Ended }
}
