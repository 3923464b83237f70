package io.evstack.ocpi.transport;

import io.evstack.ocpi.credentials.Party;
import io.evstack.ocpp.server.CallTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous half of a Receiver that answers at once and reports later (commands, section 13.1;
 * charging profiles, 14.1): when the charger's answer arrives, or the timeout the synchronous response
 * announced has passed, the result is recorded and POSTed to the response_url the Sender gave, with the
 * credentials of that party. A lost POST is logged, not retried: the Sender treats a missing result as
 * timed out, as the specification lets it.
 */
public final class AsyncResults {
    private static final Logger log = LoggerFactory.getLogger(AsyncResults.class);

    private final OcpiClient client;
    private final Duration timeout;
    private final String ourCountry;
    private final String ourParty;
    private final Executor executor = Executors.newVirtualThreadPerTaskExecutor();

    public AsyncResults(OcpiClient client, Duration timeout, String ourCountry, String ourParty) {
        this.client = client;
        this.timeout = timeout;
        this.ourCountry = ourCountry;
        this.ourParty = ourParty;
    }

    /** The timeout announced in the synchronous response, in whole seconds. */
    public int timeoutSeconds() {
        return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    }

    /**
     * When {@code answer} completes (or times out), makes the result with {@code onAnswer} or
     * {@code onFailure} (which learns whether it was a timeout), hands it to {@code record} and POSTs it.
     */
    public <R> void whenAnswered(CompletableFuture<R> answer, Function<R, ?> onAnswer, Function<Boolean, ?> onFailure,
            Consumer<Object> record, Party party, String responseUrl) {
        answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handleAsync((res, failure) -> {
            Object result;
            if (failure == null) {
                result = onAnswer.apply(res);
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                result = onFailure.apply(cause instanceof TimeoutException || cause instanceof CallTimeoutException);
            }
            record.accept(result);
            post(party, responseUrl, result);
            return null;
        }, executor);
    }

    public void post(Party party, String responseUrl, Object result) {
        try {
            // routed like every request we send (section 4.1.3): from us, to the party's eMSP role
            OcpiClient.Routing routing = party.mainRole().map(to -> new OcpiClient.Routing(ourCountry, ourParty,
                    to.countryCode(), to.partyId())).orElse(null);
            var answer = client.send("POST", responseUrl, party.outgoingToken(), party.tokenBase64(), result, routing);
            if (!answer.ok()) {
                log.info("Result to {} answered {}", responseUrl, answer.describe());
            }
        } catch (Exception e) {
            log.info("Cannot POST a result to {}: {}", responseUrl, e.getMessage());
        }
    }
}
