package io.evstack.sim.charging;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.ocpp.v16.ChargingProfile;
import io.evstack.ocpp.v16.ChargingProfileKindType;
import io.evstack.ocpp.v16.ChargingProfilePurposeType;
import io.evstack.ocpp.v16.ChargingRateUnitType;
import io.evstack.ocpp.v16.ChargingSchedule;
import io.evstack.ocpp.v16.ChargingSchedulePeriod;
import io.evstack.ocpp.v16.RecurrencyKindType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmartChargingTest {
    private static final Instant MIDNIGHT = Instant.parse("2030-03-04T00:00:00Z");

    private final ChargingProfileStore store = new ChargingProfileStore();
    private final SmartCharging smart = new SmartCharging(store, new RateConverter(230, 3));

    private static ChargingProfile profile(int id, int level, ChargingProfilePurposeType purpose, ChargingProfileKindType kind,
            ChargingRateUnitType unit, int[] starts, double[] limits) {
        List<ChargingSchedulePeriod> periods = new java.util.ArrayList<>();
        for (int i = 0; i < starts.length; i++) {
            periods.add(new ChargingSchedulePeriod().withStartPeriod(starts[i]).withLimit(limits[i]));
        }
        return new ChargingProfile().withChargingProfileId(id).withStackLevel(level).withChargingProfilePurpose(purpose)
                .withChargingProfileKind(kind).withChargingSchedule(new ChargingSchedule().withChargingRateUnit(unit)
                        .withChargingSchedulePeriod(periods));
    }

    @Test
    void dailyRecurringStationCapAndStackedDefaults() {
        // station: 11 kW from 17:00 to 21:00 every day, else 44 kW
        ChargingProfile cap = profile(1, 0, ChargingProfilePurposeType.CHARGE_POINT_MAX_PROFILE,
                ChargingProfileKindType.RECURRING, ChargingRateUnitType.W, new int[] {0, 17 * 3600, 21 * 3600},
                new double[] {44_000, 11_000, 44_000});
        cap.withRecurrencyKind(RecurrencyKindType.DAILY).getChargingSchedule().withStartSchedule(MIDNIGHT.atOffset(ZoneOffset.UTC));
        store.install(InstalledProfile.of(0, cap, MIDNIGHT));
        // default 32 A; a higher stack level limits to 16 A for the first hour of every transaction
        store.install(InstalledProfile.of(0, profile(2, 0, ChargingProfilePurposeType.TX_DEFAULT_PROFILE,
                ChargingProfileKindType.RELATIVE, ChargingRateUnitType.A, new int[] {0}, new double[] {32}), MIDNIGHT));
        ChargingProfile firstHour = profile(3, 1, ChargingProfilePurposeType.TX_DEFAULT_PROFILE,
                ChargingProfileKindType.RELATIVE, ChargingRateUnitType.A, new int[] {0}, new double[] {16});
        firstHour.getChargingSchedule().withDuration(3600);
        store.install(InstalledProfile.of(0, firstHour, MIDNIGHT));

        Instant txStart = MIDNIGHT.plus(Duration.ofDays(3)).plus(Duration.ofHours(16));
        assertThat(smart.connectorLimit(1, txStart.plusSeconds(60), txStart, 7, ChargingRateUnitType.A)).isEqualTo(16.0);
        assertThat(smart.connectorLimit(1, txStart.plusSeconds(3600), txStart, 7, ChargingRateUnitType.A)).isEqualTo(32.0);
        assertThat(smart.stationLimit(txStart.plus(Duration.ofMinutes(90)), ChargingRateUnitType.W)).isEqualTo(11_000);
        assertThat(smart.stationLimit(txStart.plus(Duration.ofHours(6)), ChargingRateUnitType.W)).isEqualTo(44_000);

        // composite for 3 h from 16:00 in A: 16 A, then from 17:00 the 11 kW station cap (11 kW / 690 V = 15.9 A)
        CompositeSchedule c = smart.composite(1, txStart, Duration.ofHours(3), ChargingRateUnitType.A, txStart, 7, 32);
        assertThat(c.periods()).extracting(CompositeSchedule.Period::startPeriod).containsExactly(0, 3600);
        assertThat(c.periods().get(0).limit()).isEqualTo(16.0);
        assertThat(c.periods().get(1).limit()).isCloseTo(11_000 / 690.0, org.assertj.core.data.Offset.offset(1e-9));

        // a TxProfile for the running transaction beats the defaults
        store.install(InstalledProfile.of(1, profile(4, 0, ChargingProfilePurposeType.TX_PROFILE,
                ChargingProfileKindType.RELATIVE, ChargingRateUnitType.A, new int[] {0}, new double[] {8}), txStart));
        assertThat(smart.connectorLimit(1, txStart.plusSeconds(60), txStart, 7, ChargingRateUnitType.A)).isEqualTo(8.0);
        store.transactionEnded(1);
        assertThat(smart.connectorLimit(1, txStart.plusSeconds(60), txStart, 7, ChargingRateUnitType.A)).isEqualTo(16.0);

        assertThat(store.clear(null, null, ChargingProfilePurposeType.TX_DEFAULT_PROFILE, 1)).isTrue();
        assertThat(smart.connectorLimit(1, txStart.plusSeconds(60), txStart, 7, ChargingRateUnitType.A)).isEqualTo(32.0);
        assertThat(store.clear(99, null, null, null)).isFalse();
    }
}
