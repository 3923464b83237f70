package io.evstack.csms.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(1000);

    @Test
    void verifiesTheRightPasswordOnlyAndNeverStoresItInClear() {
        String hash = hasher.hash("correct horse battery");
        assertThat(hash).startsWith("pbkdf2-sha256$1000$").doesNotContain("correct");
        assertThat(hasher.verify("correct horse battery", hash)).isTrue();
        assertThat(hasher.verify("correct horse batterY", hash)).isFalse();
        assertThat(hasher.verify(null, hash)).isFalse();
        assertThat(hasher.verify("x", "garbage")).isFalse();
    }

    @Test
    void sameClearPasswordHashesDifferentlyEachTime() {
        assertThat(hasher.hash("same password here")).isNotEqualTo(hasher.hash("same password here"));
    }

    @Test
    void aHashMadeWithOtherIterationsStillVerifies() {
        String old = new PasswordHasher(500).hash("an older password");
        assertThat(hasher.verify("an older password", old)).isTrue();
    }

    @Test
    void randomPasswordsAreLongAndDistinct() {
        assertThat(hasher.randomPassword()).hasSize(24).isNotEqualTo(hasher.randomPassword());
    }
}
