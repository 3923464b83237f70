package io.evstack.sim.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.ocpp.rpc.OcppSchemas;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** A load charger's 2.0.1 messages stay valid at a whole minute, where OffsetDateTime.toString drops the seconds. */
class Ocpp201LoadMessagesTest {
    private static final OffsetDateTime WHOLE_MINUTE = OffsetDateTime.parse("2030-03-04T10:00:00Z");

    private static void assertValid(String schema, JsonNode payload) {
        assertThat(OcppSchemas.shared().validate("ocpp/schemas/v201/" + schema + ".json", payload))
                .as(schema + " " + payload).isEmpty();
    }

    @Test
    void timestampsAtAWholeMinuteMatchTheSchemas() {
        assertValid("StatusNotificationRequest", Ocpp201LoadMessages.status(true, WHOLE_MINUTE));
        assertValid("MeterValuesRequest", Ocpp201LoadMessages.meterValues(1000, true, WHOLE_MINUTE));
        assertValid("TransactionEventRequest", Ocpp201LoadMessages.started("tx", "TAG", 0, WHOLE_MINUTE));
        assertValid("TransactionEventRequest", Ocpp201LoadMessages.updated("tx", 1, 10, WHOLE_MINUTE));
        assertValid("TransactionEventRequest", Ocpp201LoadMessages.ended("tx", 2, "TAG", 20, WHOLE_MINUTE));
    }
}
