package io.evstack.emsp.ocpi;

import static io.evstack.db.generated.Tables.EMSP_COMMAND;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;

/** Commands we sent to CPOs (emsp_command): the request, the CPO's CommandResponse, its CommandResult. */
final class CommandRepository {
    /** One command as stored. {@code responseResult} null: no answer yet. */
    record Command(String commandId, long cpoPk, String command, Instant createdAt, String responseResult,
            Integer responseTimeout, Instant respondedAt, String responseMessage, String result, String resultMessage) {

        CommandStatus status(Instant now, Duration grace) {
            if (result != null) {
                return CommandStatus.parse(result);
            }
            if (responseResult == null) {
                return CommandStatus.PENDING;
            }
            if (!"ACCEPTED".equals(responseResult)) {
                return CommandStatus.parse(responseResult);
            }
            return now.isAfter(deadline(grace)) ? CommandStatus.TIMEOUT : CommandStatus.PENDING;
        }

        /** When the result is due: the CPO's timeout (CommandResponse, section 13.3.2) after its answer, plus grace. */
        Instant deadline(Duration grace) {
            Instant from = respondedAt == null ? createdAt : respondedAt;
            return from.plusSeconds(responseTimeout == null ? 0 : responseTimeout).plus(grace);
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
                .map(r -> new Command(r.getCommandId(), r.getCpoPk(), r.getCommand(), r.getCreatedAt(), r.getResponseResult(),
                        r.getResponseTimeout(), r.getRespondedAt(), r.getResponseMessage(), r.getResult(), r.getResultMessage()));
    }

    private static String clip(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
