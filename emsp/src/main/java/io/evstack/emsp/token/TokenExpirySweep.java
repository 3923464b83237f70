package io.evstack.emsp.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes {@link TokenService#expireDue()} when the next token's expiry date comes, by the service's clock,
 * and at the latest after {@code maxWait}. One wake-up is planned at a time: each pass plans the next,
 * and {@link #wake()} (a new expiry date) replaces the planned one with an immediate pass.
 */
final class TokenExpirySweep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TokenExpirySweep.class);

    private final TokenService tokens;
    private final Clock clock;
    private final Duration maxWait;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> planned;

    TokenExpirySweep(TokenService tokens, Clock clock, Duration maxWait) {
        if (maxWait.isZero() || maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must be positive");
        }
        this.tokens = tokens;
        this.clock = clock;
        this.maxWait = maxWait;
    }

    synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "emsp-token-expiry");
            t.setDaemon(true);
            return t;
        });
        plan(Duration.ZERO); // tokens that expired while the server was down
    }

    synchronized void wake() {
        plan(Duration.ZERO);
    }

    private void pass() {
        Duration next = maxWait;
        try {
            tokens.expireDue();
            Optional<Instant> due = tokens.nextExpiry();
            if (due.isPresent()) {
                Duration until = Duration.between(clock.instant(), due.get());
                next = until.isNegative() ? Duration.ZERO : until.compareTo(maxWait) < 0 ? until : maxWait;
            }
        } catch (RuntimeException e) {
            log.warn("Token expiry pass failed; next try in {}: {}", maxWait, e.getMessage());
        }
        synchronized (this) {
            plan(next);
        }
    }

    private void plan(Duration delay) {
        if (scheduler == null) {
            return;
        }
        if (planned != null) {
            planned.cancel(false);
        }
        planned = scheduler.schedule(this::pass, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
            planned = null;
        }
    }
}
