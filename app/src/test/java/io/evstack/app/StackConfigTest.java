package io.evstack.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheDocumentedOnes() {
        StackConfig c = StackConfig.load(Map.of("STACK_CONFIG", write("")));
        assertThat(c.ocppPort()).isEqualTo(8180);
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.dbUrl()).isNull();
        assertThat(c.unknownChargers()).isEqualTo(UnknownChargerPolicy.PENDING);
        assertThat(c.adminPassword()).isNull();
        assertThat(c.balancer().marginPct()).isEqualTo(2.0);
    }

    @Test
    void theFileSetsAndTheEnvironmentOverrides() {
        String file = write("STACK_OCPP_PORT=9000\nSTACK_HTTP_PORT=9001\nSTACK_UNKNOWN_CHARGERS=reject\n");
        StackConfig c = StackConfig.load(Map.of("STACK_CONFIG", file, "STACK_HTTP_PORT", "9100",
                "STACK_DB_URL", "jdbc:mariadb://db/evstack", "STACK_ADMIN_PASSWORD", "hunter2hunter2"));
        assertThat(c.ocppPort()).isEqualTo(9000);
        assertThat(c.httpPort()).isEqualTo(9100);
        assertThat(c.unknownChargers()).isEqualTo(UnknownChargerPolicy.REJECT);
        assertThat(c.dbUrl()).isEqualTo("jdbc:mariadb://db/evstack");
        assertThat(c.toString()).doesNotContain("hunter2");
    }

    @Test
    void theBalancersMarginIsAPercentBelowAHundred() {
        assertThat(StackConfig.load(Map.of("STACK_CONFIG", write(""), "STACK_BALANCER_MARGIN_PCT", "3.5")).balancer()
                .marginPct()).isEqualTo(3.5);
        assertThatThrownBy(() -> StackConfig.load(Map.of("STACK_CONFIG", write(""), "STACK_BALANCER_MARGIN_PCT", "100")))
                .hasMessageContaining("STACK_BALANCER_MARGIN_PCT");
        assertThatThrownBy(() -> StackConfig.load(Map.of("STACK_CONFIG", write(""), "STACK_BALANCER_MARGIN_PCT", "two")))
                .hasMessageContaining("STACK_BALANCER_MARGIN_PCT");
    }

    @Test
    void theOcpiBridgesEventLanesAreAPositiveWholeNumber() {
        assertThat(StackConfig.load(Map.of("STACK_CONFIG", write(""))).ocpi().eventLanes()).isEqualTo(4);
        assertThat(StackConfig.load(Map.of("STACK_CONFIG", write(""), "STACK_OCPI_EVENT_LANES", " 8 ")).ocpi()
                .eventLanes()).isEqualTo(8);
        for (String bad : new String[] {"0", "-2", "four"}) {
            assertThatThrownBy(() -> StackConfig.load(Map.of("STACK_CONFIG", write(""), "STACK_OCPI_EVENT_LANES", bad)))
                    .hasMessageContaining("STACK_OCPI_EVENT_LANES");
        }
    }

    @Test
    void badValuesAreRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> StackConfig.load(Map.of("STACK_CONFIG", write(""), "STACK_OCPP_PORT", "eighty")))
                .hasMessageContaining("STACK_OCPP_PORT");
        assertThatThrownBy(() -> StackConfig.load(Map.of("STACK_CONFIG", write(""), "STACK_UNKNOWN_CHARGERS", "maybe")))
                .hasMessageContaining("accept, pending or reject");
        assertThatThrownBy(() -> StackConfig.load(Map.of("STACK_CONFIG", dir.resolve("missing.properties").toString())))
                .hasMessageContaining("does not exist");
    }

    private String write(String content) {
        try {
            Path f = Files.createTempFile(dir, "stack", ".properties");
            Files.writeString(f, content);
            return f.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
