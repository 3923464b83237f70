package io.evstack.csms.messagelog;

import io.evstack.ocpp.server.FrameListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The support log of every OCPP frame in and out. The socket thread only enqueues (it must never wait on
 * the database); a writer thread stores frames in batches. When the database falls far behind, frames
 * are dropped and counted rather than slowing the chargers down: this log is for support, the domain
 * tables are the record. Secrets are masked before they are queued.
 */
public final class MessageLog implements FrameListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MessageLog.class);
    // ChangeConfiguration of AuthorizationKey carries a charger's new password (Security Whitepaper 2.2);
    // GetConfiguration may echo it. Mask the value that follows the key.
    private static final Pattern AUTHORIZATION_KEY =
            Pattern.compile("(\"key\"\\s*:\\s*\"AuthorizationKey\"\\s*,\\s*\"value\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\")");

    private final DSLContext dsl;
    private final Clock clock;
    private final Duration retention;
    private final BlockingQueue<LoggedFrame> queue = new ArrayBlockingQueue<>(50_000);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean running = true;

    public MessageLog(DSLContext dsl, Clock clock, Duration retention) {
        this.dsl = dsl;
        this.clock = clock;
        this.retention = retention;
        this.writer = Thread.ofPlatform().daemon().name("ocpp-message-log").start(this::writeLoop);
    }

    @Override
    public void frame(String chargerId, Direction direction, String text) {
        if (!queue.offer(new LoggedFrame(chargerId, direction.name(), mask(text), clock.instant()))) {
            dropped.incrementAndGet();
        }
    }

    static String mask(String text) {
        if (!text.contains("AuthorizationKey")) {
            return text;
        }
        return AUTHORIZATION_KEY.matcher(text).replaceAll("$1***$3");
    }

    public long dropped() {
        return dropped.get();
    }

    public List<LoggedFrame> recent(String chargePointId, Instant before, int limit) {
        return new MessageLogRepository(dsl).recent(chargePointId, before, limit);
    }

    /** Deletes frames older than the retention; run periodically. */
    public int trim() {
        return new MessageLogRepository(dsl).deleteOlderThan(clock.instant().minus(retention));
    }

    /** Writes whatever is queued now; for tests and shutdown. */
    public void flush() {
        List<LoggedFrame> batch = new ArrayList<>();
        queue.drainTo(batch);
        write(batch);
    }

    private void writeLoop() {
        List<LoggedFrame> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                LoggedFrame first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 999);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<LoggedFrame> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            new MessageLogRepository(dsl).insert(batch);
        } catch (RuntimeException e) {
            dropped.addAndGet(batch.size());
            log.warn("Could not store {} OCPP frames in the message log", batch.size(), e);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
