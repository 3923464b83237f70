package io.evstack.ocpp.server;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The registry of one node: a concurrent map from charger id to its live session. */
public final class InProcessConnectionRegistry implements ConnectionRegistry {
    private final ConcurrentMap<String, ChargerSession> sessions = new ConcurrentHashMap<>();

    @Override
    public Optional<ChargerSession> register(ChargerSession session) {
        return Optional.ofNullable(sessions.put(session.chargerId(), session));
    }

    @Override
    public boolean unregister(ChargerSession session) {
        boolean[] removed = {false};
        sessions.computeIfPresent(session.chargerId(), (id, current) -> {
            if (current.connectionId().equals(session.connectionId())) {
                removed[0] = true;
                return null;
            }
            return current;
        });
        return removed[0];
    }

    @Override
    public Optional<ChargerSession> find(String chargerId) {
        return Optional.ofNullable(sessions.get(chargerId));
    }

    @Override
    public Collection<ChargerSession> all() {
        return List.copyOf(sessions.values());
    }

    @Override
    public int size() {
        return sessions.size();
    }
}
