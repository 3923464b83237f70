package io.evstack.ocpi.commands;

import io.evstack.csms.ocpp16.Ocpp16Operations;
import io.evstack.ocpp.v16.CancelReservation;
import io.evstack.ocpp.v16.RemoteStartTransaction;
import io.evstack.ocpp.v16.RemoteStopTransaction;
import io.evstack.ocpp.v16.ReserveNow;
import io.evstack.ocpp.v16.UnlockConnector;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

/** OCPI commands as OCPP 1.6 operations (section 5 of OCPP 1.6); an EVSE is a 1.6 connector. */
final class Ocpp16Commands implements ChargerCommands {
    private final Ocpp16Operations operations;

    Ocpp16Commands(Ocpp16Operations operations) {
        this.operations = operations;
    }

    @Override
    public CompletableFuture<String> start(String chargePointId, int evse, String uid, String ocpiTokenType,
            int remoteStartId) {
        var req = new RemoteStartTransaction().withIdTag(uid).withConnectorId(evse);
        return operations.remoteStartTransaction(chargePointId, req)
                .thenApply(res -> "Accepted".equals(res.getStatus().value()) ? "ACCEPTED" : "REJECTED");
    }

    @Override
    public CompletableFuture<String> stop(String chargePointId, long transactionId) {
        var req = new RemoteStopTransaction().withTransactionId(Math.toIntExact(transactionId));
        return operations.remoteStopTransaction(chargePointId, req)
                .thenApply(res -> "Accepted".equals(res.getStatus().value()) ? "ACCEPTED" : "REJECTED");
    }

    @Override
    public CompletableFuture<String> unlock(String chargePointId, int evse) {
        return operations.unlockConnector(chargePointId, new UnlockConnector().withConnectorId(evse))
                .thenApply(res -> switch (res.getStatus().value()) {
                    case "Unlocked" -> "ACCEPTED";
                    case "NotSupported" -> "NOT_SUPPORTED";
                    default -> "FAILED";
                });
    }

    @Override
    public CompletableFuture<String> reserve(String chargePointId, int evse, String uid, String ocpiTokenType,
            Instant expiry, IntConsumer reservationId) {
        var req = new ReserveNow().withConnectorId(evse).withIdTag(uid).withReservationId(0)
                .withExpiryDate(expiry.atOffset(ZoneOffset.UTC));
        var answer = operations.reserveNow(chargePointId, req);
        if (req.getReservationId() > 0) {
            reservationId.accept(req.getReservationId());
        }
        return answer.thenApply(res -> reserveResult(res.getStatus().value()));
    }

    @Override
    public CompletableFuture<String> cancel(String chargePointId, int reservationId) {
        return operations.cancelReservation(chargePointId, new CancelReservation().withReservationId(reservationId))
                .thenApply(res -> "Accepted".equals(res.getStatus().value()) ? "CANCELED_RESERVATION" : "UNKNOWN_RESERVATION");
    }

    /** ReserveNow's status, the same words in 1.6 and 2.0.1, as a CommandResultType. */
    static String reserveResult(String status) {
        return switch (status) {
            case "Accepted" -> "ACCEPTED";
            case "Occupied" -> "EVSE_OCCUPIED";
            case "Faulted", "Unavailable" -> "EVSE_INOPERATIVE";
            default -> "REJECTED";
        };
    }
}
