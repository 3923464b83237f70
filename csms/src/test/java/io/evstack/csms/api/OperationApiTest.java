package io.evstack.csms.api;

import static io.evstack.db.generated.Tables.CHARGING_PROFILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.CsmsException;
import io.evstack.csms.CsmsException.Kind;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.csms.reservation.Reservation;
import io.evstack.csms.reservation.ReservationRepository;
import io.evstack.ocpp.rpc.ErrorCode;
import io.evstack.ocpp.rpc.OcppException;
import io.evstack.ocpp.server.CallTimeoutException;
import io.evstack.ocpp.server.ChargerNotConnectedException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operations against a registered charger that is not connected: what the API answers without a charger. */
class OperationApiTest {
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
    void data() {
        api.reset();
        api.chargePoints.register("CP-1", null, RegistrationStatus.Accepted, 0, null);
    }

    @Test
    void disconnectedChargerIs503WithMessage() {
        String message = api.post("/api/v1/charge-points/CP-1/operations/Reset", "{\"type\":\"Hard\"}").error(503);
        assertThat(message).contains("CP-1").contains("not connected");
        api.post("/api/v1/charge-points/CP-1/operations/reset", "{\"type\":\"Soft\"}").error(503);
        api.post("/api/v1/charge-points/CP-1/operations/ClearCache", null).error(503);
        api.post("/api/v1/charge-points/CP-1/operations/GetConfiguration", "{\"key\":[\"HeartbeatInterval\"]}")
                .error(503);
        api.post("/api/v1/charge-points/CP-1/operations/ReserveNow", "{\"connectorId\":1,\"idTag\":\"T\","
                + "\"reservationId\":1,\"expiryDate\":\"2099-01-01T00:00:00Z\"}").error(503);
        api.post("/api/v1/charge-points/CP-1/operations/SetChargingProfile", "{\"connectorId\":1,"
                + "\"csChargingProfiles\":{\"chargingProfileId\":1,\"stackLevel\":0,"
                + "\"chargingProfilePurpose\":\"TxDefaultProfile\",\"chargingProfileKind\":\"Absolute\","
                + "\"chargingSchedule\":{\"chargingRateUnit\":\"A\",\"chargingSchedulePeriod\":"
                + "[{\"startPeriod\":0,\"limit\":16.0}]}}}").error(503);

        api.post("/api/v1/charge-points/CP-1/reset", "{\"type\":\"Hard\"}").error(503);
        api.post("/api/v1/charge-points/CP-1/remote-start", "{\"idTag\":\"TAG\",\"connectorId\":1}").error(503);
        api.post("/api/v1/charge-points/CP-1/remote-stop", "{\"transactionId\":7}").error(503);
        api.post("/api/v1/charge-points/CP-1/local-list", "{\"updateType\":\"Full\"}").error(503);
        api.post("/api/v1/charge-points/CP-1/local-list", "{\"updateType\":\"Differential\",\"idTags\":[\"GONE\"]}")
                .error(503);
    }

