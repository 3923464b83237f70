package io.evstack.ocpp.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.ocpp.rpc.ErrorCode;
import io.evstack.ocpp.rpc.MessageTypes.ActionType;
import io.evstack.ocpp.rpc.OcppException;
import io.evstack.ocpp.rpc.OcppSchemas;
import io.evstack.ocpp.rpc.RpcMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CSMS's CALLs to one charger: at most one in flight (OCPP-J 1.6 section 4.1.1), the rest queued FIFO.
 * The in-flight call is recorded under its message id before it is sent; it ends with its CALLRESULT or
 * CALLERROR, its timeout, or the channel's close, and then the next one goes. Futures complete on virtual
 * threads, so that callers' continuations never run on the event loop.
 */
final class OutgoingCalls {
    private static final Logger log = LoggerFactory.getLogger(OutgoingCalls.class);

    private final class Pending {
        final String messageId = UUID.randomUUID().toString();
        final ActionType type;
        final JsonNode payload;
        final Class<?> responseType;
        final CompletableFuture<Object> future = new CompletableFuture<>();
        Future<?> timeout;

        Pending(ActionType type, JsonNode payload, Class<?> responseType) {
            this.type = type;
            this.payload = payload;
            this.responseType = responseType;
        }
    }

    private final ChargerConnection connection;
    private final ServerContext context;
    private final Duration timeout;
    private final Queue<Pending> queue = new ArrayDeque<>();
    private Pending inFlight;
    private boolean closed;

    OutgoingCalls(ChargerConnection connection, ServerContext context) {
        this.connection = connection;
        this.context = context;
        this.timeout = context.config().callTimeout();
    }

    /** Queues a CALL whose payload was already validated. */
    @SuppressWarnings("unchecked")
    <R> CompletableFuture<R> call(ActionType type, JsonNode payload, Class<R> responseType) {
        Pending pending = new Pending(type, payload, responseType);
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new ChargerNotConnectedException(connection.chargerId()));
            }
            queue.add(pending);
        }
        sendNext();
        return (CompletableFuture<R>) pending.future;
    }

    /** A CALLRESULT or CALLERROR from the charger. */
    void answer(RpcMessage answer) {
        Pending pending = take(answer.messageId());
        if (pending == null) {
            log.warn("{}: answer to unknown message id {} dropped", connection.chargerId(), answer.messageId());
            return;
        }
        complete(pending, () -> switch (answer) {
            case RpcMessage.CallResult result -> parse(pending, result.payload());
            case RpcMessage.CallError error -> {
                context.metrics().callError("received", error);
                throw new OcppException(error.code(), error.errorDescription());
            }
            case RpcMessage.Call call -> throw new IllegalArgumentException("not an answer: " + call);
        });
        sendNext();
    }

    /** An answer that could not be read; never answered on the wire (there is no way to), it fails the call. */
    void malformedAnswer(String messageId, String description) {
        Pending pending = take(messageId);
        if (pending == null) {
            log.warn("{}: malformed answer to unknown message id {} dropped: {}", connection.chargerId(), messageId, description);
            return;
        }
        log.warn("{}: malformed answer to {} {}: {}", connection.chargerId(), pending.type.action(), messageId, description);
        complete(pending, () -> {
            throw new OcppException(ErrorCode.FORMAT_VIOLATION, "Malformed answer: " + description);
        });
        sendNext();
    }

    /** The channel closed: every pending and queued call fails. */
    void close() {
        List<Pending> failed = new ArrayList<>();
        synchronized (this) {
            closed = true;
            if (inFlight != null) {
                inFlight.timeout.cancel(false);
                failed.add(inFlight);
                inFlight = null;
            }
            failed.addAll(queue);
            queue.clear();
        }
        for (Pending pending : failed) {
            complete(pending, () -> {
                throw new ChargerNotConnectedException(connection.chargerId());
            });
        }
    }

    private void sendNext() {
        Pending next;
        synchronized (this) {
            if (closed || inFlight != null || queue.isEmpty()) {
                return;
            }
            next = queue.poll();
            inFlight = next;
            next.timeout = connection.channel().eventLoop()
                    .schedule(() -> timedOut(next), timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        connection.channel()
                .writeAndFlush(new RpcMessage.Call(next.messageId, next.type.action(), next.payload))
                .addListener(written -> {
                    if (!written.isSuccess() && take(next.messageId) != null) {
                        complete(next, () -> {
                            throw new ChargerNotConnectedException(connection.chargerId());
                        });
                        sendNext();
                    }
                });
    }

    private void timedOut(Pending pending) {
        synchronized (this) {
            if (inFlight != pending) {
                return;
            }
            inFlight = null;
        }
        log.info("{}: {} {} timed out", connection.chargerId(), pending.type.action(), pending.messageId);
        complete(pending, () -> {
            throw new CallTimeoutException(connection.chargerId(), pending.type.action(), timeout);
        });
        sendNext();
    }

    private synchronized Pending take(String messageId) {
        if (inFlight == null || !inFlight.messageId.equals(messageId)) {
            return null;
        }
        Pending pending = inFlight;
        inFlight = null;
        pending.timeout.cancel(false);
        return pending;
    }

    private Object parse(Pending pending, JsonNode payload) throws OcppException {
        Optional<OcppSchemas.Violation> invalid =
                context.schemas().validateResponse(connection.version(), pending.type, payload);
        if (invalid.isPresent()) {
            log.warn("{}: invalid {} answer: {}", connection.chargerId(), pending.type.action(), invalid.get().description());
            throw new OcppException(invalid.get().code(), "Invalid answer: " + invalid.get().description());
        }
        try {
            return context.mapper().treeToValue(payload, pending.responseType);
        } catch (Exception e) {
            log.warn("{}: cannot bind {} answer: {}", connection.chargerId(), pending.type.action(), e.getMessage());
            throw new OcppException(ErrorCode.FORMAT_VIOLATION, "Answer cannot be read: " + e.getMessage());
        }
    }

    private interface Outcome {
        Object get() throws Exception;
    }

    private void complete(Pending pending, Outcome outcome) {
        Runnable completion = () -> {
            try {
                pending.future.complete(outcome.get());
            } catch (Exception e) {
                pending.future.completeExceptionally(e);
            }
        };
        try {
            context.executor().execute(completion);
        } catch (RuntimeException shuttingDown) {
            completion.run();
        }
    }
}
