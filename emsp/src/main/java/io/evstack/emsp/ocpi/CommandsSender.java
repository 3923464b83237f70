package io.evstack.emsp.ocpi;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands, Sender side (OCPI 2.2.1 section 13): POSTs START_SESSION, STOP_SESSION, RESERVE_NOW,
 * CANCEL_RESERVATION and UNLOCK_CONNECTOR to a CPO's commands endpoint, each with its own
 * {@code response_url = {our commands}/{COMMAND}/{uuid}}, and receives there the CommandResult the CPO
 * POSTs once the charger answered (13.2.2, 13.3.3); a RESERVE_NOW's URL may be called again later with
 * CANCELED_RESERVATION (13.1), so the latest result counts. Each command is stored before it is sent, because the
 * result may arrive before the CPO's synchronous CommandResponse does. The stored row is the truth (any
 * node may receive the result); the futures of {@link #await} only spare a caller on this node the polling.
 */
final class CommandsSender {
    private static final Logger log = LoggerFactory.getLogger(CommandsSender.class);
    static final Set<String> COMMANDS = Set.of("START_SESSION", "STOP_SESSION", "RESERVE_NOW", "CANCEL_RESERVATION",
            "UNLOCK_CONNECTOR");

    private final CommandRepository commands;
    private final OcpiClient client;
    private final Clock clock;
    private final String url;
    private final Duration grace;
    private final Map<String, CompletableFuture<CommandStatus>> waiting = new ConcurrentHashMap<>();

    /**
     * @param url our commands endpoint's public URL (the response_urls are under it)
     * @param grace how long past the CPO's own timeout a result is still awaited before it is TIMEOUT
     */
    CommandsSender(CommandRepository commands, OcpiClient client, Clock clock, String url, Duration grace) {
        this.commands = commands;
        this.client = client;
        this.clock = clock;
        this.url = url;
        this.grace = grace;
    }

    void register(Javalin app, String path) {
        app.post(path + "/{command}/{id}", this::result);
    }

    /**
     * Sends one command (body without response_url) to the CPO and returns its id once the CPO answered
     * (or could not be reached: then the command is UNREACHABLE, never silently lost).
     */
    String send(EmspRepository.Cpo cpo, String command, Map<String, Object> body) {
        if (!COMMANDS.contains(command)) {
            throw new IllegalArgumentException("Unknown command " + command);
        }
        String id = UUID.randomUUID().toString();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("response_url", url + "/" + command + "/" + id);
        request.putAll(body);
        commands.insert(id, cpo.pk(), command, EmspOcpi.JSON.valueToTree(request).toString(), clock.instant());
        String endpoint = OcpiClient.endpoint(cpo.endpoints(), "commands", "RECEIVER")
                .orElseThrow(() -> new IllegalArgumentException("CPO " + cpo.name() + " takes no commands"));
        try {
            OcpiClient.Reply reply = client.send("POST", endpoint + "/" + command, cpo.tokenC(), request);
            if (reply.ok() && reply.data().path("result").isTextual()) {
                JsonNode data = reply.data();
                commands.responded(id, data.path("result").asText(), data.path("timeout").isInt() ? data.path("timeout").asInt() : null,
                        text(data.path("message")), clock.instant());
            } else {
                // an OCPI error (e.g. 2003 unknown location) refuses the command as a whole
                commands.responded(id, "REJECTED", null, reply.describe(), clock.instant());
            }
        } catch (OcpiClient.Unreachable e) {
            log.warn("{} {} to CPO {} not delivered: {}", command, id, cpo.name(), e.getMessage());
            commands.responded(id, "UNREACHABLE", null, e.getMessage(), clock.instant());
        }
        status(id).filter(CommandStatus::finished).ifPresent(s -> complete(id, s));
        log.info("{} {} sent to CPO {}: {}", command, id, cpo.name(), status(id).orElseThrow());
        return id;
    }

    Optional<CommandStatus> status(String commandId) {
        return commands.find(commandId).map(c -> c.status(clock.instant(), grace));
    }

    /**
     * The command's final status: at once if it is known, else when the CPO's CommandResult arrives here,
     * else, at its deadline, whatever is stored then (TIMEOUT if still nothing).
     */
    CompletableFuture<CommandStatus> await(String commandId) {
        CommandRepository.Command c = commands.find(commandId)
                .orElseThrow(() -> new IllegalArgumentException("Unknown command " + commandId));
        CompletableFuture<CommandStatus> future = waiting.computeIfAbsent(commandId, k -> new CompletableFuture<>());
        // checked after registering, so that a result stored in between is not missed
        CommandStatus now = status(commandId).orElseThrow();
        if (now.finished()) {
            complete(commandId, now);
            return future;
        }
        Duration left = Duration.between(clock.instant(), c.deadline(grace)).plusMillis(500);
        return future.completeOnTimeout(null, Math.max(1, left.toMillis()), TimeUnit.MILLISECONDS)
                .thenApply(s -> {
                    waiting.remove(commandId);
                    return s != null ? s : status(commandId).orElseThrow();
                });
    }

    /** {@code POST {response_url}}: a CommandResult (section 13.3.3) from the CPO the command went to. */
    private void result(Context ctx) {
        EmspRepository.Cpo cpo = ctx.attribute("cpo");
        String id = ctx.pathParam("id");
        Optional<CommandRepository.Command> command = commands.find(id)
                .filter(c -> c.cpoPk() == cpo.pk() && c.command().equals(ctx.pathParam("command")));
        if (command.isEmpty()) {
            Envelope.error(ctx, clock, 404, 2003, "No such command " + ctx.pathParam("command") + "/" + id);
            return;
        }
        JsonNode body;
        try {
            body = EmspOcpi.JSON.readTree(ctx.body());
        } catch (java.io.IOException e) {
            Envelope.error(ctx, clock, 400, 2001, "Malformed JSON");
            return;
        }
        if (body == null || !body.path("result").isTextual()) {
            Envelope.error(ctx, clock, 400, 2001, "Missing or invalid field: result");
            return;
        }
        Instant now = clock.instant();
        if (commands.result(id, cpo.pk(), body.path("result").asText(), text(body.path("message")), now)) {
            log.info("{} {} from CPO {}: {}", command.get().command(), id, cpo.name(), body.path("result").asText());
        }
        status(id).filter(CommandStatus::finished).ifPresent(s -> complete(id, s));
        Envelope.ok(ctx, clock, null);
    }

    private void complete(String commandId, CommandStatus status) {
        CompletableFuture<CommandStatus> f = waiting.remove(commandId);
        if (f != null) {
            f.complete(status);
        }
    }

    /** DisplayText (or a list of them, as CommandResult.message is) as plain text for the record. */
    private static String text(JsonNode message) {
        if (message == null || message.isMissingNode() || message.isNull()) {
            return null;
        }
        if (message.isArray()) {
            return message.isEmpty() ? null : text(message.get(0));
        }
        return message.has("text") ? message.path("text").asText() : message.toString();
    }
}
