package io.evstack.csms.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MeterSampleTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void appliesTheSpecDefaultsOfSection7_45() {
        MeterSample s = MeterSample.of(T, "1234", null, null, null, null, null, null);
        assertThat(s.measurand()).isEqualTo("Energy.Active.Import.Register");
        assertThat(s.unit()).isEqualTo("Wh");
        assertThat(s.context()).isEqualTo("Sample.Periodic");
        assertThat(s.location()).isEqualTo("Outlet");
        assertThat(s.format()).isEqualTo("Raw");
        assertThat(s.energyImportWh()).hasValue(1234);
    }

    @Test
    void readsKilowattHoursAndIgnoresWhatIsNotTheOutletRegister() {
        assertThat(MeterSample.of(T, "12.5", "Energy.Active.Import.Register", null, "kWh", null, null, null).energyImportWh())
                .hasValue(12500);
        assertThat(MeterSample.of(T, "12.5", "Energy.Active.Import.Register", "L1", "kWh", null, null, null).energyImportWh())
                .isEmpty();
        assertThat(MeterSample.of(T, "12.5", "Power.Active.Import", null, "W", null, null, null).energyImportWh()).isEmpty();
        assertThat(MeterSample.of(T, "abc", null, null, null, null, null, "SignedData").energyImportWh()).isEmpty();
        assertThat(MeterSample.of(T, "7", null, null, null, null, "Inlet", null).energyImportWh()).isEmpty();
    }
}
