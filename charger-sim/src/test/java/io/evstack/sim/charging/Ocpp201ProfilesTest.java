package io.evstack.sim.charging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.evstack.ocpp.v16.ChargingRateUnitType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A 2.0.1 SetChargingProfile limits the charger through the same enforcement code as a 1.6 one. */
class Ocpp201ProfilesTest {
    private static final Instant T = Instant.parse("2030-03-04T10:00:00Z");

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
    private final Ocpp201Profiles profiles = new Ocpp201Profiles(mapper);
    private final ChargingProfileStore store = new ChargingProfileStore();
    private final SmartCharging smart = new SmartCharging(store, new RateConverter(230, 3));

    private JsonNode json(String s) throws Exception {
        return mapper.readTree(s.replace('\'', '"'));
    }

    @Test
    void txProfileOf201LimitsTheRunningTransaction() throws Exception {
        JsonNode p = json("""
                {'id': 7, 'stackLevel': 0, 'chargingProfilePurpose': 'TxProfile', 'chargingProfileKind': 'Relative',
                 'transactionId': 'tx-1',
                 'chargingSchedule': [{'id': 1, 'chargingRateUnit': 'A',
                   'chargingSchedulePeriod': [{'startPeriod': 0, 'limit': 10.0}, {'startPeriod': 600, 'limit': 6.0}]}]}""");
        store.install(InstalledProfile.of(1, profiles.toShared(p), T));

        assertThat(smart.connectorLimit(1, T.plusSeconds(60), T, null, ChargingRateUnitType.A)).isEqualTo(10.0);
        assertThat(smart.connectorLimit(1, T.plusSeconds(700), T, null, ChargingRateUnitType.A)).isEqualTo(6.0);
        assertThat(smart.connectorLimit(2, T.plusSeconds(60), T, null, ChargingRateUnitType.A)).isInfinite();
    }

    @Test
    void stationMaxProfileCapsTheStation() throws Exception {
        JsonNode p = json("""
                {'id': 1, 'stackLevel': 0, 'chargingProfilePurpose': 'ChargingStationMaxProfile',
                 'chargingProfileKind': 'Absolute',
                 'chargingSchedule': [{'id': 1, 'startSchedule': '2030-03-04T00:00:00Z', 'chargingRateUnit': 'W',
                   'chargingSchedulePeriod': [{'startPeriod': 0, 'limit': 11000}]}]}""");
        store.install(InstalledProfile.of(0, profiles.toShared(p), T));

        assertThat(smart.stationLimit(T, ChargingRateUnitType.W)).isEqualTo(11_000.0);
    }

    @Test
    void externalConstraintsCannotBeSet() throws Exception {
        JsonNode p = json("""
                {'id': 1, 'stackLevel': 0, 'chargingProfilePurpose': 'ChargingStationExternalConstraints',
                 'chargingProfileKind': 'Absolute',
                 'chargingSchedule': [{'id': 1, 'chargingRateUnit': 'W',
                   'chargingSchedulePeriod': [{'startPeriod': 0, 'limit': 11000}]}]}""");
        assertThatThrownBy(() -> profiles.toShared(p)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAbsoluteTxProfileHoldsTheEvseUntilItRunsOutThenTheFallbackApplies() throws Exception {
        // what the depot balancer sends a DC station: a TxDefaultProfile fallback, and a TxProfile of 0 W from
        // now for 300 s (its validTo at the end too, fractional seconds as a CSMS writes them)
        JsonNode fallback = json("""
                {'id': 2, 'stackLevel': 0, 'chargingProfilePurpose': 'TxDefaultProfile', 'chargingProfileKind': 'Relative',
                 'chargingSchedule': [{'id': 1, 'chargingRateUnit': 'W',
                   'chargingSchedulePeriod': [{'startPeriod': 0, 'limit': 10000.0}]}]}""");
        store.install(InstalledProfile.of(1, profiles.toShared(fallback), T));
        JsonNode allocation = json("""
                {'id': 7, 'stackLevel': 1, 'chargingProfilePurpose': 'TxProfile', 'chargingProfileKind': 'Absolute',
                 'transactionId': 'tx-1', 'validTo': '2030-03-04T10:05:00.123456Z',
                 'chargingSchedule': [{'id': 1, 'chargingRateUnit': 'W', 'startSchedule': '2030-03-04T10:00:00.123456Z',
                   'duration': 300, 'chargingSchedulePeriod': [{'startPeriod': 0, 'limit': 0.0}]}]}""");
        store.install(InstalledProfile.of(1, profiles.toShared(allocation), T));
        Instant txStart = T.minusSeconds(100);

        assertThat(smart.connectorLimit(1, T.plusSeconds(60), txStart, 5, ChargingRateUnitType.W)).isEqualTo(0.0);
        assertThat(smart.connectorLimit(1, T.plusSeconds(301), txStart, 5, ChargingRateUnitType.W)).isEqualTo(10_000.0);
        CompositeSchedule composite = smart.composite(1, T.plusSeconds(60), java.time.Duration.ofMinutes(5),
                ChargingRateUnitType.W, txStart, 5, 150_000);
        assertThat(composite.periods()).extracting(CompositeSchedule.Period::startPeriod, CompositeSchedule.Period::limit)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 0.0), org.assertj.core.groups.Tuple.tuple(240, 10_000.0));
    }
}
