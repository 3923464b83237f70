package io.evstack.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evstack.sim.model.Vehicle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {
    private final ScenarioLoader loader = new ScenarioLoader();

    @Test
    void readsTheBuiltInDemoDepot() {
        Scenario demo = loader.load("demo-depot");
        assertThat(demo.name()).isEqualTo("demo-depot");
        assertThat(demo.speed()).isEqualTo(10.0);
        assertThat(demo.duration()).isEqualTo(Duration.ofHours(12));
        assertThat(demo.chargerCount()).isEqualTo(9);
        assertThat(demo.chargers()).extracting(ChargerGroup::model)
                .containsExactly("ac-7.4", "ac-11", "ac-22-twin", "dc-150", "dc-720", "ac-22", "dc-50");
        // both OCPP versions: the protocol field defaults to ocpp1.6
        assertThat(demo.chargers()).extracting(g -> g.protocol().subprotocol())
                .containsExactly("ocpp1.6", "ocpp1.6", "ocpp1.6", "ocpp1.6", "ocpp1.6", "ocpp2.0.1", "ocpp2.0.1");
        assertThat(demo.chargers().getFirst().chargerId(1)).isEqualTo("DEMO-AC7-001");
        assertThat(demo.chargers()).allSatisfy(g -> assertThat(g.password()).isEqualTo("demo-charger-secret"));
        assertThat(demo.idTags()).hasSize(10).startsWith("DEMO-0001").endsWith("DEMO-0010");
        assertThat(demo.arrivals().ratePerHour()).isEqualTo(6.0);
        assertThat(demo.arrivals().fixed()).hasSize(2);
    }

    @Test
    void fillsDefaultsAndPlansPoissonArrivalsDeterministically() {
        Scenario s = loader.parse("""
                {"name": "small", "speed": 100, "duration": "PT10H", "seed": 3,
                 "chargers": [{"model": "dc-50", "count": 2, "idPrefix": "S-"}],
                 "arrivals": {"ratePerHour": 4},
                 "idTags": ["A", "B"]}
                """);
        assertThat(s.arrivals().evModels()).isNotEmpty();
        assertThat(s.arrivals().meanStay()).isEqualTo(Duration.ofHours(2));
        assertThat(s.chargers().getFirst().password()).isNull();
        Instant t0 = Instant.parse("2030-01-01T06:00:00Z");
        List<Vehicle> plan = ArrivalPlan.plan(s, t0, Duration.ofDays(1));
        assertThat(plan).isEqualTo(ArrivalPlan.plan(s, t0, Duration.ofDays(1)));
        assertThat(plan.size()).isBetween(20, 60); // 40 expected over 10 h
        assertThat(plan).allSatisfy(v -> {
            assertThat(v.arrival()).isBetween(t0, t0.plus(Duration.ofHours(10)));
            assertThat(Duration.between(v.arrival(), v.departure())).isGreaterThanOrEqualTo(Duration.ofMinutes(20));
            assertThat(v.idTag()).isIn("A", "B");
            assertThat(v.energyNeedWh()).isPositive();
        });
        assertThat(plan).extracting(Vehicle::arrival).isSorted();
    }

    @Test
    void rejectsUnknownModelsAndFields() {
        assertThatThrownBy(() -> loader.parse("""
                {"speed": 1, "chargers": [{"model": "ac-99", "count": 1, "idPrefix": "X-"}]}
                """)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ac-99");
        assertThatThrownBy(() -> loader.parse("""
                {"speed": 1, "chargerz": []}
                """)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> loader.load("no-such-scenario")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsAYamlFileAsItsJsonTwin(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("depot.yaml");
        java.nio.file.Files.writeString(file, """
                # a YAML scenario: the same fields as the JSON form
                name: yard
                speed: 60
                duration: PT8H
                seed: 11
                chargers:
                  - {model: ac-22, count: 3, idPrefix: "Y-AC-", password: "yard-secret"}
                  - model: dc-150
                    count: 1
                    idPrefix: "Y-DC-"
                    protocol: ocpp2.0.1
                arrivals:
                  ratePerHour: 2
                  meanStay: PT3H
                idTags: [Y1, Y2]
                """);
        Scenario yaml = loader.load(file.toString());
        Scenario json = loader.parse("""
                {"name": "yard", "speed": 60, "duration": "PT8H", "seed": 11,
                 "chargers": [{"model": "ac-22", "count": 3, "idPrefix": "Y-AC-", "password": "yard-secret"},
                              {"model": "dc-150", "count": 1, "idPrefix": "Y-DC-", "protocol": "ocpp2.0.1"}],
                 "arrivals": {"ratePerHour": 2, "meanStay": "PT3H"},
                 "idTags": ["Y1", "Y2"]}
                """);
        assertThat(yaml).isEqualTo(json);
        assertThat(yaml.chargerCount()).isEqualTo(4);
        assertThat(yaml.chargers().get(1).protocol().subprotocol()).isEqualTo("ocpp2.0.1");
        assertThat(yaml.arrivals().meanStay()).isEqualTo(Duration.ofHours(3));
        java.nio.file.Path typo = dir.resolve("typo.yml");
        java.nio.file.Files.writeString(typo, "speed: 1\nchargers:\n  - {model: ac-99, count: 1, idPrefix: X-}\n");
        assertThatThrownBy(() -> loader.load(typo.toString())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ac-99");
    }
}
