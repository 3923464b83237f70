package io.evstack.ocpp.server;

import java.util.Collection;
import java.util.Optional;

/**
 * Who is connected, by charger id: one live session per charger. Behind an interface so that a clustered
 * registry (the node holding each socket, shared between nodes) can replace {@link InProcessConnectionRegistry}.
 * Implementations are thread-safe.
 */
public interface ConnectionRegistry {
    /** Makes {@code session} the charger's current one; returns the one it replaced, if any. */
    Optional<ChargerSession> register(ChargerSession session);

    /**
     * Removes the session only if it is still the charger's current one (same {@link ChargerSession#connectionId()}),
     * so that the late close of a replaced socket never removes its successor.
     *
     * @return whether it was removed
     */
    boolean unregister(ChargerSession session);

    Optional<ChargerSession> find(String chargerId);

    Collection<ChargerSession> all();

    int size();
}
