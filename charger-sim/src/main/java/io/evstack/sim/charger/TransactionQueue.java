package io.evstack.sim.charger;

import io.evstack.sim.clock.SimClock;
import io.evstack.sim.ocpp.CallErrorException;
import io.evstack.sim.ocpp.CallTimeoutException;
import io.evstack.sim.ocpp.ChargerLink;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction-related messages (StartTransaction, MeterValues, StopTransaction) in the order they
 * happened, sent one at a time and kept while the charger is offline (OCPP 1.6 section 4.7 and 3.16), so
 * that after a reconnect they reach the CSMS in order and each exactly once per delivery attempt. A request
 * is built when it is sent, not when it was queued: a MeterValues queued before the StartTransaction was
 * answered still carries the real transaction id. A CALLERROR is retried
 * TransactionMessageAttempts times, TransactionMessageRetryInterval × attempt apart, then the message is
 * dropped. Used on the charger's event loop only.
 */
final class TransactionQueue {
    private static final Logger log = LoggerFactory.getLogger(TransactionQueue.class);

    /** @param request builds the request when it is sent; null drops the entry (its transaction never got an id) */
    record Entry(String action, Supplier<Object> request, Class<?> responseType, Consumer<Object> onAnswer) {}

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final String chargerId;
    private final ChargerLink link;
    private final SimClock clock;
    private final BooleanSupplier ready;
    private final IntSupplier maxAttempts;
    private final IntSupplier retryIntervalSeconds;
    private boolean sending;
    private int failedAttempts;
    private ScheduledFuture<?> retry;

    TransactionQueue(String chargerId, ChargerLink link, SimClock clock, BooleanSupplier ready, IntSupplier maxAttempts,
            IntSupplier retryIntervalSeconds) {
        this.chargerId = chargerId;
        this.link = link;
        this.clock = clock;
        this.ready = ready;
        this.maxAttempts = maxAttempts;
        this.retryIntervalSeconds = retryIntervalSeconds;
    }

    void add(Entry entry) {
        entries.add(entry);
        pump();
    }

    int size() {
        return entries.size();
    }

    /** Whether a queued message, the one in flight included, matches (2.0.1 E14 GetTransactionStatus). */
    boolean any(java.util.function.Predicate<Entry> match) {
        return entries.stream().anyMatch(match);
    }

    /** Sends the head if the link is ready and nothing is in flight; called on every add and (re)connect. */
    void pump() {
        if (sending || retry != null || entries.isEmpty() || !ready.getAsBoolean()) {
            return;
        }
        Entry head = entries.peek();
        Object request = head.request().get();
        if (request == null) {
            entries.poll();
            pump();
            return;
        }
        sending = true;
        link.call(head.action(), request, head.responseType()).whenComplete((response, error) -> {
            sending = false;
            if (error == null) {
                entries.poll();
                failedAttempts = 0;
                head.onAnswer().accept(response);
                pump();
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof CallErrorException callError) {
                failedAttempts++;
                if (failedAttempts >= Math.max(1, maxAttempts.getAsInt())) {
                    log.warn("{}: dropped {} after {} CALLERRORs ({})", chargerId, head.action(), failedAttempts,
                            callError.getMessage());
                    entries.poll();
                    failedAttempts = 0;
                    pump();
                } else {
                    retryLater(Duration.ofSeconds((long) retryIntervalSeconds.getAsInt() * failedAttempts));
                }
            } else if (cause instanceof CallTimeoutException) {
                retryLater(Duration.ofSeconds(Math.max(1, retryIntervalSeconds.getAsInt())));
            }
            // not connected or connection lost: the next (re)connect pumps again
        });
    }

    private void retryLater(Duration delay) {
        retry = clock.schedule(link.loop(), delay, () -> {
            retry = null;
            pump();
        });
    }
}
