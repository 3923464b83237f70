package io.evstack.csms.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's depot routes: a site, its circuit tree, EVSEs and limit schedule, and what bad input gets. */
class SiteApiTest {
    static TestApi api;

    @BeforeAll
    static void start() {
        api = new TestApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @BeforeEach
    void reset() {
        api.reset();
    }

    @Test
    void createsASiteWithCircuitsEvsesAndALimitSchedule() {
        JsonNode site = api.put("/api/v1/sites/depot-1", "{\"name\":\"Bus depot\",\"limitKw\":300,\"algorithm\":\"fair-share\"}")
                .ok(200);
        assertThat(site.path("siteId").asText()).isEqualTo("depot-1");
        assertThat(site.path("limitKw").asDouble()).isEqualTo(300.0);
        assertThat(site.path("algorithm").asText()).isEqualTo("fair-share");
        assertThat(site.path("defaultDwellMinutes").asInt()).as("defaulted").isEqualTo(480);

        api.put("/api/v1/sites/depot-1/circuits/feeder-a", "{\"limitKw\":150}").ok(200);
        JsonNode fuse = api.put("/api/v1/sites/depot-1/circuits/fuse-a1", "{\"parentCircuitId\":\"feeder-a\",\"limitAmps\":63}")
                .ok(200);
        assertThat(fuse.path("circuitId").asText()).isEqualTo("fuse-a1");
        JsonNode circuits = api.get("/api/v1/sites/depot-1/circuits").ok(200);
        assertThat(circuits).hasSize(2);
        assertThat(circuits.get(1).path("parentCircuitId").asText()).isEqualTo("feeder-a");

        JsonNode evse = api.put("/api/v1/sites/depot-1/evses/CP-1/1", "{\"circuitId\":\"fuse-a1\",\"dc\":false,"
                + "\"phases\":3,\"phaseLine\":1,\"maxKw\":22,\"fallbackKw\":4.14}").ok(200);
        assertThat(evse.path("chargePointId").asText()).isEqualTo("CP-1");
        assertThat(api.get("/api/v1/sites/depot-1/evses").ok(200)).hasSize(1);

        JsonNode schedule = api.put("/api/v1/sites/depot-1/limit-schedule",
                "[{\"startsAt\":\"2026-03-01T17:00:00Z\",\"limitKw\":200},{\"startsAt\":\"2026-03-01T22:00:00Z\",\"limitKw\":300}]")
                .ok(200);
        assertThat(schedule).hasSize(2);
        assertThat(schedule.get(0).path("limitKw").asDouble()).isEqualTo(200.0);

        // nothing ever connected: the charger has accepted no fallback profile, so it may draw its hardware
        // maximum and is counted at it (22 kW on 3 phases at 230 V: 31.8 A), not at its 6 A fallback
        JsonNode live = api.get("/api/v1/sites/depot-1/allocation").ok(200);
        assertThat(live).singleElement().satisfies(a -> {
            assertThat(a.path("online").asBoolean()).isFalse();
            assertThat(a.path("rateUnit").asText()).isEqualTo("A");
            assertThat(a.path("rateLimit").asDouble()).isEqualTo(31.8);
        });

        // the limit can be changed; the site list shows it
        api.put("/api/v1/sites/depot-1", "{\"name\":\"Bus depot\",\"limitKw\":250}").ok(200);
        assertThat(api.get("/api/v1/sites").ok(200).get(0).path("limitKw").asDouble()).isEqualTo(250.0);
    }

    @Test
    void badInputIsA400WithAMessageAndUnknownSitesA404() {
        assertThat(api.put("/api/v1/sites/s", "{\"limitKw\":-5}").error(400)).contains("limitKw");
        assertThat(api.put("/api/v1/sites/s", "{\"limitKw\":100,\"algorithm\":\"greedy\"}").error(400)).contains("algorithm");
        api.put("/api/v1/sites/s", "{\"limitKw\":{}}").error(400);
        api.put("/api/v1/sites/s", "not json").error(400);
        api.get("/api/v1/sites/nowhere").error(404);
        api.put("/api/v1/sites/nowhere/circuits/c1", "{\"limitKw\":10}").error(404);

        api.put("/api/v1/sites/s", "{\"limitKw\":100}").ok(200);
        assertThat(api.put("/api/v1/sites/s/circuits/c1", "{\"parentCircuitId\":\"missing\"}").error(400)).contains("missing");
        api.put("/api/v1/sites/s/circuits/c1", "{\"limitKw\":50}").ok(200);
        api.put("/api/v1/sites/s/circuits/c2", "{\"parentCircuitId\":\"c1\"}").ok(200);
        assertThat(api.put("/api/v1/sites/s/circuits/c1", "{\"parentCircuitId\":\"c2\"}").error(400)).contains("cycle");
        assertThat(api.put("/api/v1/sites/s/circuits/c1", "{\"parentCircuitId\":\"c1\"}").error(400)).contains("own parent");

        assertThat(api.put("/api/v1/sites/s/evses/CP-1/1", "{\"phases\":2,\"maxKw\":11,\"dc\":false,\"phaseLine\":1,\"fallbackKw\":0}").error(400)).contains("phases");
        api.put("/api/v1/sites/s/evses/CP-1/0", "{\"phases\":3,\"maxKw\":11,\"dc\":false,\"phaseLine\":1,\"fallbackKw\":0}").error(400);
        api.put("/api/v1/sites/s/evses/CP-1/1", "{\"phases\":3,\"maxKw\":0,\"dc\":false,\"phaseLine\":1,\"fallbackKw\":0}").error(400);
        api.put("/api/v1/sites/s/evses/CP-1/x", "{\"phases\":3,\"maxKw\":11,\"dc\":false,\"phaseLine\":1,\"fallbackKw\":0}").error(400);
        assertThat(api.put("/api/v1/sites/s/evses/CP-1/1", "{\"phases\":3,\"maxKw\":11,\"circuitId\":\"nope\",\"dc\":false,\"phaseLine\":1,\"fallbackKw\":0}").error(400))
                .contains("nope");
        api.put("/api/v1/sites/s/limit-schedule", "[{\"limitKw\":10}]").error(400);
        api.put("/api/v1/sites/s/limit-schedule", "[{\"startsAt\":\"2026-03-01T17:00:00Z\",\"limitKw\":-1}]").error(400);
        api.put("/api/v1/sites/s/limit-schedule", "[{\"startsAt\":\"yesterday\",\"limitKw\":1}]").error(400);
        // nothing of the bad input was stored
        assertThat(api.get("/api/v1/sites/s/evses").ok(200)).isEmpty();
        assertThat(api.get("/api/v1/sites/s/circuits").ok(200)).hasSize(2);
        assertThat(api.get("/api/v1/sites/s/limit-schedule").ok(200)).isEmpty();
    }
}
