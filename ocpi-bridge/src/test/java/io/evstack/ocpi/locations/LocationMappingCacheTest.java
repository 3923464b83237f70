package io.evstack.ocpi.locations;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.db.Database;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A charger's location and its connectors' OCPI attributes are read for every session write, price and CDR, so
 * {@link LocationMapping} caches them; a change through it (the operator API's path) shows at once, while a row
 * written past it is seen only once the cache entry runs out.
 */
class LocationMappingCacheTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void changesMadeThroughTheMappingShowAtOnce(Database db) {
        try (db) {
            var mapping = new LocationMapping(db.dsl(), "DE", "EVS");
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

            assertThat(mapping.locationId("CACHE-CP")).as("a location of its own").isEqualTo("CACHE-CP");
            mapping.assign("CACHE-CP", "DEPOT-1");
            assertThat(mapping.locationId("CACHE-CP")).isEqualTo("DEPOT-1");

            assertThat(mapping.connectorAttributes("CACHE-CP")).isEmpty();
            var attributes = LocationRepository.ConnectorAttributes.defaults(now);
            mapping.saveConnectorAttributes("CACHE-CP", 1, new LocationRepository.ConnectorAttributes(attributes.standard(),
                    attributes.format(), "DC", 920, 500, 350_000, null, now));
            assertThat(mapping.connectorAttributes("CACHE-CP").get(1).powerType()).isEqualTo("DC");

            // written past the mapping: the cached attributes stand (no read per use)
            new LocationRepository(db.dsl()).saveConnector("CACHE-CP", 1, attributes);
            assertThat(mapping.connectorAttributes("CACHE-CP").get(1).powerType()).isEqualTo("DC");
        }
    }
}
