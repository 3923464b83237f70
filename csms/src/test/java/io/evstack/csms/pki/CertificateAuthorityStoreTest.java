package io.evstack.csms.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityStoreTest {
    @TempDir
    Path dir;

    @Test
    void theSameRootComesBackFromTheFile() {
        Path file = dir.resolve("ca.p12");
        var first = CertificateAuthorityStore.openOrCreate(file, "a-configured-password", Clock.systemUTC());
        var again = CertificateAuthorityStore.openOrCreate(file, "a-configured-password", Clock.systemUTC());
        assertThat(again.root()).isEqualTo(first.root());
        assertThat(dir.resolve("ca.p12.password")).doesNotExist();
    }

    @Test
    void withoutAConfiguredPasswordOneIsGeneratedAndKeptBesideTheFile() throws Exception {
        Path file = dir.resolve("ca.p12");
        var first = CertificateAuthorityStore.openOrCreate(file, null, Clock.systemUTC());
        Path password = dir.resolve("ca.p12.password");
        assertThat(Files.readString(password)).hasSizeGreaterThanOrEqualTo(32);
        assertThat(CertificateAuthorityStore.openOrCreate(file, "", Clock.systemUTC()).root()).isEqualTo(first.root());
    }

    @Test
    void aWrongPasswordIsRefusedWithoutShowingIt() {
        Path file = dir.resolve("ca.p12");
        CertificateAuthorityStore.openOrCreate(file, "the-right-password", Clock.systemUTC());
        assertThatThrownBy(() -> CertificateAuthorityStore.openOrCreate(file, "a-wrong-password", Clock.systemUTC()))
                .hasMessageContaining("STACK_CA_KEYSTORE_PASSWORD")
                .hasMessageNotContaining("a-wrong-password");
    }
}
