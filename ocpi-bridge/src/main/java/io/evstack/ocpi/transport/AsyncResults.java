package io.evstack.ocpi.transport;

import io.evstack.ocpi.credentials.Party;
import io.evstack.ocpi.push.Outbox;
import io.evstack.ocpp.server.CallTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous half of a Receiver that answers at once and reports later (commands, section 13.1;
 * charging profiles, 14.1): when the charger's answer arrives, or the timeout the synchronous response
 * announced has passed, the result is recorded and queued, in the same database transaction, in the push
 * outbox for the response_url the Sender gave. The push worker POSTs it with that party's credentials,
 * retried with back-off while the Sender is unreachable, so an eMSP that was down still learns the
 * result. One result per request: the {@link Recorder} says whether this result is the first for its
 * request (a command's result column is set once), and only then is it queued.
 */
public final class AsyncResults {
    private static final Logger log = LoggerFactory.getLogger(AsyncResults.class);

    /**
     * Records a result in the given transaction; false when the request already had its result (nothing
     * is queued then).
     */
    @FunctionalInterface
    public interface Recorder {
        boolean record(DSLContext tx, Object result);

        Recorder ALWAYS = (tx, result) -> true;
    }

    private final DSLContext dsl;
    private final Clock clock;
    private final Duration timeout;
    private final Runnable wake;
    private final Executor executor = Executors.newVirtualThreadPerTaskExecutor();

    /** {@code wake} asks the push worker for a round now rather than at its next tick. */
    public AsyncResults(DSLContext dsl, Clock clock, Duration timeout, Runnable wake) {
        this.dsl = dsl;
        this.clock = clock;
        this.timeout = timeout;
        this.wake = wake;
    }

    /** The timeout announced in the synchronous response, in whole seconds. */
    public int timeoutSeconds() {
        return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    }

    /**
     * When {@code answer} completes (or times out), makes the result with {@code onAnswer} or
     * {@code onFailure} (which learns whether it was a timeout), records it with {@code recorder} and
     * queues it for the response_url.
     */
    public <R> void whenAnswered(CompletableFuture<R> answer, Function<R, ?> onAnswer, Function<Boolean, ?> onFailure,
            Recorder recorder, Party party, String responseUrl) {
        answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handleAsync((res, failure) -> {
            try {
                Object result;
                if (failure == null) {
                    result = onAnswer.apply(res);
                } else {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    result = onFailure.apply(cause instanceof TimeoutException || cause instanceof CallTimeoutException);
                }
                send(party, responseUrl, result, recorder);
            } catch (RuntimeException e) {
                log.warn("Result for {} not recorded", responseUrl, e);
            }
            return null;
        }, executor);
    }

    /** Records a result known now and queues it for the response_url; false if it was not the first. */
    public boolean send(Party party, String responseUrl, Object result, Recorder recorder) {
        boolean queued = dsl.transactionResult(cfg -> {
            if (!recorder.record(cfg.dsl(), result)) {
                return false;
            }
            new Outbox(cfg.dsl()).add(party.pk(), Outbox.RESULTS, "POST", responseUrl, result, clock.instant());
            return true;
        });
        if (queued) {
            wake.run();
        } else {
            log.info("A second result for {} ignored: the request already has one", responseUrl);
        }
        return queued;
    }
}
