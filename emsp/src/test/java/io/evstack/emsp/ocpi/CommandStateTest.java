package io.evstack.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * How a stored command reads: the CPO's CommandResult wins; a CommandResponse other than ACCEPTED is final;
 * an ACCEPTED command with no result is PENDING until the CPO's timeout plus grace has passed, then TIMEOUT.
 */
class CommandStateTest {
    static final Instant SENT = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration GRACE = Duration.ofSeconds(30);

    static CommandRepository.Command command(String response, Integer timeout, String result) {
        return new CommandRepository.Command("id", 1, "START_SESSION", "{}", SENT, response, timeout,
                response == null ? null : SENT.plusSeconds(1), null, result, null, result == null ? null : SENT.plusSeconds(2));
    }

    @Test
    void anAcceptedCommandWaitsForItsResultUntilTheTimeoutAndGraceHavePassed() {
        var c = command("ACCEPTED", 60, null);
        assertThat(c.status(SENT.plusSeconds(90), GRACE)).isEqualTo(CommandState.PENDING);
        assertThat(c.status(SENT.plusSeconds(91), GRACE)).isEqualTo(CommandState.PENDING);
        assertThat(c.status(SENT.plusSeconds(92), GRACE)).isEqualTo(CommandState.TIMEOUT);
    }

    @Test
    void theResultDecidesEvenAfterTheDeadline() {
        assertThat(command("ACCEPTED", 60, "ACCEPTED").status(SENT.plusSeconds(3600), GRACE)).isEqualTo(CommandState.ACCEPTED);
        assertThat(command("ACCEPTED", 60, "EVSE_OCCUPIED").status(SENT, GRACE)).isEqualTo(CommandState.EVSE_OCCUPIED);
        assertThat(command(null, null, "ACCEPTED").status(SENT, GRACE)).as("result before response").isEqualTo(CommandState.ACCEPTED);
        assertThat(command("ACCEPTED", 60, "SOMETHING_NEW").status(SENT, GRACE)).isEqualTo(CommandState.FAILED);
    }

    @Test
    void aRefusalAtOnceIsFinal() {
        assertThat(command("REJECTED", 30, null).status(SENT, GRACE)).isEqualTo(CommandState.REJECTED);
        assertThat(command("UNKNOWN_SESSION", 30, null).status(SENT, GRACE)).isEqualTo(CommandState.UNKNOWN_SESSION);
        assertThat(command("NOT_SUPPORTED", 30, null).status(SENT, GRACE)).isEqualTo(CommandState.NOT_SUPPORTED);
        assertThat(command("UNREACHABLE", null, null).status(SENT, GRACE)).isEqualTo(CommandState.UNREACHABLE);
        assertThat(command(null, null, null).status(SENT.plusSeconds(5), GRACE)).as("still being sent")
                .isEqualTo(CommandState.PENDING);
    }

    @Test
    void aCommandTheCpoNeverAnsweredOrGaveAnEndlessTimeoutStillEndsAsTimeout() {
        // stored, then the sending node stopped: no CommandResponse ever
        assertThat(command(null, null, null).status(SENT.plusSeconds(30), GRACE)).isEqualTo(CommandState.PENDING);
        assertThat(command(null, null, null).status(SENT.plusSeconds(31), GRACE)).isEqualTo(CommandState.TIMEOUT);
        // a day's timeout is waited for 15 minutes (CommandRepository.MAX_CPO_TIMEOUT), plus grace, after the answer
        var day = command("ACCEPTED", 86_400, null);
        assertThat(day.status(SENT.plusSeconds(1 + 900 + 30), GRACE)).isEqualTo(CommandState.PENDING);
        assertThat(day.status(SENT.plusSeconds(1 + 900 + 31), GRACE)).isEqualTo(CommandState.TIMEOUT);
    }
}
