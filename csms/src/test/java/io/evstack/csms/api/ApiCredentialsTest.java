package io.evstack.csms.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evstack.csms.security.PasswordHasher;
import org.junit.jupiter.api.Test;

class ApiCredentialsTest {
    private final PasswordHasher hasher = new PasswordHasher(1000);
    private final ApiCredentials credentials = new ApiCredentials("admin", hasher.hash("s3cret-password"), hasher);

    @Test
    void acceptsOnlyTheUserWithItsPassword() {
        assertThat(credentials.check("admin", "s3cret-password")).isTrue();
        assertThat(credentials.check("admin", "s3cret-password")).isTrue(); // from the memo
        assertThat(credentials.check("admin", "s3cret-passwordX")).isFalse();
        assertThat(credentials.check("admin", "")).isFalse();
        assertThat(credentials.check("Admin", "s3cret-password")).isFalse();
        assertThat(credentials.check(null, "s3cret-password")).isFalse();
        assertThat(credentials.check("admin", null)).isFalse();
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> new ApiCredentials("admin", "plain text", hasher))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ApiCredentials("ad:min", hasher.hash("x"), hasher))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(credentials.toString()).doesNotContain("pbkdf2");
    }
}
