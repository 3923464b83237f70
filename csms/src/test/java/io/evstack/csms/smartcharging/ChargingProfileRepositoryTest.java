package io.evstack.csms.smartcharging;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.csms.chargepoint.ChargePointRepository;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.db.Database;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChargingProfileRepositoryTest {
    private static ChargingProfile profile(String purpose, int stackLevel, String limit) {
        return new ChargingProfile(null, "test", stackLevel, purpose, "Absolute", null, null, null, 3600,
                Instant.parse("2026-11-24T00:00:00Z"), "A", new BigDecimal("6.0"),
                List.of(new ChargingProfile.Period(0, new BigDecimal(limit), 3),
                        new ChargingProfile.Period(1800, new BigDecimal("10.5"), null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void profilesRoundTripAndReplaceOnlyTheirOwnPurposeAndStackLevel(Database db) {
        Instant now = Instant.parse("2026-11-24T10:00:00.250Z");
        var dsl = db.dsl();
        long cp = new ChargePointRepository(dsl).insert("SC-1", null, RegistrationStatus.Accepted, 0, null, now);
        var repo = new ChargingProfileRepository(dsl);
        long first = repo.insert(profile("TxDefaultProfile", 1, "16.0"), now);
        long other = repo.insert(profile("ChargePointMaxProfile", 0, "32.0"), now);
        repo.assign(first, cp, 1, null, "Accepted", now);
        repo.assign(other, cp, 0, null, "Accepted", now);

        ChargingProfile stored = repo.find(first).orElseThrow();
        assertThat(stored.periods()).extracting(ChargingProfile.Period::limit)
                .usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal("16"), new BigDecimal("10.5"));
        assertThat(stored.startSchedule()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));

        // A new TxDefaultProfile at stack level 1 on connector 1 replaces the first, not the max profile.
        long second = repo.insert(profile("TxDefaultProfile", 1, "8.0"), now);
        assertThat(repo.markCleared(cp, null, 1, "TxDefaultProfile", 1, now)).isEqualTo(1);
        repo.assign(second, cp, 1, null, "Accepted", now);
        assertThat(repo.assignments("SC-1", true)).extracting(ProfileAssignment::profileId).containsExactlyInAnyOrder(second, other);

        // ClearChargingProfile without criteria clears everything.
        assertThat(repo.markCleared(cp, null, null, null, null, now)).isEqualTo(2);
        assertThat(repo.assignments("SC-1", true)).isEmpty();
        assertThat(repo.assignments("SC-1", false)).hasSize(3);
    }
}
