package io.evstack.emsp.ocpi;

import static io.evstack.db.generated.Tables.EMSP_AUTHORIZATION;
import static io.evstack.emsp.TestEmspServer.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.db.Database;
import io.evstack.emsp.TestEmspServer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real-time authorization (OCPI 2.2.1 section 12.2.2.2): the authorization_reference we give a CPO is kept,
 * and the Session and CDR it sends back with that reference (9.3.1, 10.3.1) are tied to it; the reference
 * carried by another CPO, or for another token, is not.
 */
class AuthorizationReferenceTest {
    private static final String TOKEN_B = "token-b-of-abc";
    private static final String OTHER_TOKEN_B = "token-b-of-oth";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void theSessionAndCdrCarryingOurReferenceAreLinkedToIt(Database db) {
        try (var emsp = new TestEmspServer(db)) {
            emsp.registeredCpo("Some CPO", "DE", "ABC", TOKEN_B, "http://127.0.0.1:1/ocpi/cpo/2.2.1/tokens");
            emsp.registeredCpo("Other CPO", "BE", "OTH", OTHER_TOKEN_B, "http://127.0.0.1:1/ocpi/oth/2.2.1/tokens");
            String driver = emsp.driver("rita@example.com");
            assertThat(emsp.call("POST", "/api/v1/driver/tokens", driver, Map.of("uid", "04A1B2C3D4")).status()).isEqualTo(201);
            assertThat(emsp.call("POST", "/api/v1/driver/tokens", driver, Map.of("uid", "04FFFFFFFF")).status()).isEqualTo(201);

            var answer = emsp.ocpi("POST", "/ocpi/emsp/2.2.1/tokens/04A1B2C3D4/authorize?type=RFID", TOKEN_B,
                    Map.of("location_id", "LOC-1"));
            assertThat(answer.body().path("data").path("allowed").asText()).isEqualTo("ALLOWED");
            String reference = answer.body().path("data").path("authorization_reference").asText();
            var issued = emsp.server.ocpi().authorization(reference).orElseThrow();
            assertThat(issued.cpo()).isEqualTo("Some CPO");
            assertThat(issued.tokenUid()).isEqualTo("04A1B2C3D4");
            assertThat(issued.locationId()).isEqualTo("LOC-1");
            assertThat(issued.issuedAt()).isEqualTo(emsp.clock.instant());
            assertThat(issued.sessionId()).isNull();

            var session = obj("country_code", "DE", "party_id", "ABC", "id", "S-1", "start_date_time", "2026-11-24T09:01:00Z",
                    "kwh", 0, "cdr_token", token("04A1B2C3D4"), "auth_method", "AUTH_REQUEST",
                    "authorization_reference", reference, "location_id", "LOC-1", "evse_uid", "LOC-1-1",
                    "connector_id", "1", "currency", "EUR", "status", "ACTIVE", "last_updated", "2026-11-24T09:01:00Z");
            assertThat(emsp.ocpi("PUT", "/ocpi/emsp/2.2.1/sessions/DE/ABC/S-1", TOKEN_B, session).status()).isEqualTo(200);
            assertThat(emsp.server.ocpi().authorization(reference).orElseThrow().sessionId()).isEqualTo("S-1");

            // Another CPO, and the right CPO for another token, cannot claim our reference.
            assertThat(emsp.ocpi("POST", "/ocpi/emsp/2.2.1/cdrs", OTHER_TOKEN_B, cdr("BE", "OTH", "CDR-X", "04A1B2C3D4",
                    reference)).status()).isEqualTo(200);
            assertThat(emsp.ocpi("POST", "/ocpi/emsp/2.2.1/cdrs", TOKEN_B, cdr("DE", "ABC", "CDR-Y", "04FFFFFFFF",
                    reference)).status()).isEqualTo(200);
            assertThat(emsp.server.ocpi().authorization(reference).orElseThrow().cdrId()).isNull();

            assertThat(emsp.ocpi("POST", "/ocpi/emsp/2.2.1/cdrs", TOKEN_B, cdr("DE", "ABC", "CDR-1", "04A1B2C3D4",
                    reference)).status()).isEqualTo(200);
            var linked = emsp.server.ocpi().authorization(reference).orElseThrow();
            assertThat(linked.cdrId()).isEqualTo("CDR-1");
            assertThat(linked.sessionId()).isEqualTo("S-1");

            // No reference is given, or kept, for a token that is refused.
            assertThat(emsp.call("POST", "/api/v1/driver/tokens/04FFFFFFFF/block", driver, null).status()).isEqualTo(200);
            var refused = emsp.ocpi("POST", "/ocpi/emsp/2.2.1/tokens/04FFFFFFFF/authorize", TOKEN_B, null);
            assertThat(refused.body().path("data").path("allowed").asText()).isEqualTo("BLOCKED");
            assertThat(db.dsl().fetchCount(EMSP_AUTHORIZATION)).isEqualTo(1);
        }
    }

    private static Map<String, Object> token(String uid) {
        return obj("country_code", "NL", "party_id", "EVS", "uid", uid, "type", "RFID", "contract_id", "NL-EVS-C00000001-X");
    }

    private static Map<String, Object> cdr(String cc, String pid, String id, String uid, String reference) {
        return obj("country_code", cc, "party_id", pid, "id", id, "start_date_time", "2026-11-24T09:01:00Z",
                "end_date_time", "2026-11-24T10:01:00Z", "session_id", "S-1", "cdr_token", token(uid),
                "auth_method", "AUTH_REQUEST", "authorization_reference", reference,
                "cdr_location", obj("id", "LOC-1", "country", "DEU", "evse_uid", "LOC-1-1", "connector_id", "1"),
                "currency", "EUR", "charging_periods", java.util.List.of(), "total_cost", obj("excl_vat", 0),
                "total_energy", 0, "total_time", 1, "last_updated", "2026-11-24T10:01:00Z");
    }
}
