package io.evstack.ocpp.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.evstack.ocpp.OcppJson;
import org.junit.jupiter.api.Test;

class RpcCodecTest {
    private final RpcCodec codec = new RpcCodec(OcppJson.mapper());

    @Test
    void decodesAndEncodesTheThreeMessageTypes() throws Exception {
        for (String frame : new String[] {
            "[2,\"1\",\"Heartbeat\",{}]",
            "[3,\"1\",{\"currentTime\":\"2024-05-01T12:00:00.000Z\"}]",
            "[4,\"1\",\"NotImplemented\",\"Unknown action\",{}]"
        }) {
            assertThat(codec.encode(codec.decode(frame))).isEqualTo(frame);
        }
        assertThat(codec.decode("[4,\"1\",\"OccurenceConstraintViolation\",\"\",{}]"))
                .isInstanceOfSatisfying(RpcMessage.CallError.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION));
    }

    @Test
    void recoversTheIdOfAnUnparsableFrame() {
        RpcFormatException e = catchThrowableOfType(RpcFormatException.class,
                () -> codec.decode(" [ 2 , \"abc-\\\"1\", \"Heartbeat\", {"));
        assertThat(e.messageId()).contains("abc-\"1");
        assertThat(e.messageTypeId()).contains(2);
    }

    @Test
    void readsTheIdBeforeJudgingTheRest() {
        RpcFormatException e = catchThrowableOfType(RpcFormatException.class, () -> codec.decode("[9,\"x\"]"));
        assertThat(e.messageId()).contains("x");
        assertThat(e.messageTypeId()).contains(9);
        e = catchThrowableOfType(RpcFormatException.class, () -> codec.decode("[2,\"y\",\"Heartbeat\",{},{}]"));
        assertThat(e.messageId()).contains("y");
        e = catchThrowableOfType(RpcFormatException.class, () -> codec.decode("{\"id\":\"z\"}"));
        assertThat(e.messageId()).isEmpty();
    }
}
