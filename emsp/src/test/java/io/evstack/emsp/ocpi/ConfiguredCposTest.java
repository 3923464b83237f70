package io.evstack.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.db.Database;
import io.evstack.emsp.TestEmspServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A CPO file the eMSP cannot use is reported, without its tokens, and registers nobody; it never throws. */
class ConfiguredCposTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aBadFileIsReportedNotThrown(Database db) throws Exception {
        try (var emsp = new TestEmspServer(db)) {
            Path missing = Path.of("/nonexistent/cpos.json");
            var none = ConfiguredCpos.registerAll(emsp.server.ocpi(), missing);
            assertThat(none.registered()).isEmpty();
            assertThat(none.failures()).singleElement().asString().contains("/nonexistent/cpos.json");

            Path noToken = Files.createTempFile("cpos-", ".json");
            Files.writeString(noToken, """
                    {"cpos": [{"name": "A", "versions_url": "https://a.example/versions", "token_a": "secret-a"},
                              {"name": "B", "versionsUrl": "https://b.example/versions"}]}""");
            var refused = ConfiguredCpos.registerAll(emsp.server.ocpi(), noToken);
            assertThat(refused.failures()).singleElement().asString().contains("entry 2").doesNotContain("secret-a");
            assertThat(emsp.server.ocpi().registrations()).as("nothing half-registered").isZero();

            Path notJson = Files.createTempFile("cpos-", ".json");
            Files.writeString(notJson, "- name: yaml is not read");
            assertThat(ConfiguredCpos.registerAll(emsp.server.ocpi(), notJson).failures()).hasSize(1);
        }
    }

    @Test
    void anEntryIsReadWithItsNameOrItsHost() throws Exception {
        Path file = Files.createTempFile("cpos-", ".json");
        Files.writeString(file, """
                [{"versionsUrl": "https://ocpi.partner.example/versions", "tokenA": "t-1", "countryCode": "BE", "partyId": "PRT"}]""");
        var entries = ConfiguredCpos.read(file);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("ocpi.partner.example");
            assertThat(e.countryCode()).isEqualTo("BE");
            assertThat(e.toString()).doesNotContain("t-1");
        });
    }
}
