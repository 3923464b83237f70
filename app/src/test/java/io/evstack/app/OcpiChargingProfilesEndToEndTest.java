package io.evstack.app;

import static io.evstack.app.OcpiBridgeEndToEndTest.call;
import static io.evstack.app.OcpiBridgeEndToEndTest.token;
import static io.evstack.app.OcpiCommandsEndToEndTest.BASE;
import static io.evstack.app.OcpiCommandsEndToEndTest.register;
import static io.evstack.app.TestCharger.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.app.OcpiBridgeEndToEndTest.Res;
import io.evstack.csms.smartcharging.site.Site;
import io.evstack.csms.smartcharging.site.SiteEvse;
import io.evstack.csms.smartcharging.site.SiteRepository;
import io.evstack.csms.smartcharging.site.SiteService;
import io.evstack.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OCPI charging profiles (section 14) from a test eMSP over real HTTP: on a charger outside any depot
 * the limit becomes a TxProfile for the session's transaction, the composite schedule comes back as the
 * ActiveChargingProfile, and DELETE clears it; on a charger the depot balancer manages, the limit caps
 * the balancer's own allocation instead of fighting it.
 */
class OcpiChargingProfilesEndToEndTest {
    /**
     * Registered before the charger connects: on a site, the balancer sends its fallback the moment it is
     * connected, and a charger that has not accepted one is told only the fallback's level.
     */
    private static final Map<String, Function<JsonNode, Object>> ACCEPTS_PROFILES =
            Map.of("SetChargingProfile", req -> obj().put("status", "Accepted"));

