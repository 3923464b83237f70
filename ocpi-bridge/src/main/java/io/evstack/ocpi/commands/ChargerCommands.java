package io.evstack.ocpi.commands;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

/**
 * What an OCPI command becomes at a charger, in the OCPP version the charger speaks. Each future
 * completes with the OCPI CommandResultType (section 13.4.2) that the charger's answer means; a call
 * that cannot even be sent (not connected, refused by the CSMS's own rules) fails or throws at once.
 */
interface ChargerCommands {
    /** START_SESSION: RemoteStartTransaction (1.6) / RequestStartTransaction (2.0.1). */
    CompletableFuture<String> start(String chargePointId, int evse, String uid, String ocpiTokenType, int remoteStartId);

    /** STOP_SESSION: RemoteStopTransaction (1.6) / RequestStopTransaction (2.0.1) of the CSMS transaction. */
    CompletableFuture<String> stop(String chargePointId, long transactionId);

    /** UNLOCK_CONNECTOR: UnlockConnector. */
    CompletableFuture<String> unlock(String chargePointId, int evse);

    /**
     * RESERVE_NOW: ReserveNow. The CSMS stores the reservation before it asks the charger and tells its id
     * to {@code reservationId} then, so CANCEL_RESERVATION finds it whatever the charger answers.
     */
    CompletableFuture<String> reserve(String chargePointId, int evse, String uid, String ocpiTokenType, Instant expiry,
            IntConsumer reservationId);

    /** CANCEL_RESERVATION: CancelReservation of the CSMS reservation. */
    CompletableFuture<String> cancel(String chargePointId, int reservationId);
}
