package io.evstack.emsp.driver;

import static io.evstack.emsp.TestEmspServer.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.db.Database;
import io.evstack.emsp.TestEmspServer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A plan change scheduled for the next day is what the driver (and a fleet company) sees and pays from its
 * instant on, with nothing run in between: the account's and company's plan code, the price at a charger and a
 * session started after it; a session that started before it stays on the old plan, live and on the invoice.
 * Over HTTP on loopback, on H2 and MariaDB. V11's plans: PAYG (CPO price + 20 %), SUBSCRIPTION (0.39 per kWh
 * beyond 50 kWh a month), FLEET; VAT 21 %.
 */
class ScheduledPlanChangeTest {
    static final String CPO_TOKEN = "token-b-of-the-cpo";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aChangeScheduledForTomorrowAppliesFromItsInstantAndASessionKeepsThePlanItStartedOn(Database db) {
        try (var emsp = new TestEmspServer(db)) {
            DriverApiTest.cpoWithOneLocation(emsp, CPO_TOKEN, "EUR", 0.39);
            String support = emsp.support();
            String anna = emsp.driver("anna.tomorrow@example.org");
            assertThat(emsp.call("POST", "/api/v1/driver/tokens", anna, obj("uid", "CAFE0042")).status()).isEqualTo(201);
            var company = emsp.call("POST", "/api/v1/fleet/companies", support, Map.of("name", "ACME", "manager",
                    Map.of("email", "boss@acme.test", "name", "Boss", "password", "manager password")));
            assertThat(company.status()).as(company.body().toString()).isEqualTo(201);
            long acme = company.body().path("id").asLong();
            assertThat(company.text("planCode")).isEqualTo("FLEET");

            // 24 November 2026, 10:00 in Amsterdam: both change plan from tomorrow, 25 November 00:00 (23:00 UTC).
            assertThat(emsp.call("POST", "/api/v1/driver/plan/changes", anna, Map.of("planCode", "SUBSCRIPTION",
                    "effectiveFrom", "2026-11-25")).status()).isEqualTo(201);
            assertThat(emsp.call("POST", "/api/v1/fleet/companies/" + acme + "/plan/changes", support, Map.of("planCode",
                    "SUBSCRIPTION", "effectiveFrom", "2026-11-25")).status()).isEqualTo(201);
            assertThat(emsp.call("GET", "/api/v1/driver/me", anna, null).text("planCode")).isEqualTo("PAYG");
            assertThat(energyPrice(emsp, anna)).as("PAYG: 0.39 + 20 %").isEqualByComparingTo("0.4680");

            // A session starts at 23:30 Amsterdam under PAYG and is still running past midnight.
            emsp.ocpi("PUT", "/ocpi/emsp/2.2.1/sessions/DE/ABC/S1", CPO_TOKEN, session("S1", "2026-11-24T22:30:00Z", 10, 4.00));
            emsp.clock.set(Instant.parse("2026-11-24T22:59:59.999Z"));
            anna = emsp.login("anna.tomorrow@example.org", "correct horse battery"); // a login lasts 12 hours
            support = emsp.support();
            assertThat(emsp.call("GET", "/api/v1/driver/me", anna, null).text("planCode")).isEqualTo("PAYG");
            emsp.clock.set(Instant.parse("2026-11-24T23:00:00Z"));
            assertThat(emsp.call("GET", "/api/v1/driver/me", anna, null).text("planCode")).as("from the first millisecond")
                    .isEqualTo("SUBSCRIPTION");
            assertThat(emsp.call("GET", "/api/v1/fleet/companies/" + acme, support, null).text("planCode")).isEqualTo("SUBSCRIPTION");
            assertThat(emsp.call("GET", "/api/v1/fleet/companies", support, null).body())
                    .extracting(c -> c.path("planCode").asText()).containsExactly("SUBSCRIPTION");
            JsonNode login = emsp.call("POST", "/api/v1/driver/login", null, Map.of("email", "anna.tomorrow@example.org",
                    "password", "correct horse battery")).body();
            assertThat(login.path("account").path("planCode").asText()).isEqualTo("SUBSCRIPTION");
            assertThat(energyPrice(emsp, anna)).as("the subscription's own price").isEqualByComparingTo("0.3900");

            // A second session starts at 00:10 under the subscription: of November it holds 25–30, 6 of 30 days, so
            // 50 × 6/30 = 10 kWh are included; 15 kWh so far: 5 × 0.39 = 1.95, VAT 0.4095 → 0.41, 2.36.
            emsp.ocpi("PUT", "/ocpi/emsp/2.2.1/sessions/DE/ABC/S2", CPO_TOKEN, session("S2", "2026-11-24T23:10:00Z", 15, 6.00));
            emsp.clock.set(Instant.parse("2026-11-24T23:30:00Z"));
            JsonNode live = emsp.call("GET", "/api/v1/driver/sessions/live", anna, null).body();
            assertThat(live).extracting(s -> s.path("id").asText() + ":" + num(s.path("driverCost").path("exclVat")) + "/"
                    + num(s.path("driverCost").path("inclVat")))
                    // S1 under PAYG: 4.00 + 20 % = 4.80, VAT 1.008 → 1.01, 5.81.
                    .containsExactlyInAnyOrder("S1:4.8/5.81", "S2:1.95/2.36");

            // Both CDRs are billed as the driver watched them: S1 under PAYG, the plan in force when it started, S2
            // under the subscription with its prorated allowance.
            emsp.ocpi("POST", "/ocpi/emsp/2.2.1/cdrs", CPO_TOKEN, cdr("CDR1", "S1", "2026-11-24T22:30:00Z", "2026-11-24T23:40:00Z", 10, 4.00));
            emsp.ocpi("POST", "/ocpi/emsp/2.2.1/cdrs", CPO_TOKEN, cdr("CDR2", "S2", "2026-11-24T23:10:00Z", "2026-11-24T23:45:00Z", 15, 6.00));
            emsp.clock.set(Instant.parse("2026-12-02T08:00:00Z"));
            anna = emsp.login("anna.tomorrow@example.org", "correct horse battery");
            emsp.server.billing().run(YearMonth.of(2026, 11));
            JsonNode invoices = emsp.call("GET", "/api/v1/invoices?month=2026-11", anna, null).body();
            assertThat(invoices).hasSize(1);
            JsonNode lines = emsp.call("GET", "/api/v1/invoices/" + invoices.get(0).path("number").asText(), anna, null).body()
                    .path("lines");
            assertThat(lines).filteredOn(l -> l.path("kind").asText().equals("CHARGE"))
                    .extracting(l -> l.path("cdrId").asText() + ":" + l.path("planCode").asText() + ":"
                            + num(l.path("amountExclVat")))
                    .containsExactly("CDR1:PAYG:4.8", "CDR2:SUBSCRIPTION:1.95");
        }
    }

