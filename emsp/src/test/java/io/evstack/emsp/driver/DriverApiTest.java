package io.evstack.emsp.driver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.db.Database;
import static io.evstack.emsp.TestEmspServer.obj;

import io.evstack.emsp.TestEmspServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a driver sees of what CPOs pushed over OCPI: chargers near a position with live status, power and
 * tariffs; the running session of their card; the history.
 */
class DriverApiTest {
    static final String CPO_TOKEN = "token-b-of-the-cpo";

    /**
     * CPO DE*ABC registered with {@code cpoToken}, its tariff T1 (one ENERGY component, {@code pricePerKwh} in
     * {@code currency}) and its location L1 at Berlin Alexanderplatz, available.
     */
    static void cpoWithOneLocation(TestEmspServer emsp, String cpoToken, String currency, double pricePerKwh) {
        emsp.registeredCpo("CPO", "DE", "ABC", cpoToken, "http://127.0.0.1:1/tokens");
        emsp.ocpi("PUT", "/ocpi/emsp/2.2.1/tariffs/DE/ABC/T1", cpoToken, obj("country_code", "DE", "party_id", "ABC",
                "id", "T1", "currency", currency, "elements", List.of(obj("price_components", List.of(obj("type", "ENERGY",
                        "price", pricePerKwh, "step_size", 1)))), "last_updated", "2026-11-24T08:00:00Z"));
        emsp.ocpi("PUT", "/ocpi/emsp/2.2.1/locations/DE/ABC/L1", cpoToken, location("L1", "52.521918", "13.413215", "AVAILABLE"));
    }

