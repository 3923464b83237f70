package io.evstack.ocpp.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.ocpp.rpc.MessageTypes;
import io.evstack.ocpp.rpc.MessageTypes.ActionType;
import io.evstack.ocpp.rpc.OcppSchemas;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The gateway of one node: calls reach the chargers whose sockets this node holds. The request is checked
 * against the action's schema for the charger's version before anything is sent; every failure, including
 * an invalid request, arrives as a failed future.
 */
final class LocalChargerGateway implements ChargerGateway {
    private final ServerContext context;

    LocalChargerGateway(ServerContext context) {
        this.context = context;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Also fails with {@link IllegalArgumentException}, nothing sent, when the action is unknown for the
     * charger's version, is not one the CSMS sends, when {@code responseType} is not its response class, or
     * when the request does not satisfy the schema.
     */
    @Override
    public <R> CompletableFuture<R> call(String chargerId, String action, Object request, Class<R> responseType) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(responseType, "responseType");
        if (!(context.registry().find(chargerId).orElse(null) instanceof ChargerConnection connection)
                || !connection.channel().isActive()) {
            return CompletableFuture.failedFuture(new ChargerNotConnectedException(chargerId));
        }
        ActionType type = MessageTypes.find(connection.version(), action).orElse(null);
        if (type == null || !type.initiator().csms()) {
            return invalid(action + " is not a CSMS-initiated action of " + connection.version());
        }
        if (!responseType.isAssignableFrom(type.responseType())) {
            return invalid(action + " answers " + type.responseType().getName() + ", not " + responseType.getName());
        }
        JsonNode payload;
        try {
            payload = context.mapper().valueToTree(request);
        } catch (IllegalArgumentException e) {
            return invalid("Cannot serialize the " + action + " request: " + e.getMessage());
        }
        Optional<OcppSchemas.Violation> violation = context.schemas().validateRequest(connection.version(), type, payload);
        if (violation.isPresent()) {
            return invalid("Invalid " + action + " request: " + violation.get().description());
        }
        return connection.outgoing().call(type, payload, responseType);
    }

    @Override
    public boolean isConnected(String chargerId) {
        return context.registry().find(chargerId).isPresent();
    }

    @Override
    public Optional<ChargerSession> session(String chargerId) {
        return context.registry().find(chargerId);
    }

    @Override
    public Collection<ChargerSession> sessions() {
        return context.registry().all();
    }

    private static <R> CompletableFuture<R> invalid(String message) {
        return CompletableFuture.failedFuture(new IllegalArgumentException(message));
    }
}