    private static BigDecimal energyPrice(TestEmspServer emsp, String bearer) {
        JsonNode near = emsp.call("GET", "/api/v1/driver/chargers?lat=52.52&lon=13.405", bearer, null).body();
        return near.get(0).path("evses").get(0).path("connectors").get(0).path("driverPrice").path("components").get(0)
                .path("exclVat").decimalValue();
    }

    static String num(JsonNode n) {
        return n.decimalValue().stripTrailingZeros().toPlainString();
    }

    static Map<String, Object> session(String id, String start, double kwh, double exclVat) {
        return obj("country_code", "DE", "party_id", "ABC", "id", id, "start_date_time", start, "kwh", kwh,
                "auth_method", "WHITELIST", "cdr_token", obj("country_code", "NL", "party_id", "EVS", "uid", "CAFE0042",
                        "type", "RFID", "contract_id", "NL-EVS-C00000042-X"),
                "location_id", "L1", "evse_uid", "L1-1", "connector_id", "1", "currency", "EUR",
                "total_cost", obj("excl_vat", exclVat), "status", "ACTIVE", "last_updated", start);
    }

    static Map<String, Object> cdr(String id, String session, String start, String end, double kwh, double exclVat) {
        return obj("country_code", "DE", "party_id", "ABC", "id", id, "session_id", session, "start_date_time", start,
                "end_date_time", end, "cdr_token", obj("country_code", "NL", "party_id", "EVS", "uid", "CAFE0042",
                        "type", "RFID", "contract_id", "NL-EVS-C00000042-X"),
                "cdr_location", obj("id", "L1", "evse_uid", "L1-1", "connector_id", "1"), "currency", "EUR",
                "charging_periods", List.of(), "total_cost", obj("excl_vat", exclVat), "total_energy", kwh,
                "total_time", 1.0, "last_updated", end);
    }
}