    static int startSession(Stack stack, TestCharger cp, String tokenC, String uid) throws Exception {
        cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
        cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
        int txId = cp.call("StartTransaction", Map.of("connectorId", 1, "idTag", uid, "meterStart", 0,
                "timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())).path("transactionId").asInt();
        await().atMost(Duration.ofSeconds(15)).until(() -> call(stack, "GET", BASE + "/sessions", token(tokenC), null)
                .json().path("data").size() == 1);
        return txId;
    }

    static JsonNode posted(TestEmsp emsp, String path) {
        await().atMost(Duration.ofSeconds(15)).until(() -> !emsp.received("POST", path).isEmpty());
        assertThat(emsp.received("POST", path)).hasSize(1);
        return emsp.received("POST", path).get(0).body();
    }

    static List<JsonNode> calls(TestCharger cp, String action) {
        return cp.receivedCalls.stream().filter(f -> f.get(2).asText().equals(action)).map(f -> f.get(3)).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aLimitBecomesATxProfileIsReadBackAndCleared(Database db) throws Exception {
        try (Stack stack = OcpiCommandsEndToEndTest.start(db); TestEmsp emsp = new TestEmsp("NL", "TST");
                TestCharger cp = TestCharger.connect(stack.ocppPort(), "PROF-16", null)) {
            String tokenC = register(stack, emsp, "TOKP");
            int txId = startSession(stack, cp, tokenC, "TOKP");
            String url = emsp.base + "/2.2.1/chargingprofiles/";
            var profile = Map.of("charging_rate_unit", "W", "charging_profile_period", List.of(
                    Map.of("start_period", 0, "limit", 7400), Map.of("start_period", 600, "limit", 3700)));

            Res unknown = call(stack, "PUT", BASE + "/chargingprofiles/999999", token(tokenC),
                    Map.of("charging_profile", profile, "response_url", url + "0"));
            assertThat(unknown.json().at("/data/result").asText()).isEqualTo("UNKNOWN_SESSION");
            Res invalid = call(stack, "PUT", BASE + "/chargingprofiles/" + txId, token(tokenC),
                    Map.of("charging_profile", Map.of("charging_rate_unit", "kW", "charging_profile_period", List.of()),
                            "response_url", url + "0"));
            assertThat(invalid.code()).isEqualTo(2001);

            // PUT: the charger takes it as a TxProfile of the transaction; the result follows at response_url
            cp.answer("SetChargingProfile", req -> obj().put("status", "Accepted"));
            Res put = call(stack, "PUT", BASE + "/chargingprofiles/" + txId, token(tokenC),
                    Map.of("charging_profile", profile, "response_url", url + "1"));
            assertThat(put.code()).isEqualTo(1000);
            assertThat(put.json().at("/data/result").asText()).isEqualTo("ACCEPTED");
            assertThat(put.json().at("/data/timeout").asInt()).isEqualTo(2);
            assertThat(posted(emsp, "/chargingprofiles/1").path("result").asText()).isEqualTo("ACCEPTED");
            JsonNode sent = calls(cp, "SetChargingProfile").get(0);
            assertThat(sent.path("connectorId").asInt()).isEqualTo(1);
            JsonNode cs = sent.path("csChargingProfiles");
            assertThat(cs.path("chargingProfilePurpose").asText()).isEqualTo("TxProfile");
            assertThat(cs.path("transactionId").asInt()).isEqualTo(txId);
            assertThat(cs.at("/chargingSchedule/chargingRateUnit").asText()).isEqualTo("W");
            assertThat(cs.at("/chargingSchedule/chargingSchedulePeriod").findValuesAsText("limit"))
                    .containsExactly("7400.0", "3700.0");
            int acceptedId = cs.path("chargingProfileId").asInt();

            // a profile the charger refuses is REJECTED, and leaves the accepted one in force
            cp.answer("SetChargingProfile", req -> obj().put("status", "Rejected"));
            call(stack, "PUT", BASE + "/chargingprofiles/" + txId, token(tokenC), Map.of("charging_profile", profile,
                    "response_url", url + "2"));
            assertThat(posted(emsp, "/chargingprofiles/2").path("result").asText()).isEqualTo("REJECTED");

            // GET: the charger's composite schedule as the ActiveChargingProfile
            Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            cp.answer("GetCompositeSchedule", req -> {
                var res = obj().put("status", "Accepted").put("connectorId", 1).put("scheduleStart", start.toString());
                var schedule = res.putObject("chargingSchedule").put("duration", req.path("duration").asInt())
                        .put("chargingRateUnit", "W");
                schedule.putArray("chargingSchedulePeriod").addObject().put("startPeriod", 0).put("limit", 7400.0);
                return res;
            });
            Res get = call(stack, "GET", BASE + "/chargingprofiles/" + txId + "?duration=900&response_url=" + url + "3",
                    token(tokenC), null);
            assertThat(get.json().at("/data/result").asText()).isEqualTo("ACCEPTED");
            JsonNode active = posted(emsp, "/chargingprofiles/3");
            assertThat(active.path("result").asText()).isEqualTo("ACCEPTED");
            assertThat(active.at("/profile/start_date_time").asText()).isEqualTo(start.toString());
            assertThat(active.at("/profile/charging_profile/charging_rate_unit").asText()).isEqualTo("W");
            assertThat(active.at("/profile/charging_profile/charging_profile_period/0/limit").decimalValue())
                    .isEqualByComparingTo("7400");
            assertThat(calls(cp, "GetCompositeSchedule").get(0).path("duration").asInt()).isEqualTo(900);

            // DELETE: ClearChargingProfile of the accepted profile; a second time there is none
            cp.answer("ClearChargingProfile", req -> obj().put("status", "Accepted"));
            Res delete = call(stack, "DELETE", BASE + "/chargingprofiles/" + txId + "?response_url=" + url + "4",
                    token(tokenC), null);
            assertThat(delete.json().at("/data/result").asText()).isEqualTo("ACCEPTED");
            assertThat(posted(emsp, "/chargingprofiles/4").path("result").asText()).isEqualTo("ACCEPTED");
            assertThat(calls(cp, "ClearChargingProfile").get(0).path("id").asInt()).isEqualTo(acceptedId);
            call(stack, "DELETE", BASE + "/chargingprofiles/" + txId + "?response_url=" + url + "5", token(tokenC), null);
            assertThat(posted(emsp, "/chargingprofiles/5").path("result").asText()).isEqualTo("UNKNOWN");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void onADepotChargerTheLimitCapsTheBalancersAllocation(Database db) throws Exception {
        try (Stack stack = OcpiCommandsEndToEndTest.start(db); TestEmsp emsp = new TestEmsp("NL", "TST");
                TestCharger cp = TestCharger.connect(stack.ocppPort(), "PROF-SITE", null, ACCEPTS_PROFILES)) {
            var sites = new SiteService(new SiteRepository(db.dsl()), Clock.systemUTC(), stack.balancer()::siteChanged);
            sites.putSite(new Site("ocpi-depot", "depot", 50, null, "deadline", 480));
            sites.putEvse("ocpi-depot", new SiteEvse("PROF-SITE", 1, null, false, 3, 1, 11.04, 4.14));
            String tokenC = register(stack, emsp, "TOKS");
            int txId = startSession(stack, cp, tokenC, "TOKS");
            // the balancer gives the only car the charger's 16 A
            await().atMost(Duration.ofSeconds(15)).until(() -> txLimits(cp).contains(16.0));

            // 6900 W over three phases at 230 V is 10 A: the balancer's next TxProfile
            call(stack, "PUT", BASE + "/chargingprofiles/" + txId, token(tokenC), Map.of("charging_profile",
                    Map.of("charging_rate_unit", "W", "charging_profile_period", List.of(Map.of("start_period", 0,
                            "limit", 6900))), "response_url", emsp.base + "/2.2.1/chargingprofiles/1"));
            assertThat(posted(emsp, "/chargingprofiles/1").path("result").asText()).isEqualTo("ACCEPTED");
            await().atMost(Duration.ofSeconds(15)).until(() -> txLimits(cp).contains(10.0));
            assertThat(calls(cp, "SetChargingProfile").stream()
                    .filter(p -> p.at("/csChargingProfiles/stackLevel").asInt() > 1)).as("no profile of our own").isEmpty();

            // DELETE lifts the cap: back to 16 A
            int before = txLimits(cp).size();
            call(stack, "DELETE", BASE + "/chargingprofiles/" + txId + "?response_url=" + emsp.base
                    + "/2.2.1/chargingprofiles/2", token(tokenC), null);
            assertThat(posted(emsp, "/chargingprofiles/2").path("result").asText()).isEqualTo("ACCEPTED");
            // (the next balancing round may be the periodic one on a loaded machine: wait longer than its period)
            await().atMost(Duration.ofSeconds(45)).until(() -> txLimits(cp).size() > before
                    && txLimits(cp).getLast() == 16.0);
        }
    }

    /**
     * The balancer keeps caps in memory; the profiles are in the database. After a restart the cap an eMSP
     * set is in force again (ChargingProfileService.restoreCaps), and once cleared with DELETE it is not
     * brought back by the next restart: the site's own allocation applies.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aDepotCapSurvivesARestartAndOnceClearedStaysCleared(Database db) throws Exception {
        String url;
        String tokenC;
        int txId;
        try (TestEmsp emsp = new TestEmsp("NL", "TST")) {
            url = emsp.base + "/2.2.1/chargingprofiles/";
            try (Stack stack = OcpiCommandsEndToEndTest.start(db);
                    TestCharger cp = TestCharger.connect(stack.ocppPort(), "PROF-RST", null, ACCEPTS_PROFILES)) {
                var sites = new SiteService(new SiteRepository(db.dsl()), Clock.systemUTC(), stack.balancer()::siteChanged);
                sites.putSite(new Site("ocpi-depot", "depot", 50, null, "deadline", 480));
                sites.putEvse("ocpi-depot", new SiteEvse("PROF-RST", 1, null, false, 3, 1, 11.04, 4.14));
                tokenC = register(stack, emsp, "TOKR");
                txId = startSession(stack, cp, tokenC, "TOKR");
                await().atMost(Duration.ofSeconds(15)).until(() -> txLimits(cp).contains(16.0));
                // 6900 W over three phases at 230 V: 10 A
                call(stack, "PUT", BASE + "/chargingprofiles/" + txId, token(tokenC), Map.of("charging_profile",
                        Map.of("charging_rate_unit", "W", "charging_profile_period", List.of(Map.of("start_period", 0,
                                "limit", 6900))), "response_url", url + "1"));
                assertThat(posted(emsp, "/chargingprofiles/1").path("result").asText()).isEqualTo("ACCEPTED");
                await().atMost(Duration.ofSeconds(15)).until(() -> txLimits(cp).contains(10.0));
            }

            // restarted, the charger reconnects: the cap holds
            try (Stack stack = OcpiCommandsEndToEndTest.start(db);
                    TestCharger cp = TestCharger.connect(stack.ocppPort(), "PROF-RST", null, ACCEPTS_PROFILES)) {
                cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Charging", "errorCode", "NoError"));
                // the cap restored: never above it (a first round right after the restart may send less, the
                // balancer knowing nothing of the session's draw yet), and at it once the rounds settle
                await().atMost(Duration.ofSeconds(15)).until(() -> !txLimits(cp).isEmpty() && txLimits(cp).getLast() == 10.0);
                assertThat(txLimits(cp)).as("the cap restored, not the site's 16 A").allSatisfy(l -> assertThat(l).isLessThanOrEqualTo(10.0));

                // DELETE lifts it: the site's allocation again
                call(stack, "DELETE", BASE + "/chargingprofiles/" + txId + "?response_url=" + url + "2", token(tokenC), null);
                assertThat(posted(emsp, "/chargingprofiles/2").path("result").asText()).isEqualTo("ACCEPTED");
                await().atMost(Duration.ofSeconds(15)).until(() -> !txLimits(cp).isEmpty() && txLimits(cp).getLast() == 16.0);
            }

            // restarted again: the cleared cap stays cleared
            try (Stack stack = OcpiCommandsEndToEndTest.start(db);
                    TestCharger cp = TestCharger.connect(stack.ocppPort(), "PROF-RST", null, ACCEPTS_PROFILES)) {
                cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Charging", "errorCode", "NoError"));
                await().atMost(Duration.ofSeconds(15)).until(() -> !txLimits(cp).isEmpty() && txLimits(cp).getLast() == 16.0);
                assertThat(txLimits(cp)).as("the cleared cap (10 A) is not brought back").doesNotContain(10.0);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void anOcpp201StationGetsTheLimitAsItsOwnTxProfile(Database db) throws Exception {
        try (Stack stack = OcpiCommandsEndToEndTest.start(db); TestEmsp emsp = new TestEmsp("NL", "TST");
                TestCharger cs = Ocpp201ProvisioningTest.connect201(stack, "PROF-201")) {
            String tokenC = register(stack, emsp, "TOK2P");
            cs.call("BootNotification", Ocpp201ProvisioningTest.boot());
            cs.call("StatusNotification", obj().put("timestamp", Instant.now().toString())
                    .put("connectorStatus", "Available").put("evseId", 1).put("connectorId", 1));
            var started = Ocpp201TransactionTest.event("Started", 0, "Authorized", Instant.now().minusSeconds(30), "TX-P201");
            started.putObject("evse").put("id", 1).put("connectorId", 1);
            started.set("idToken", obj().put("idToken", "TOK2P").put("type", "ISO14443"));
            cs.call("TransactionEvent", started);
            await().atMost(Duration.ofSeconds(15)).until(() -> call(stack, "GET", BASE + "/sessions", token(tokenC), null)
                    .json().path("data").size() == 1);
            String sessionId = call(stack, "GET", BASE + "/sessions", token(tokenC), null).json().at("/data/0/id").asText();
            String url = emsp.base + "/2.2.1/chargingprofiles/";

            cs.answer("SetChargingProfile", req -> obj().put("status", "Accepted"));
            call(stack, "PUT", BASE + "/chargingprofiles/" + sessionId, token(tokenC), Map.of("charging_profile",
                    Map.of("charging_rate_unit", "A", "charging_profile_period", List.of(Map.of("start_period", 0,
                            "limit", 16))), "response_url", url + "1"));
            assertThat(posted(emsp, "/chargingprofiles/1").path("result").asText()).isEqualTo("ACCEPTED");
            JsonNode sent = calls(cs, "SetChargingProfile").get(0);
            assertThat(sent.path("evseId").asInt()).isEqualTo(1);
            assertThat(sent.at("/chargingProfile/chargingProfilePurpose").asText()).isEqualTo("TxProfile");
            assertThat(sent.at("/chargingProfile/transactionId").asText()).isEqualTo("TX-P201");
            assertThat(sent.at("/chargingProfile/chargingSchedule/0/chargingRateUnit").asText()).isEqualTo("A");
            assertThat(sent.at("/chargingProfile/chargingSchedule/0/chargingSchedulePeriod/0/limit").asDouble()).isEqualTo(16.0);

            Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            cs.answer("GetCompositeSchedule", req -> {
                var res = obj().put("status", "Accepted");
                var schedule = res.putObject("schedule").put("evseId", 1).put("duration", req.path("duration").asInt())
                        .put("scheduleStart", start.toString()).put("chargingRateUnit", "A");
                schedule.putArray("chargingSchedulePeriod").addObject().put("startPeriod", 0).put("limit", 16.0);
                return res;
            });
            call(stack, "GET", BASE + "/chargingprofiles/" + sessionId + "?duration=600&response_url=" + url + "2",
                    token(tokenC), null);
            JsonNode active = posted(emsp, "/chargingprofiles/2");
            assertThat(active.path("result").asText()).isEqualTo("ACCEPTED");
            assertThat(active.at("/profile/charging_profile/charging_profile_period/0/limit").decimalValue())
                    .isEqualByComparingTo("16");
            assertThat(calls(cs, "GetCompositeSchedule").get(0).path("evseId").asInt()).isEqualTo(1);

            cs.answer("ClearChargingProfile", req -> obj().put("status", "Accepted"));
            call(stack, "DELETE", BASE + "/chargingprofiles/" + sessionId + "?response_url=" + url + "3", token(tokenC), null);
            assertThat(posted(emsp, "/chargingprofiles/3").path("result").asText()).isEqualTo("ACCEPTED");
            assertThat(calls(cs, "ClearChargingProfile").get(0).path("chargingProfileId").asInt())
                    .isEqualTo(sent.at("/chargingProfile/id").asInt());
        }
    }

    /** The limits of the TxProfiles the charger was sent, in order. */
    static List<Double> txLimits(TestCharger cp) {
        return calls(cp, "SetChargingProfile").stream()
                .filter(p -> p.at("/csChargingProfiles/chargingProfilePurpose").asText().equals("TxProfile"))
                .map(p -> p.at("/csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit").asDouble())
                .toList();
    }
}
