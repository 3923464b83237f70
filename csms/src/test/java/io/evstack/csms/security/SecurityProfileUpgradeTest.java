package io.evstack.csms.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecurityProfileUpgradeTest {
    @Test
    void theNewSlotComesFirstAndTheOthersKeepTheirOrder() {
        assertThat(SecurityProfileUpgrade.priorityWithFirst(1, "0")).isEqualTo("1,0");
        assertThat(SecurityProfileUpgrade.priorityWithFirst(1, "0,1,2")).isEqualTo("1,0,2");
        assertThat(SecurityProfileUpgrade.priorityWithFirst(2, "")).isEqualTo("2");
    }
}
