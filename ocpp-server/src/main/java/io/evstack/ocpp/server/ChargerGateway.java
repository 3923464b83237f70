package io.evstack.ocpp.server;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Sends CSMS-initiated CALLs to chargers. Asynchronous so that a clustered implementation can route a
 * call to the node holding the socket. At most one CALL is in flight per charger; later ones queue.
 *
 * <p>The future fails with {@link ChargerNotConnectedException} at once when the charger is not
 * connected, {@link CallTimeoutException} when it does not answer in time, and
 * {@link io.evstack.ocpp.rpc.OcppException} when it answers with a CALLERROR.
 */
public interface ChargerGateway {
    <R> CompletableFuture<R> call(String chargerId, String action, Object request, Class<R> responseType);

    boolean isConnected(String chargerId);

    Optional<ChargerSession> session(String chargerId);

    Collection<ChargerSession> sessions();
}
