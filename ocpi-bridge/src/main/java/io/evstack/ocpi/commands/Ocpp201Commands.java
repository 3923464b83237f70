package io.evstack.ocpi.commands;

import io.evstack.csms.ocpp201.Ocpp201Operations;
import io.evstack.csms.transaction.TransactionService;
import io.evstack.ocpp.v201.CancelReservationRequest;
import io.evstack.ocpp.v201.IdToken;
import io.evstack.ocpp.v201.IdTokenEnum;
import io.evstack.ocpp.v201.RequestStartTransactionRequest;
import io.evstack.ocpp.v201.RequestStopTransactionRequest;
import io.evstack.ocpp.v201.ReserveNowRequest;
import io.evstack.ocpp.v201.UnlockConnectorRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

/**
 * OCPI commands as OCPP 2.0.1 operations (F01, F03, F05, H01, H02). The OCPI EVSE is the station's EVSE;
 * its connector is 1, as the location mapping publishes one connector per EVSE. A transaction is
 * stopped by the station's own transactionId, which the CSMS keeps beside its transaction.
 */
final class Ocpp201Commands implements ChargerCommands {
    private final Ocpp201Operations operations;
    private final TransactionService transactions;

    Ocpp201Commands(Ocpp201Operations operations, TransactionService transactions) {
        this.operations = operations;
        this.transactions = transactions;
    }

    @Override
    public CompletableFuture<String> start(String chargePointId, int evse, String uid, String ocpiTokenType,
            int remoteStartId) {
        var req = new RequestStartTransactionRequest().withIdToken(idToken(uid, ocpiTokenType)).withEvseId(evse)
                .withRemoteStartId(remoteStartId);
        return operations.requestStartTransaction(chargePointId, req)
                .thenApply(res -> "Accepted".equals(res.getStatus().value()) ? "ACCEPTED" : "REJECTED");
    }

    @Override
    public CompletableFuture<String> stop(String chargePointId, long transactionId) {
        String stationTx = transactions.chargerTransactionId(transactionId)
                .orElseThrow(() -> new IllegalStateException("The station never named transaction " + transactionId));
        return operations.call(chargePointId, "RequestStopTransaction",
                        new RequestStopTransactionRequest().withTransactionId(stationTx),
                        io.evstack.ocpp.v201.RequestStopTransactionResponse.class)
                .thenApply(res -> "Accepted".equals(res.getStatus().value()) ? "ACCEPTED" : "REJECTED");
    }

    @Override
    public CompletableFuture<String> unlock(String chargePointId, int evse) {
        return operations.call(chargePointId, "UnlockConnector",
                        new UnlockConnectorRequest().withEvseId(evse).withConnectorId(1),
                        io.evstack.ocpp.v201.UnlockConnectorResponse.class)
                .thenApply(res -> switch (res.getStatus().value()) {
                    case "Unlocked" -> "ACCEPTED";
                    // F05.FR.02: a connector with an authorized transaction is not unlocked remotely.
                    case "OngoingAuthorizedTransaction" -> "REJECTED";
                    default -> "FAILED";
                });
    }

    @Override
    public CompletableFuture<String> reserve(String chargePointId, int evse, String uid, String ocpiTokenType,
            Instant expiry, IntConsumer reservationId) {
        var req = new ReserveNowRequest().withId(0).withEvseId(evse).withIdToken(idToken(uid, ocpiTokenType))
                .withExpiryDateTime(expiry.atOffset(ZoneOffset.UTC));
        var answer = operations.reserveNow(chargePointId, req);
        if (req.getId() > 0) {
            reservationId.accept(req.getId());
        }
        return answer.thenApply(res -> Ocpp16Commands.reserveResult(res.getStatus().value()));
    }

    @Override
    public CompletableFuture<String> cancel(String chargePointId, int reservationId) {
        return operations.cancelReservation(chargePointId, new CancelReservationRequest().withReservationId(reservationId))
                .thenApply(res -> "Accepted".equals(res.getStatus().value()) ? "CANCELED_RESERVATION" : "UNKNOWN_RESERVATION");
    }

    /**
     * An OCPI token as a 2.0.1 IdToken: an RFID card is ISO14443 (its uid is the card's UID); a token the
     * eMSP issued for an app or ad hoc is Central, a token of the eMSP, not of a card (OCPP 2.0.1 3.44).
     */
    static IdToken idToken(String uid, String ocpiTokenType) {
        return new IdToken().withIdToken(uid)
                .withType("RFID".equals(ocpiTokenType) ? IdTokenEnum.ISO_14443 : IdTokenEnum.CENTRAL);
    }
}