    @Test
    void nothingIsStoredForAChargerThatIsAway() {
        api.post("/api/v1/charge-points/CP-1/remote-start", "{\"idTag\":\"T\",\"connectorId\":1,"
                + "\"chargingProfile\":{\"chargingProfileId\":1,\"stackLevel\":0,\"chargingProfilePurpose\":\"TxProfile\","
                + "\"chargingProfileKind\":\"Absolute\",\"chargingSchedule\":{\"chargingRateUnit\":\"A\","
                + "\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":16}]}}}").error(503);
        assertThat(api.db.dsl().fetchCount(CHARGING_PROFILE)).isZero();
        api.post("/api/v1/charge-points/CP-1/reservations", "{\"connectorId\":1,\"idTag\":\"T\","
                + "\"expiryDate\":\"2099-01-01T00:00:00Z\"}").error(503);
        assertThat(api.get("/api/v1/reservations").ok(200)).isEmpty();
    }

    @Test
    void unknownActionListsTheActions() {
        var response = api.post("/api/v1/charge-points/CP-1/operations/Explode", "{}");
        assertThat(response.error(404)).contains("Explode");
        List<String> allowed = new ArrayList<>();
        response.json().path("allowed").forEach(a -> allowed.add(a.asText()));
        assertThat(allowed).contains("Reset", "RemoteStartTransaction", "GetLog", "SendLocalList");
        List<String> listed = new ArrayList<>();
        api.get("/api/v1/operations").ok(200).forEach(a -> listed.add(a.asText()));
        assertThat(allowed).containsExactlyElementsOf(listed);
    }

    @Test
    void unknownChargerIs404() {
        assertThat(api.post("/api/v1/charge-points/NOPE/operations/Reset", "{\"type\":\"Hard\"}").error(404))
                .contains("NOPE");
        api.post("/api/v1/charge-points/NOPE/reset", "{\"type\":\"Hard\"}").error(404);
        api.post("/api/v1/charge-points/NOPE/local-list", "{\"updateType\":\"Full\"}").error(404);
        api.post("/api/v1/charge-points/NOPE/reservations", "{\"connectorId\":1,\"idTag\":\"T\","
                + "\"expiryDate\":\"2099-01-01T00:00:00Z\"}").error(404);
    }

    @Test
    void payloadsThatDoNotFitAre400s() {
        String reset = "/api/v1/charge-points/CP-1/operations/Reset";
        assertThat(api.post(reset, "{\"type\":").error(400)).startsWith("Malformed JSON");
        assertThat(api.post(reset, "{\"type\":\"Hardest\"}").error(400)).contains("type").contains("Hard, Soft");
        assertThat(api.post(reset, "{\"type\":\"Hard\",\"when\":\"now\"}").error(400)).contains("when");
        assertThat(api.post(reset, "{}").error(400)).isEqualTo("'type' is required");
        api.post(reset, "[]").error(400);
        api.post(reset, "{\"type\":7}").error(400);

        String remoteStart = "/api/v1/charge-points/CP-1/remote-start";
        assertThat(api.post(remoteStart, "{\"idTag\":\"" + "x".repeat(21) + "\"}").error(400))
                .contains("idTag").contains("20");
        api.post(remoteStart, "{\"idTag\":\"T\",\"connectorId\":\"one\"}").error(400);
        assertThat(api.post(remoteStart, "{\"idTag\":\"T\",\"chargingProfile\":{\"chargingProfileId\":1}}").error(400))
                .contains("chargingProfile.");
        assertThat(api.post("/api/v1/charge-points/CP-1/operations/SetChargingProfile", "{\"connectorId\":1,"
                + "\"csChargingProfiles\":{\"chargingProfileId\":1,\"stackLevel\":0,"
                + "\"chargingProfilePurpose\":\"TxDefaultProfile\",\"chargingProfileKind\":\"Absolute\","
                + "\"chargingSchedule\":{\"chargingRateUnit\":\"A\",\"chargingSchedulePeriod\":[{\"limit\":16}]}}}")
                .error(400)).isEqualTo("'csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].startPeriod' "
                + "is required");
        api.post("/api/v1/charge-points/CP-1/operations/ChangeAvailability",
                "{\"connectorId\":0,\"type\":\"Operative\",\"validFrom\":\"x\"}").error(400);

        api.post("/api/v1/charge-points/CP-1/local-list", "{}").error(400);
        assertThat(api.post("/api/v1/charge-points/CP-1/local-list", "{\"updateType\":\"FULL\"}").error(400))
                .contains("Full, Differential");
        api.post("/api/v1/charge-points/CP-1/local-list", "{\"updateType\":\"Full\",\"idTags\":[\"\"]}").error(400);
    }

    @Test
    void noActionAnswersAnEmptyPayloadWithA500() {
        List<String> actions = new ArrayList<>();
        api.get("/api/v1/operations").ok(200).forEach(a -> actions.add(a.asText()));
        for (String action : actions) {
            var response = api.post("/api/v1/charge-points/CP-1/operations/" + action, "{}");
            assertThat(response.status()).as(action + ": " + response.body()).isIn(400, 503);
            response.error(response.status());
        }
    }

    @Test
    void failuresOfTheCallMapToGatewayStatuses() {
        assertThatThrownBy(() -> OperationRoutes.await(CompletableFuture::new, Duration.ofMillis(50)))
                .isInstanceOfSatisfying(CsmsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        assertThatThrownBy(() -> OperationRoutes.await(() -> CompletableFuture.failedFuture(
                new CallTimeoutException("CP-1", "Reset", Duration.ofSeconds(30)))))
                .isInstanceOfSatisfying(CsmsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        assertThatThrownBy(() -> OperationRoutes.await(() -> CompletableFuture.failedFuture(
                new OcppException(ErrorCode.NOT_SUPPORTED, "no Reset here"))))
                .isInstanceOfSatisfying(CsmsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CHARGER_ERROR))
                .hasMessageContaining("no Reset here");
        assertThatThrownBy(() -> OperationRoutes.await(() -> {
            throw new ChargerNotConnectedException("CP-1");
        })).isInstanceOfSatisfying(CsmsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CHARGER_UNAVAILABLE));
        assertThat(OperationRoutes.await(() -> CompletableFuture.completedFuture("answer"))).isEqualTo("answer");
    }

    @Test
    void reservations() {
        long cpPk = api.chargePoints.requirePk("CP-1");
        var repo = new ReservationRepository(api.db.dsl());
        Instant now = Instant.now();
        long held = repo.insert(cpPk, 1, "TAG-1", null, now.plus(1, ChronoUnit.HOURS), now);
        repo.updateStatus(held, Reservation.Status.Accepted, now);
        long cancelled = repo.insert(cpPk, 2, "TAG-2", "PARENT", now.plus(1, ChronoUnit.HOURS), now);
        repo.updateStatus(cancelled, Reservation.Status.Cancelled, now);

        JsonNode all = api.get("/api/v1/reservations").ok(200);
        assertThat(all).hasSize(2);
        assertThat(all.get(0).path("id").asLong()).isEqualTo(cancelled);
        assertThat(all.get(0).path("parentIdTag").asText()).isEqualTo("PARENT");
        assertThat(all.get(0).path("status").asText()).isEqualTo("Cancelled");
        JsonNode active = api.get("/api/v1/reservations?active=true&chargePointId=CP-1").ok(200);
        assertThat(active).hasSize(1);
        assertThat(active.get(0).path("id").asLong()).isEqualTo(held);
        assertThat(active.get(0).path("chargePointId").asText()).isEqualTo("CP-1");
        assertThat(api.get("/api/v1/reservations?chargePointId=CP-2").ok(200)).isEmpty();
        api.get("/api/v1/reservations?active=yes").error(400);

        assertThat(api.get("/api/v1/reservations/" + held).ok(200).path("idTag").asText()).isEqualTo("TAG-1");
        api.get("/api/v1/reservations/999999").error(404);
        api.get("/api/v1/reservations/x").error(400);

        assertThat(api.delete("/api/v1/reservations/" + held).error(503)).contains("not connected");
        assertThat(api.delete("/api/v1/reservations/" + cancelled).error(409)).contains("Cancelled");
        api.delete("/api/v1/reservations/999999").error(404);

        String reserve = "/api/v1/charge-points/CP-1/reservations";
        api.post(reserve, "{\"connectorId\":1,\"idTag\":\"T\",\"expiryDate\":\"2099-01-01T00:00:00Z\"}").error(503);
        assertThat(api.post(reserve, "{\"connectorId\":1,\"idTag\":\"T\"}").error(400)).contains("expiryDate");
        api.post(reserve, "{\"connectorId\":-1,\"idTag\":\"T\",\"expiryDate\":\"2099-01-01T00:00:00Z\"}").error(400);
        api.post(reserve, "{\"connectorId\":1,\"idTag\":\"T\",\"expiryDate\":\"soon\"}").error(400);
        // Nothing was stored for the refused requests.
        assertThat(api.get("/api/v1/reservations").ok(200)).hasSize(2);
    }
}
