package io.evstack.csms.messagelog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageLogMaskTest {
    @Test
    void masksTheAuthorizationKeyValueInChangeConfigurationAndGetConfiguration() {
        String change = "[2,\"1\",\"ChangeConfiguration\",{\"key\":\"AuthorizationKey\",\"value\":\"s3cr3t-s3cr3t-s3cr3t\"}]";
        assertThat(MessageLog.mask(change)).doesNotContain("s3cr3t").contains("\"value\":\"***\"");
        String report = "[3,\"2\",{\"configurationKey\":[{\"key\":\"AuthorizationKey\", \"value\" : \"ab\\\"cd\",\"readonly\":false}]}]";
        assertThat(MessageLog.mask(report)).doesNotContain("ab\\\"cd").contains("\"readonly\":false");
    }

    @Test
    void leavesOtherFramesAlone() {
        String frame = "[2,\"1\",\"ChangeConfiguration\",{\"key\":\"HeartbeatInterval\",\"value\":\"300\"}]";
        assertThat(MessageLog.mask(frame)).isEqualTo(frame);
    }
}
