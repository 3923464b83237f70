package io.evstack.emsp.ocpi;

import static io.evstack.db.generated.Tables.EMSP_COMMAND;

import io.evstack.db.generated.tables.records.EmspCommandRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** Commands we sent to CPOs (emsp_command): the request, the CPO's CommandResponse, its CommandResult. */
final class CommandRepository {
    /**
     * The longest CommandResponse timeout we wait for (section 13.3.2 sets no limit): a result later than this is
     * of no use to a driver at the charger, and a command must not stay PENDING for as long as a CPO says.
     */
    static final Duration MAX_CPO_TIMEOUT = Duration.ofMinutes(15);

    /** One command as stored. {@code responseResult} null: no answer yet. */
    record Command(String commandId, long cpoPk, String command, String request, Instant createdAt, String responseResult,
            Integer responseTimeout, Instant respondedAt, String responseMessage, String result, String resultMessage,
            Instant resultAt) {

        CommandState status(Instant now, Duration grace) {
            if (result != null) {
                return CommandState.parse(result);
            }
            if (responseResult == null) {
                // Stored but never answered (the sending node stopped mid-request): bounded like any other.
                return now.isAfter(deadline(grace)) ? CommandState.TIMEOUT : CommandState.PENDING;
            }
            if (!"ACCEPTED".equals(responseResult)) {
                return CommandState.parse(responseResult);
            }
            return now.isAfter(deadline(grace)) ? CommandState.TIMEOUT : CommandState.PENDING;
        }

        /**
         * When the result is due: the CPO's timeout (CommandResponse, section 13.3.2; at most
         * {@link #MAX_CPO_TIMEOUT}) after its answer, plus grace; without an answer, grace after sending.
         */
        Instant deadline(Duration grace) {
            Instant from = respondedAt == null ? createdAt : respondedAt;
            Duration timeout = responseTimeout == null ? Duration.ZERO : Duration.ofSeconds(Math.max(0, responseTimeout));
            return from.plus(timeout.compareTo(MAX_CPO_TIMEOUT) > 0 ? MAX_CPO_TIMEOUT : timeout).plus(grace);
        }

        /** When anything last happened to it. */
        Instant lastActivity() {
            Instant last = createdAt;
            if (respondedAt != null && respondedAt.isAfter(last)) last = respondedAt;
            if (resultAt != null && resultAt.isAfter(last)) last = resultAt;
            return last;
        }
    }

    private final DSLContext dsl;

    CommandRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    void insert(String commandId, long cpoPk, String command, String request, Instant now) {
        dsl.insertInto(EMSP_COMMAND).set(EMSP_COMMAND.COMMAND_ID, commandId).set(EMSP_COMMAND.CPO_PK, cpoPk)
                .set(EMSP_COMMAND.COMMAND, command).set(EMSP_COMMAND.REQUEST, request).set(EMSP_COMMAND.CREATED_AT, now)
                .execute();
    }

    void responded(String commandId, String result, Integer timeout, String message, Instant now) {
        dsl.update(EMSP_COMMAND).set(EMSP_COMMAND.RESPONSE_RESULT, result).set(EMSP_COMMAND.RESPONSE_TIMEOUT, timeout)
                .set(EMSP_COMMAND.RESPONSE_MESSAGE, clip(message)).set(EMSP_COMMAND.RESPONDED_AT, now)
                .where(EMSP_COMMAND.COMMAND_ID.eq(commandId)).execute();
    }

    /** The CommandResult; the latest counts (a reservation may later be CANCELED_RESERVATION, section 13.1). */
    boolean result(String commandId, long cpoPk, String result, String message, Instant now) {
        return dsl.update(EMSP_COMMAND).set(EMSP_COMMAND.RESULT, result).set(EMSP_COMMAND.RESULT_MESSAGE, clip(message))
                .set(EMSP_COMMAND.RESULT_AT, now)
                .where(EMSP_COMMAND.COMMAND_ID.eq(commandId), EMSP_COMMAND.CPO_PK.eq(cpoPk))
                .execute() == 1;
    }

    Optional<Command> find(String commandId) {
        return dsl.selectFrom(EMSP_COMMAND).where(EMSP_COMMAND.COMMAND_ID.eq(commandId)).fetchOptional()
                .map(CommandRepository::command);
    }

    /** Commands still awaiting a CommandResult (not refused at once), sent before {@code before}, oldest first. */
    List<Command> withoutResult(Instant before, int limit) {
        return dsl.selectFrom(EMSP_COMMAND).where(EMSP_COMMAND.RESULT.isNull(), EMSP_COMMAND.CREATED_AT.lt(before),
                        EMSP_COMMAND.RESPONSE_RESULT.isNull().or(EMSP_COMMAND.RESPONSE_RESULT.eq("ACCEPTED")))
                .orderBy(EMSP_COMMAND.CREATED_AT).limit(limit).fetch(CommandRepository::command);
    }

    /** Stores TIMEOUT as the result of a command still without one (a result that came meanwhile is kept). */
    boolean timedOut(String commandId, String message, Instant now) {
        return dsl.update(EMSP_COMMAND).set(EMSP_COMMAND.RESULT, CommandState.TIMEOUT.name())
                .set(EMSP_COMMAND.RESULT_MESSAGE, clip(message)).set(EMSP_COMMAND.RESULT_AT, now)
                .where(EMSP_COMMAND.COMMAND_ID.eq(commandId), EMSP_COMMAND.RESULT.isNull()).execute() == 1;
    }

    /** Commands sent before {@code before}, oldest first: candidates for purging. */
    List<Command> sentBefore(Instant before, int limit) {
        return dsl.selectFrom(EMSP_COMMAND).where(EMSP_COMMAND.CREATED_AT.lt(before)).orderBy(EMSP_COMMAND.CREATED_AT)
                .limit(limit).fetch(CommandRepository::command);
    }

    int delete(Collection<String> commandIds) {
        return commandIds.isEmpty() ? 0 : dsl.deleteFrom(EMSP_COMMAND).where(EMSP_COMMAND.COMMAND_ID.in(commandIds)).execute();
    }

    private static Command command(EmspCommandRecord r) {
        return new Command(r.getCommandId(), r.getCpoPk(), r.getCommand(), r.getRequest(), r.getCreatedAt(), r.getResponseResult(),
                r.getResponseTimeout(), r.getRespondedAt(), r.getResponseMessage(), r.getResult(), r.getResultMessage(), r.getResultAt());
    }

    private static String clip(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
