package io.evstack.emsp.ocpi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends what the commands table would otherwise keep forever. OCPI 2.2.1 section 13: a CPO that does not send
 * its CommandResult within the timeout of its CommandResponse leaves the eMSP to treat the command as timed out;
 * so a command still without a result past its deadline ({@link CommandRepository.Command#deadline}: the CPO's
 * timeout, at most {@link CommandRepository#MAX_CPO_TIMEOUT}, plus grace; grace after sending when the CPO never
 * answered) gets TIMEOUT stored as its result. A CommandResult that still comes later replaces it (the latest
 * counts, as for CANCELED_RESERVATION). Finished commands, with the authorization_reference of their request,
 * are deleted {@code retention} after their last activity; a RESERVE_NOW not before its reservation expired
 * (expiry_date), since the CPO may still call its response_url with CANCELED_RESERVATION until then. The driver
 * API reads a command as stored, so it shows TIMEOUT before and after a pass alike.
 */
final class CommandSweep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CommandSweep.class);
    private static final int BATCH = 500;

    /** What one pass did. */
    record Pass(int timedOut, int purged) {}

    private final CommandRepository commands;
    private final Clock clock;
    private final Duration grace;
    private final Duration retention;
    private ScheduledExecutorService scheduler;

    CommandSweep(CommandRepository commands, Clock clock, Duration grace, Duration retention) {
        this.commands = commands;
        this.clock = clock;
        this.grace = grace;
        this.retention = retention;
    }

    /** Runs a pass every {@code interval} on a daemon thread of its own; failures are logged and retried. */
    synchronized void schedule(Duration interval) {
        if (scheduler != null) return;
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "emsp-command-sweep");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                pass();
            } catch (RuntimeException e) {
                log.warn("Command sweep failed, retried in {}: {}", interval, e.getMessage());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    Pass pass() {
        Instant now = clock.instant();
        int timedOut = 0;
        // Nothing sent after now - grace can be overdue yet.
        for (CommandRepository.Command c : commands.withoutResult(now.minus(grace), BATCH)) {
            if (c.status(now, grace) == CommandState.TIMEOUT && commands.timedOut(c.commandId(),
                    "No CommandResult from the CPO by " + c.deadline(grace) + " (OCPI 2.2.1 section 13)", now)) {
                timedOut++;
            }
        }
        List<String> purge = new ArrayList<>();
        for (CommandRepository.Command c : commands.sentBefore(now.minus(retention), BATCH)) {
            if (c.status(now, grace).finished() && !now.isBefore(keptUntil(c))) purge.add(c.commandId());
        }
        int purged = commands.delete(purge);
        if (timedOut > 0 || purged > 0) log.info("Commands: {} timed out, {} finished ones purged", timedOut, purged);
        return new Pass(timedOut, purged);
    }

    /** Retention after the last activity; for a reservation, after its expiry too. */
    private Instant keptUntil(CommandRepository.Command c) {
        Instant last = c.lastActivity();
        if ("RESERVE_NOW".equals(c.command())) {
            try {
                Instant expiry = Instant.parse(EmspOcpi.read(c.request()).path("expiry_date").asText(""));
                if (expiry.isAfter(last)) last = expiry;
            } catch (DateTimeParseException e) {
                // no readable expiry: the last activity alone
            }
        }
        return last.plus(retention);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
