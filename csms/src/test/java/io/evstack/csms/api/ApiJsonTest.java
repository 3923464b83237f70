package io.evstack.csms.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evstack.csms.CsmsException;
import io.evstack.ocpp.v16.IdTagInfo;
import io.evstack.ocpp.v16.AuthorizationStatus;
import io.evstack.ocpp.v16.Reset;
import io.evstack.ocpp.v16.ResetResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class ApiJsonTest {
    @Test
    void writesWireEnumsUtcTimestampsAndNoNulls() {
        assertThat(ApiJson.write(new ResetResponse().withStatus(ResetResponse.Status.ACCEPTED)))
                .isEqualTo("{\"status\":\"Accepted\"}");
        assertThat(ApiJson.write(new IdTagInfo().withStatus(AuthorizationStatus.CONCURRENT_TX)
                .withExpiryDate(OffsetDateTime.parse("2025-06-01T12:00:00+02:00"))))
                .isEqualTo("{\"expiryDate\":\"2025-06-01T10:00:00Z\",\"status\":\"ConcurrentTx\"}");
        assertThat(ApiJson.write(new ApiError(400, "x"))).isEqualTo("{\"status\":400,\"error\":\"x\"}");
        assertThat(ApiJson.write(Instant.parse("2025-01-01T00:00:00.120Z"))).isEqualTo("\"2025-01-01T00:00:00.120Z\"");
    }

    @Test
    void readsWireEnumsAndRefusesWithClearMessages() {
        assertThat(ApiJson.read("{\"type\":\"Soft\"}", Reset.class).getType()).isEqualTo(Reset.Type.SOFT);
        assertThatThrownBy(() -> ApiJson.read("{\"type\":\"SOFT\"}", Reset.class))
                .isInstanceOf(CsmsException.class)
                .hasMessageContaining("'type'")
                .hasMessageContaining("allowed: Hard, Soft");
        assertThatThrownBy(() -> ApiJson.read("{\"type\":\"Soft\",\"x\":1}", Reset.class))
                .hasMessageStartingWith("Unknown field 'x'")
                .hasMessageContaining("known fields: type");
        assertThatThrownBy(() -> ApiJson.read("{\"type\":[1]}", Reset.class)).hasMessageContaining("'type'");
        assertThatThrownBy(() -> ApiJson.read("{\"type\":\"Soft\"}{}", Reset.class)).isInstanceOf(CsmsException.class);
        assertThatThrownBy(() -> ApiJson.read(" ", Reset.class)).hasMessageContaining("required");
    }
}
