package io.evstack.ocpi.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.ocpi.transport.OcpiClient;
import io.evstack.ocpi.transport.OcpiResponse;
import org.junit.jupiter.api.Test;

/** Which answers end a push after its bounded attempts, and which are retried for as long as it takes. */
class PushRefusalTest {

    private static OcpiClient.Answer answer(int http, Integer code) {
        return new OcpiClient.Answer(http, code == null ? null : new OcpiResponse.Received(null, code, "x"), "");
    }

    @Test
    void theReceiverRefusingThePushIsForGoodWhileBeingAwayOrBusyIsNot() {
        assertThat(PushWorker.refused(answer(400, 2001))).isTrue();
        assertThat(PushWorker.refused(answer(404, null))).isTrue();
        assertThat(PushWorker.refused(answer(200, 2001))).as("OCPI client error").isTrue();
        assertThat(PushWorker.refused(answer(200, 2003))).isTrue();
        assertThat(PushWorker.refused(answer(401, null))).as("our token: credentials may be updated").isFalse();
        assertThat(PushWorker.refused(answer(408, null))).isFalse();
        assertThat(PushWorker.refused(answer(429, null))).isFalse();
        assertThat(PushWorker.refused(answer(503, 3000))).as("away: a CDR waits for it").isFalse();
        assertThat(PushWorker.refused(answer(200, 3001))).isFalse();
        assertThat(PushWorker.refused(answer(500, null))).isFalse();
    }
}
