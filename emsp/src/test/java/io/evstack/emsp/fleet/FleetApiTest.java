package io.evstack.emsp.fleet;

import static io.evstack.emsp.TestEmspServer.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.db.Database;
import io.evstack.emsp.TestEmspServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Support creates companies; a fleet manager runs vehicles, drivers and cards of their own company only,
 * and sees what each vehicle charged in a month from the CDRs of its cards.
 */
class FleetApiTest {
    static final String CPO_TOKEN = "token-b-fleet-cpo";

    static long company(TestEmspServer emsp, String support, String name, String managerEmail) {
        var created = emsp.call("POST", "/api/v1/fleet/companies", support, Map.of("name", name, "vatId", "NL123456789B01",
                "manager", Map.of("email", managerEmail, "name", "Manager of " + name, "password", "manager password")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("planCode")).isEqualTo("FLEET");
        return created.body().path("id").asLong();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aFleetManagerSeesOnlyTheirOwnCompany(Database db) {
        try (var emsp = new TestEmspServer(db)) {
            String support = emsp.support();
            long acme = company(emsp, support, "ACME", "boss@acme.test");
            long globex = company(emsp, support, "Globex", "boss@globex.test");
            String acmeBoss = emsp.login("boss@acme.test", "manager password");
            String globexBoss = emsp.login("boss@globex.test", "manager password");

            var van = emsp.call("POST", "/api/v1/fleet/companies/" + acme + "/vehicles", acmeBoss,
                    Map.of("plate", "ab-123-c", "vin", "WVWZZZ1JZXW000001", "model", "e-Transporter", "batteryKwh", 77.5));
            assertThat(van.status()).isEqualTo(201);
            assertThat(van.text("plate")).isEqualTo("AB-123-C");
            long vanId = van.body().path("id").asLong();
            assertThat(emsp.call("POST", "/api/v1/fleet/companies/" + acme + "/vehicles", acmeBoss,
                    Map.of("plate", "AB-123-C")).status()).as("one plate per company").isEqualTo(409);

            var theirs = emsp.call("GET", "/api/v1/fleet/companies/" + acme + "/vehicles", globexBoss, null);
            assertThat(theirs.status()).isEqualTo(403);
            assertThat(theirs.text("error")).contains("another company");
            assertThat(emsp.call("GET", "/api/v1/fleet/companies/" + acme + "/vehicles/" + vanId, globexBoss, null)
                    .status()).isEqualTo(403);
            assertThat(emsp.call("GET", "/api/v1/fleet/companies/" + globex + "/vehicles/" + vanId, globexBoss, null)
                    .status()).as("not a vehicle of Globex").isEqualTo(404);
            assertThat(emsp.call("GET", "/api/v1/fleet/companies/" + globex + "/vehicles", globexBoss, null).body()).isEmpty();
            assertThat(emsp.call("GET", "/api/v1/fleet/companies/" + acme + "/vehicles", acmeBoss, null).body()).hasSize(1);
            assertThat(emsp.call("GET", "/api/v1/fleet/companies/" + acme + "/vehicles", support, null).body())
                    .as("support sees every company").hasSize(1);
            var companies = emsp.call("GET", "/api/v1/fleet/companies", acmeBoss, null).body();
            assertThat(companies).hasSize(1);
            assertThat(companies.get(0).path("name").asText()).isEqualTo("ACME");
            assertThat(emsp.call("GET", "/api/v1/fleet/companies", support, null).body()).hasSize(2);

            var updated = emsp.call("PUT", "/api/v1/fleet/companies/" + acme + "/vehicles/" + vanId, acmeBoss,
                    Map.of("plate", "AB-123-C", "model", "ID. Buzz Cargo"));
            assertThat(updated.text("model")).isEqualTo("ID. Buzz Cargo");
            assertThat(updated.body().path("vin").isNull()).isTrue();

            var driver = emsp.call("POST", "/api/v1/fleet/companies/" + acme + "/drivers", acmeBoss,
                    Map.of("email", "driver@acme.test", "name", "Dan", "password", "driver password"));
            assertThat(driver.status()).isEqualTo(201);
            assertThat(driver.text("role")).isEqualTo("DRIVER");
            assertThat(driver.body().path("companyId").asLong()).isEqualTo(acme);
            String dan = emsp.login("driver@acme.test", "driver password");
            assertThat(emsp.call("GET", "/api/v1/fleet/companies/" + acme + "/vehicles", dan, null).status())
                    .as("a driver is no fleet manager").isEqualTo(403);
            assertThat(emsp.call("POST", "/api/v1/fleet/companies/" + globex + "/drivers", acmeBoss,
                    Map.of("email", "spy@acme.test", "name", "Spy", "password", "driver password")).status()).isEqualTo(403);

            var bad = emsp.call("POST", "/api/v1/fleet/companies/" + acme + "/vehicles", acmeBoss,
                    Map.of("plate", "X-1", "vin", "TOO-SHORT"));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.text("error")).contains("vin");
            assertThat(emsp.call("GET", "/api/v1/fleet/companies/acme/vehicles", acmeBoss, null).status()).isEqualTo(400);
            assertThat(emsp.call("POST", "/api/v1/fleet/companies/" + acme + "/vehicles", acmeBoss,
                    "{\"plate\": \"Y\", \"batteryKwh\": \"lots\"}").status()).isEqualTo(400);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void fleetCardsAndTheKwhOfAVehicleInAMonth(Database db) {
        try (var emsp = new TestEmspServer(db)) {
            emsp.registeredCpo("CPO", "DE", "ABC", CPO_TOKEN, "http://127.0.0.1:1/tokens");
            String support = emsp.support();
            long acme = company(emsp, support, "ACME", "boss@acme.test");
            String boss = emsp.login("boss@acme.test", "manager password");
            long van = emsp.call("POST", "/api/v1/fleet/companies/" + acme + "/vehicles", boss, Map.of("plate", "VAN-1"))
                    .body().path("id").asLong();
            long car = emsp.call("POST", "/api/v1/fleet/companies/" + acme + "/vehicles", boss, Map.of("plate", "CAR-1"))
                    .body().path("id").asLong();

            var card = emsp.call("POST", "/api/v1/fleet/companies/" + acme + "/cards", boss,
                    Map.of("vehicleId", van, "uid", "F1EE7001", "visualNumber", "ACME VAN-1"));
            assertThat(card.status()).isEqualTo(201);
            assertThat(card.body().path("vehicleId").asLong()).isEqualTo(van);
            assertThat(emsp.call("POST", "/api/v1/fleet/companies/" + acme + "/cards", boss,
                    Map.of("vehicleId", 999_999, "uid", "F1EE7002")).status()).isEqualTo(404);
            assertThat(emsp.call("GET", "/api/v1/fleet/companies/" + acme + "/cards", boss, null).body()).hasSize(1);

            // Two CDRs of the van's card in November, one in October.
            cdr(emsp, "C1", "2026-11-03T10:00:00Z", 20.5);
            cdr(emsp, "C2", "2026-11-20T18:00:00Z", 11.25);
            cdr(emsp, "C3", "2026-10-31T22:00:00Z", 40.0);
            var november = emsp.call("GET", "/api/v1/fleet/companies/" + acme + "/vehicles/" + van + "/sessions?month=2026-11",
                    boss, null);
            assertThat(november.status()).isEqualTo(200);
            assertThat(november.body().path("kwh").decimalValue()).isEqualByComparingTo("31.75");
            assertThat(november.body().path("sessions").asInt()).isEqualTo(2);
            var report = emsp.call("GET", "/api/v1/fleet/companies/" + acme + "/report?month=2026-10", boss, null).body();
            assertThat(report).hasSize(2);
            JsonNode vanRow = report.get(0).path("vehicleId").asLong() == van ? report.get(0) : report.get(1);
            assertThat(vanRow.path("kwh").decimalValue()).isEqualByComparingTo("40.0");
            assertThat((report.get(0).path("vehicleId").asLong() == car ? report.get(0) : report.get(1))
                    .path("kwh").decimalValue()).isEqualByComparingTo("0");
            assertThat(emsp.call("GET", "/api/v1/fleet/companies/" + acme + "/report?month=2026-13", boss, null).status())
                    .isEqualTo(400);

            var blocked = emsp.call("POST", "/api/v1/fleet/companies/" + acme + "/cards/F1EE7001/block", boss, null);
            assertThat(blocked.text("status")).isEqualTo("BLOCKED");
            var expired = emsp.call("POST", "/api/v1/fleet/companies/" + acme + "/cards/F1EE7001/expire", boss, null);
            assertThat(expired.text("status")).isEqualTo("EXPIRED");
            assertThat(expired.body().path("valid").asBoolean()).isFalse();
            assertThat(emsp.call("POST", "/api/v1/fleet/companies/" + acme + "/cards/F1EE7001/unblock", boss, null).status())
                    .as("an expired card stays expired").isEqualTo(409);
            assertThat(emsp.call("DELETE", "/api/v1/fleet/companies/" + acme + "/vehicles/" + van, boss, null).status())
                    .as("its CDRs refer to it").isEqualTo(409);
            assertThat(emsp.call("DELETE", "/api/v1/fleet/companies/" + acme + "/vehicles/" + car, boss, null).status())
                    .isEqualTo(204);
        }
    }

    private static void cdr(TestEmspServer emsp, String id, String start, double kwh) {
        var body = obj("country_code", "DE", "party_id", "ABC", "id", id, "start_date_time", start,
                "end_date_time", java.time.Instant.parse(start).plusSeconds(3600).toString(),
                "cdr_token", Map.of("country_code", "NL", "party_id", "EVS", "uid", "F1EE7001", "type", "RFID",
                        "contract_id", "NL-EVS-C00000001-X"),
                "cdr_location", Map.of("id", "L1", "evse_uid", "L1-1", "connector_id", "1"), "currency", "EUR",
                "charging_periods", List.of(), "total_cost", Map.of("excl_vat", 10.0), "total_energy", kwh,
                "total_time", 1.0, "last_updated", start);
        assertThat(emsp.ocpi("POST", "/ocpi/emsp/2.2.1/cdrs", CPO_TOKEN, body).body().path("status_code").asInt())
                .isEqualTo(1000);
    }
}
