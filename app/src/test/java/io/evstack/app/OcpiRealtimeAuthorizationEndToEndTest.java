package io.evstack.app;

import static io.evstack.app.OcpiBridgeEndToEndTest.call;
import static io.evstack.app.OcpiBridgeEndToEndTest.token;
import static io.evstack.app.OcpiCommandsEndToEndTest.BASE;
import static io.evstack.app.OcpiHubAndRoutingEndToEndTest.registerAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.db.Database;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A token nobody pushed to us is authorized in real time by its eMSP (OCPI 2.2.1 section 12.2.1.2); the
 * transaction it then starts is that eMSP's: the Session and the CDR go to it, carry the token as the eMSP
 * described it and the authorization_reference of the eMSP's answer (sections 9.3.1 and 10.3.1), over real
 * HTTP to a test eMSP on loopback.
 */
class OcpiRealtimeAuthorizationEndToEndTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void theSessionAndCdrOfARealTimeAuthorizedTokenCarryTheEmspsReference(Database db) throws Exception {
        try (Stack stack = OcpiCommandsEndToEndTest.start(db); TestEmsp emsp = new TestEmsp("NL", "TST");
                TestCharger cp = TestCharger.connect(stack.ocppPort(), "RT-1", null)) {
            String tokenC = registerAs(stack, emsp, "EMSP", "NL", "TST");
            cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
            cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));

            // the driver shows a card we do not know: its eMSP says yes, with a reference
            JsonNode authorized = cp.call("Authorize", Map.of("idTag", "ROAM-7"));
            assertThat(authorized.at("/idTagInfo/status").asText()).isEqualTo("Accepted");
            assertThat(emsp.received("POST", "/tokens/ROAM-7/authorize")).hasSize(1);

            Instant t0 = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            JsonNode started = cp.call("StartTransaction", Map.of("connectorId", 1, "idTag", "ROAM-7", "meterStart", 0,
                    "timestamp", t0.toString()));
            assertThat(started.at("/idTagInfo/status").asText()).isEqualTo("Accepted");
            int txId = started.path("transactionId").asInt();
            // the CSMS asks again at the start: the authorization in force is the latest one the eMSP gave
            String reference = "auth-ref-" + emsp.authorizations.get();

            await().atMost(Duration.ofSeconds(15)).until(() -> !emsp.received("PUT", "/sessions/DE/EVS/" + txId).isEmpty());
            JsonNode session = emsp.received("PUT", "/sessions/DE/EVS/" + txId).getFirst().body();
            assertThat(session.path("authorization_reference").asText()).isEqualTo(reference);
            assertThat(session.path("auth_method").asText()).isEqualTo("AUTH_REQUEST");
            assertThat(session.at("/cdr_token/uid").asText()).isEqualTo("ROAM-7");
            assertThat(session.at("/cdr_token/country_code").asText()).isEqualTo("NL");
            assertThat(session.at("/cdr_token/party_id").asText()).isEqualTo("TST");
            assertThat(session.at("/cdr_token/contract_id").asText()).isEqualTo("NL-TST-ROAM-7");
            // the eMSP finds it by GET too (the session is its own, section 4.1.4.1)
            JsonNode listed = call(stack, "GET", BASE + "/sessions", token(tokenC), null).json().path("data");
            assertThat(listed.findValuesAsText("id")).contains(Integer.toString(txId));

            cp.call("StopTransaction", Map.of("transactionId", txId, "meterStop", 6000,
                    "timestamp", t0.plus(25, ChronoUnit.MINUTES).toString(), "reason", "EVDisconnected"));
            await().atMost(Duration.ofSeconds(15)).until(() -> !emsp.received("POST", "/cdrs").isEmpty());
            JsonNode cdr = emsp.received("POST", "/cdrs").getFirst().body();
            assertThat(cdr.path("session_id").asText()).isEqualTo(Integer.toString(txId));
            assertThat(cdr.path("authorization_reference").asText()).isEqualTo(reference);
            assertThat(cdr.at("/cdr_token/uid").asText()).isEqualTo("ROAM-7");
            assertThat(cdr.path("total_energy").decimalValue()).isEqualByComparingTo("6");

            // a reference is used once: the next transaction of the token, authorized anew, has the new one
            JsonNode again = cp.call("StartTransaction", Map.of("connectorId", 1, "idTag", "ROAM-7", "meterStart", 6000,
                    "timestamp", t0.plus(26, ChronoUnit.MINUTES).toString()));
            int tx2 = again.path("transactionId").asInt();
            String second = "auth-ref-" + emsp.authorizations.get();
            assertThat(second).isNotEqualTo(reference);
            await().atMost(Duration.ofSeconds(15)).until(() -> !emsp.received("PUT", "/sessions/DE/EVS/" + tx2).isEmpty());
            assertThat(emsp.received("PUT", "/sessions/DE/EVS/" + tx2).getFirst().body().path("authorization_reference").asText())
                    .isEqualTo(second);
        }
    }
}
