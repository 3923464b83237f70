package io.evstack.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * How a stored command reads: the CPO's CommandResult wins; a CommandResponse other than ACCEPTED is final;
 * an ACCEPTED command with no result is PENDING until the CPO's timeout plus grace has passed, then TIMEOUT.
 */
class CommandStatusTest {
    static final Instant SENT = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration GRACE = Duration.ofSeconds(30);

    static CommandRepository.Command command(String response, Integer timeout, String result) {
        return new CommandRepository.Command("id", 1, "START_SESSION", SENT, response, timeout,
                response == null ? null : SENT.plusSeconds(1), null, result, null);
    }

    @Test
    void anAcceptedCommandWaitsForItsResultUntilTheTimeoutAndGraceHavePassed() {
        var c = command("ACCEPTED", 60, null);
        assertThat(c.status(SENT.plusSeconds(90), GRACE)).isEqualTo(CommandStatus.PENDING);
        assertThat(c.status(SENT.plusSeconds(91), GRACE)).isEqualTo(CommandStatus.PENDING);
        assertThat(c.status(SENT.plusSeconds(92), GRACE)).isEqualTo(CommandStatus.TIMEOUT);
    }

    @Test
    void theResultDecidesEvenAfterTheDeadline() {
        assertThat(command("ACCEPTED", 60, "ACCEPTED").status(SENT.plusSeconds(3600), GRACE)).isEqualTo(CommandStatus.ACCEPTED);
        assertThat(command("ACCEPTED", 60, "EVSE_OCCUPIED").status(SENT, GRACE)).isEqualTo(CommandStatus.EVSE_OCCUPIED);
        assertThat(command(null, null, "ACCEPTED").status(SENT, GRACE)).as("result before response").isEqualTo(CommandStatus.ACCEPTED);
        assertThat(command("ACCEPTED", 60, "SOMETHING_NEW").status(SENT, GRACE)).isEqualTo(CommandStatus.FAILED);
    }

    @Test
    void aRefusalAtOnceIsFinal() {
        assertThat(command("REJECTED", 30, null).status(SENT, GRACE)).isEqualTo(CommandStatus.REJECTED);
        assertThat(command("UNKNOWN_SESSION", 30, null).status(SENT, GRACE)).isEqualTo(CommandStatus.UNKNOWN_SESSION);
        assertThat(command("NOT_SUPPORTED", 30, null).status(SENT, GRACE)).isEqualTo(CommandStatus.NOT_SUPPORTED);
        assertThat(command("UNREACHABLE", null, null).status(SENT, GRACE)).isEqualTo(CommandStatus.UNREACHABLE);
        assertThat(command(null, null, null).status(SENT.plusSeconds(5), GRACE)).as("still being sent")
                .isEqualTo(CommandStatus.PENDING);
    }
}