    static Map<String, Object> location(String id, String lat, String lon, String status) {
        return obj("country_code", "DE", "party_id", "ABC", "id", id, "publish", true, "name", "Depot " + id,
                "address", "Hauptstrasse 1", "city", "Berlin", "country", "DEU", "time_zone", "Europe/Berlin",
                "coordinates", obj("latitude", lat, "longitude", lon), "last_updated", "2026-11-24T08:00:00Z",
                "evses", List.of(obj("uid", id + "-1", "evse_id", "DE*ABC*E" + id + "*1", "status", status,
                        "last_updated", "2026-11-24T08:00:00Z",
                        "connectors", List.of(obj("id", "1", "standard", "IEC_62196_T2", "format", "SOCKET",
                                "power_type", "AC_3_PHASE", "max_voltage", 230, "max_amperage", 32,
                                "tariff_ids", List.of("T1"), "last_updated", "2026-11-24T08:00:00Z")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void chargersNearAPositionShowLiveStatusPowerAndTariff(Database db) {
        try (var emsp = new TestEmspServer(db)) {
            emsp.registeredCpo("CPO", "DE", "ABC", CPO_TOKEN, "http://127.0.0.1:1/tokens");
            var tariff = obj("country_code", "DE", "party_id", "ABC", "id", "T1", "currency", "EUR",
                    "elements", List.of(obj("price_components", List.of(obj("type", "ENERGY", "price", 0.39,
                            "step_size", 1)))), "last_updated", "2026-11-24T08:00:00Z");
            assertThat(emsp.ocpi("PUT", "/ocpi/emsp/2.2.1/tariffs/DE/ABC/T1", CPO_TOKEN, tariff).body()
                    .path("status_code").asInt()).isEqualTo(1000);
            // Berlin Alexanderplatz, and one in Munich (about 500 km away).
            emsp.ocpi("PUT", "/ocpi/emsp/2.2.1/locations/DE/ABC/L1", CPO_TOKEN, location("L1", "52.521918", "13.413215", "AVAILABLE"));
            emsp.ocpi("PUT", "/ocpi/emsp/2.2.1/locations/DE/ABC/L2", CPO_TOKEN, location("L2", "48.137154", "11.576124", "AVAILABLE"));
            String driver = emsp.driver("eva@example.com");

            var near = emsp.call("GET", "/api/v1/driver/chargers?lat=52.5200&lon=13.4050&radiusKm=5", driver, null);
            assertThat(near.status()).isEqualTo(200);
            assertThat(near.body()).hasSize(1);
            JsonNode charger = near.body().get(0);
            assertThat(charger.path("locationId").asText()).isEqualTo("L1");
            assertThat(charger.path("cpoPartyId").asText()).isEqualTo("ABC");
            assertThat(charger.path("distanceKm").asDouble()).isBetween(0.5, 1.0);
            JsonNode evse = charger.path("evses").get(0);
            assertThat(evse.path("status").asText()).isEqualTo("AVAILABLE");
            JsonNode connector = evse.path("connectors").get(0);
            assertThat(connector.path("maxPowerKw").decimalValue()).isEqualByComparingTo("22.1");
            assertThat(connector.path("cpoTariffs").get(0).path("id").asText()).isEqualTo("T1");
            // A new driver is on pay-as-you-go (V11: 20 % markup, 21 % VAT): 0.39 x 1.20 = 0.468 per kWh excl. VAT,
            // 0.468 x 1.21 = 0.56628 incl., shown to four places.
            JsonNode price = connector.path("driverPrice");
            assertThat(price.path("currency").asText()).isEqualTo("EUR");
            assertThat(price.path("components").get(0).path("dimension").asText()).isEqualTo("ENERGY");
            assertThat(price.path("components").get(0).path("exclVat").decimalValue()).isEqualByComparingTo("0.4680");
            assertThat(price.path("components").get(0).path("inclVat").decimalValue()).isEqualByComparingTo("0.5663");

            // The CPO reports a status change by PATCHing the EVSE (OCPI 2.2.1 section 8.2.2.3).
            assertThat(emsp.ocpi("PATCH", "/ocpi/emsp/2.2.1/locations/DE/ABC/L1/L1-1", CPO_TOKEN,
                    obj("status", "CHARGING", "last_updated", "2026-11-24T09:01:00Z")).body().path("status_code").asInt())
                    .isEqualTo(1000);
            var after = emsp.call("GET", "/api/v1/driver/chargers?lat=52.52&lon=13.405", driver, null);
            assertThat(after.body().get(0).path("evses").get(0).path("status").asText()).isEqualTo("CHARGING");
            // A status of an EVSE the location did not have yet is kept, not refused.
            assertThat(emsp.ocpi("PATCH", "/ocpi/emsp/2.2.1/locations/DE/ABC/L1/L1-2", CPO_TOKEN,
                    obj("status", "AVAILABLE", "last_updated", "2026-11-24T09:02:00Z")).body().path("status_code").asInt())
                    .isEqualTo(1000);
            JsonNode evses = emsp.call("GET", "/api/v1/driver/chargers?lat=52.52&lon=13.405", driver, null).body().get(0)
                    .path("evses");
            assertThat(evses).hasSize(2);
            assertThat(evses.get(1).path("uid").asText()).isEqualTo("L1-2");
            assertThat(evses.get(1).path("status").asText()).isEqualTo("AVAILABLE");
            assertThat(emsp.ocpi("PATCH", "/ocpi/emsp/2.2.1/locations/DE/ABC/NOWHERE/X-1", CPO_TOKEN,
                    obj("status", "AVAILABLE")).status()).isEqualTo(404);

            assertThat(emsp.call("GET", "/api/v1/driver/chargers?lat=52.52&lon=13.405&radiusKm=1000", driver, null)
                    .body()).hasSize(2);
            assertThat(emsp.call("GET", "/api/v1/driver/chargers?lat=52.52&lon=13.405", null, null).status()).isEqualTo(401);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void theLiveSessionAndTheHistoryOfMyCards(Database db) {
        try (var emsp = new TestEmspServer(db)) {
            emsp.registeredCpo("CPO", "DE", "ABC", CPO_TOKEN, "http://127.0.0.1:1/tokens");
            String driver = emsp.driver("finn@example.com");
            String other = emsp.driver("gina@example.com");
            assertThat(emsp.call("POST", "/api/v1/driver/tokens", driver, obj("uid", "CAFE0001")).status()).isEqualTo(201);
            var session = obj("country_code", "DE", "party_id", "ABC", "id", "S1",
                    "start_date_time", "2026-11-24T08:30:00Z", "kwh", 12.5, "auth_method", "WHITELIST",
                    "cdr_token", obj("country_code", "NL", "party_id", "EVS", "uid", "CAFE0001", "type", "RFID",
                            "contract_id", "NL-EVS-C00000001-X"),
                    "location_id", "L1", "evse_uid", "L1-1", "connector_id", "1", "currency", "EUR",
                    "charging_periods", List.of(obj("start_date_time", "2026-11-24T08:30:00Z", "dimensions",
                            List.of(obj("type", "ENERGY", "volume", 12.5), obj("type", "POWER", "volume", 21.7)))),
                    "total_cost", obj("excl_vat", 4.88, "incl_vat", 5.90), "status", "ACTIVE",
                    "last_updated", "2026-11-24T09:00:00Z");
            assertThat(emsp.ocpi("PUT", "/ocpi/emsp/2.2.1/sessions/DE/ABC/S1", CPO_TOKEN, session).body()
                    .path("status_code").asInt()).isEqualTo(1000);

            var live = emsp.call("GET", "/api/v1/driver/sessions/live", driver, null);
            assertThat(live.status()).isEqualTo(200);
            assertThat(live.body()).hasSize(1);
            JsonNode s = live.body().get(0);
            assertThat(s.path("id").asText()).isEqualTo("S1");
            assertThat(s.path("kwh").decimalValue()).isEqualByComparingTo("12.5");
            assertThat(s.path("powerKw").decimalValue()).isEqualByComparingTo("21.7");
            assertThat(s.path("durationSeconds").asLong()).as("09:00 - 08:30").isEqualTo(1800);
            assertThat(s.path("cpoCostInclVat").decimalValue()).isEqualByComparingTo("5.90");
            assertThat(emsp.call("GET", "/api/v1/driver/sessions/live", other, null).body())
                    .as("another driver's session").isEmpty();
            var stop = emsp.call("POST", "/api/v1/driver/sessions/S1/stop", driver, null);
            assertThat(stop.status()).as("commands are not wired in this module").isEqualTo(503);
            assertThat(emsp.call("POST", "/api/v1/driver/sessions/S1/stop", other, null).status()).isEqualTo(404);

            emsp.clock.advance(Duration.ofMinutes(30));
            var cdr = obj("country_code", "DE", "party_id", "ABC", "id", "CDR1", "session_id", "S1",
                    "start_date_time", "2026-11-24T08:30:00Z", "end_date_time", "2026-11-24T09:20:00Z",
                    "cdr_token", obj("country_code", "NL", "party_id", "EVS", "uid", "CAFE0001", "type", "RFID",
                            "contract_id", "NL-EVS-C00000001-X"),
                    "cdr_location", obj("id", "L1", "evse_uid", "L1-1", "connector_id", "1"), "currency", "EUR",
                    "charging_periods", List.of(), "total_cost", obj("excl_vat", 7.02, "incl_vat", 8.49),
                    "total_energy", 18.0, "total_time", 0.833, "last_updated", "2026-11-24T09:25:00Z");
            assertThat(emsp.ocpi("POST", "/ocpi/emsp/2.2.1/cdrs", CPO_TOKEN, cdr).body().path("status_code").asInt())
                    .isEqualTo(1000);
            var history = emsp.call("GET", "/api/v1/driver/sessions?page=0&size=10", driver, null);
            assertThat(history.status()).isEqualTo(200);
            assertThat(history.body().path("total").asInt()).as("the CDR replaces its session").isEqualTo(1);
            JsonNode item = history.body().path("items").get(0);
            assertThat(item.path("kind").asText()).isEqualTo("CDR");
            assertThat(item.path("kwh").decimalValue()).isEqualByComparingTo("18.0");
            assertThat(item.path("durationSeconds").asLong()).isEqualTo(3000);
            assertThat(emsp.call("GET", "/api/v1/driver/sessions?page=1&size=10", driver, null).body().path("items"))
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void badInputIsA400WithAMessage(Database db) {
        try (var emsp = new TestEmspServer(db)) {
            String driver = emsp.driver("hugo@example.com");
            var malformed = emsp.call("POST", "/api/v1/driver/signup", null, "{\"email\": ");
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(malformed.text("error")).startsWith("Malformed JSON");
            var unknown = emsp.call("POST", "/api/v1/driver/signup", null,
                    obj("email", "x@example.com", "name", "X", "password", "long enough pw", "admin", true));
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.text("error")).contains("Unknown field 'admin'");
            assertThat(emsp.call("POST", "/api/v1/driver/signup", null,
                    obj("email", "not-an-email", "name", "X", "password", "long enough pw")).text("error")).contains("email");
            assertThat(emsp.call("POST", "/api/v1/driver/signup", null,
                    obj("email", "y@example.com", "name", "Y", "password", "short")).status()).isEqualTo(400);
            assertThat(emsp.call("POST", "/api/v1/driver/signup", null, "[]").status()).isEqualTo(400);
            assertThat(emsp.call("POST", "/api/v1/driver/login", null, "").status()).isEqualTo(400);

            var noLat = emsp.call("GET", "/api/v1/driver/chargers?lon=13.4", driver, null);
            assertThat(noLat.status()).isEqualTo(400);
            assertThat(noLat.text("error")).contains("'lat'");
            assertThat(emsp.call("GET", "/api/v1/driver/chargers?lat=north&lon=13.4", driver, null).status()).isEqualTo(400);
            assertThat(emsp.call("GET", "/api/v1/driver/chargers?lat=95&lon=13.4", driver, null).status()).isEqualTo(400);
            assertThat(emsp.call("GET", "/api/v1/driver/sessions?size=0", driver, null).status()).isEqualTo(400);
            var start = emsp.call("POST", "/api/v1/driver/sessions", driver, obj("cpoCountryCode", "DE"));
            assertThat(start.status()).isEqualTo(400);
            assertThat(start.text("error")).contains("cpoPartyId");
            assertThat(emsp.call("POST", "/api/v1/driver/sessions", driver, obj("cpoCountryCode", "DE",
                    "cpoPartyId", "ABC", "locationId", "NOPE", "evseUid", "E1")).status()).isEqualTo(404);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void theOpenApiDocumentDescribesEveryRouteAndTheBearerLogin(Database db) {
        try (var emsp = new TestEmspServer(db)) {
            var doc = emsp.call("GET", "/openapi.json", null, null);
            assertThat(doc.status()).isEqualTo(200);
            JsonNode paths = doc.body().path("paths");
            assertThat(paths.has("/api/v1/driver/chargers")).isTrue();
            assertThat(paths.has("/api/v1/fleet/companies/{companyId}/vehicles")).isTrue();
            assertThat(paths.path("/api/v1/driver/plan/changes").has("post")).isTrue();
            assertThat(paths.path("/api/v1/fleet/companies/{companyId}/plan").has("get")).isTrue();
            assertThat(paths.path("/api/v1/billing/exchange-rates").has("post")).isTrue();
            assertThat(paths.path("/api/v1/driver/plan").path("get").path("security").get(0).has("BearerAuth")).isTrue();
            assertThat(doc.body().path("components").path("securitySchemes").path("BearerAuth").path("scheme").asText())
                    .isEqualTo("bearer");
            assertThat(paths.path("/api/v1/driver/chargers").path("get").path("security").get(0).has("BearerAuth")).isTrue();
            assertThat(paths.path("/api/v1/driver/login").path("post").path("security")).as("login needs none").isEmpty();
            assertThat(emsp.call("GET", "/health", null, null).text("status")).isEqualTo("UP");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aDriverSeesThePlanSinceSignUpAndSchedulesAChange(Database db) {
        try (var emsp = new TestEmspServer(db)) {
            String anna = emsp.driver("anna.plan@example.org");
            assertThat(emsp.call("GET", "/api/v1/driver/plan", null, null).status()).isEqualTo(401);
            JsonNode plan = emsp.call("GET", "/api/v1/driver/plan", anna, null).body();
            assertThat(plan.path("current").path("code").asText()).isEqualTo("PAYG");
            assertThat(plan.path("history")).hasSize(1);
            assertThat(plan.path("history").get(0).path("effectiveFrom").asText()).isEqualTo(emsp.clock.instant().toString());
            assertThat(emsp.call("GET", "/api/v1/driver/plans", anna, null).body()).extracting(p -> p.path("code").asText())
                    .containsExactly("PAYG", "SUBSCRIPTION");

            // from tomorrow (the test clock stands at 24 November 2026, 10:00 in Amsterdam)
            var changed = emsp.call("POST", "/api/v1/driver/plan/changes", anna, Map.of("planCode", "SUBSCRIPTION",
                    "effectiveFrom", "2026-11-25"));
            assertThat(changed.status()).isEqualTo(201);
            assertThat(changed.body().path("current").path("code").asText()).isEqualTo("PAYG");
            assertThat(changed.body().path("history")).extracting(p -> p.path("plan").path("code").asText() + ":"
                    + p.path("effectiveUntil").asText()).containsExactly("PAYG:2026-11-24T23:00:00Z", "SUBSCRIPTION:null");
            emsp.clock.advance(Duration.ofDays(1));
            anna = emsp.login("anna.plan@example.org", "correct horse battery");
            assertThat(emsp.call("GET", "/api/v1/driver/plan", anna, null).body().path("current").path("code").asText())
                    .isEqualTo("SUBSCRIPTION");
        }
    }
}
