package io.evstack.sim.ocpp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCPP-J RPC over one open WebSocket: outgoing calls one at a time (OCPP-J 1.6 section 4.1.1) from a
 * FIFO queue, each correlated by message id and timed out; incoming calls answered by the
 * {@link CallHandler}. Confined to the channel's event loop; dies with the channel, failing whatever it
 * still holds.
 */
final class RpcSession {
    private static final Logger log = LoggerFactory.getLogger(RpcSession.class);

    private record Pending(String messageId, String action, Object request, Class<?> responseType,
            CompletableFuture<Object> future) {}

    private final Channel channel;
    private final String chargerId;
    private final RpcFrameCodec codec;
    private final CallHandler handler;
    private final Duration callTimeout;
    private final LinkMetrics metrics;
    private final MessageIds ids;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private Pending inFlight;
    private long inFlightSince;
    private ScheduledFuture<?> timeout;
    private boolean closed;

    RpcSession(Channel channel, String chargerId, RpcFrameCodec codec, CallHandler handler, Duration callTimeout,
            LinkMetrics metrics, MessageIds ids) {
        this.channel = channel;
        this.chargerId = chargerId;
        this.codec = codec;
        this.handler = handler;
        this.callTimeout = callTimeout;
        this.metrics = metrics;
        this.ids = ids;
    }

    CompletableFuture<Object> call(String action, Object request, Class<?> responseType) {
        CompletableFuture<Object> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new NotConnectedException(chargerId));
            return future;
        }
        queue.add(new Pending(ids.next(), action, request, responseType, future));
        sendNext();
        return future;
    }

    int queued() {
        return queue.size() + (inFlight == null ? 0 : 1);
    }

    void received(String text) {
        metrics.frameReceived();
        RpcFrame frame;
        try {
            frame = codec.decode(text);
        } catch (MalformedFrameException e) {
            if (e.messageId() != null) {
                write(new RpcFrame.CallError(e.messageId(), CallErrorCode.FORMATION_VIOLATION.wireName(), e.getMessage(), null));
            } else {
                log.warn("{}: dropped a malformed frame ({}): {}", chargerId, e.getMessage(), abbreviate(text));
            }
            return;
        }
        switch (frame) {
            case RpcFrame.Call call -> answer(call);
            case RpcFrame.CallResult result -> completeInFlight(result.messageId(), result.payload(), null);
            case RpcFrame.CallError error -> completeInFlight(error.messageId(), null,
                    new CallErrorException(CallErrorCode.fromWire(error.errorCode()), error.description()));
        }
    }

    /** The channel closed: fail the call in flight and everything queued. */
    void closed() {
        if (closed) {
            return;
        }
        closed = true;
        cancelTimeout();
        if (inFlight != null) {
            inFlight.future().completeExceptionally(new ConnectionLostException(chargerId, inFlight.action()));
            inFlight = null;
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            p.future().completeExceptionally(new ConnectionLostException(chargerId, p.action()));
        }
    }

    private void sendNext() {
        while (inFlight == null && !closed && !queue.isEmpty()) {
            Pending next = queue.poll();
            JsonNode payload;
            try {
                payload = codec.toTree(next.request());
            } catch (IllegalArgumentException e) {
                next.future().completeExceptionally(e);
                continue;
            }
            inFlight = next;
            inFlightSince = System.nanoTime();
            timeout = channel.eventLoop().schedule(this::timedOut, callTimeout.toNanos(), TimeUnit.NANOSECONDS);
            write(new RpcFrame.Call(next.messageId(), next.action(), payload));
        }
    }

    private void completeInFlight(String messageId, JsonNode payload, CallErrorException error) {
        Pending p = inFlight;
        if (p == null || !p.messageId().equals(messageId)) {
            // usually the answer to a call that timed out, which was counted and reported then; under load
            // there are thousands, so not a warning each
            log.debug("{}: dropped an answer to unknown or expired message {}", chargerId, messageId);
            return;
        }
        inFlight = null;
        cancelTimeout();
        metrics.answered(p.action(), System.nanoTime() - inFlightSince, error != null);
        if (error != null) {
            p.future().completeExceptionally(error);
        } else {
            try {
                p.future().complete(codec.fromTree(payload, p.responseType()));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                p.future().completeExceptionally(new CallErrorException(CallErrorCode.FORMATION_VIOLATION,
                        "unreadable " + p.action() + " response: " + e.getMessage()));
            }
        }
        sendNext();
    }

    private void timedOut() {
        Pending p = inFlight;
        if (p == null) {
            return;
        }
        inFlight = null;
        timeout = null;
        metrics.timedOut(p.action());
        p.future().completeExceptionally(new CallTimeoutException(chargerId, p.action(), callTimeout));
        sendNext();
    }

    private void answer(RpcFrame.Call call) {
        RpcFrame reply;
        try {
            Object response = handler.handle(call.action(), call.payload());
            reply = new RpcFrame.CallResult(call.messageId(), codec.toTree(response));
        } catch (CallErrorException e) {
            reply = new RpcFrame.CallError(call.messageId(), e.code().wireName(), e.getMessage(), null);
        } catch (RuntimeException e) {
            log.warn("{}: {} failed", chargerId, call.action(), e);
            reply = new RpcFrame.CallError(call.messageId(), CallErrorCode.INTERNAL_ERROR.wireName(),
                    String.valueOf(e.getMessage()), null);
        }
        write(reply);
    }

    private void write(RpcFrame frame) {
        String text = codec.encode(frame);
        if (log.isTraceEnabled()) {
            log.trace("{} >> {}", chargerId, text);
        }
        metrics.frameSent();
        channel.writeAndFlush(new TextWebSocketFrame(text));
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
