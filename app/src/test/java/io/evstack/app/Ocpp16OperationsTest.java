package io.evstack.app;

import static io.evstack.app.Ocpp16TransactionFlowTest.boot;
import static io.evstack.app.TestCharger.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evstack.csms.CsmsException;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.ocpp16.Ocpp16Operations;
import io.evstack.csms.reservation.Reservation;
import io.evstack.csms.reservation.ReservationService;
import io.evstack.db.Database;
import io.evstack.db.TestDatabases;
import io.evstack.ocpp.v16.*;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every CSMS-initiated 1.6 operation, sent through the real server to a charger that answers it. */
class Ocpp16OperationsTest {

    private static <R> R await(java.util.concurrent.CompletableFuture<R> f) {
        return Ocpp16Operations.await(f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void everyOperationRoundTripsAndItsEffectIsRecorded(Database db) throws Exception {
        try (Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT);
                TestCharger charger = TestCharger.connect(stack.ocppPort(), "OPS-1", null)) {
            charger.call("BootNotification", boot());
            stack.authorization().create("TAG-A", null, null, false, 1, null);
            stack.authorization().create("TAG-B", "TAG-A", null, false, 1, null);
            var ops = stack.operations();
            String id = "OPS-1";
            ObjectNode accepted = obj().put("status", "Accepted");
            for (String action : List.of("ChangeAvailability", "ChangeConfiguration", "ClearCache", "RemoteStartTransaction",
                    "RemoteStopTransaction", "Reset", "ReserveNow", "CancelReservation", "SetChargingProfile",
                    "ClearChargingProfile", "TriggerMessage", "SendLocalList")) {
                charger.answer(action, req -> accepted);
            }
            charger.answer("UnlockConnector", req -> obj().put("status", "Unlocked"));
            charger.answer("DataTransfer", req -> obj().put("status", "Accepted").put("data", "pong"));
            charger.answer("GetDiagnostics", req -> obj().put("fileName", "diag-OPS-1.zip"));
            charger.answer("UpdateFirmware", req -> obj());
            charger.answer("GetLocalListVersion", req -> obj().put("listVersion", 7));
            charger.answer("GetCompositeSchedule", req -> obj().put("status", "Accepted").put("connectorId", 1));
            charger.answer("GetConfiguration", req -> {
                ObjectNode res = obj();
                res.putArray("configurationKey")
                        .add(obj().put("key", "HeartbeatInterval").put("readonly", false).put("value", "300"))
                        .add(obj().put("key", "NumberOfConnectors").put("readonly", true).put("value", "2"));
                res.putArray("unknownKey").add("Nope");
                return res;
            });

            assertThat(await(ops.changeAvailability(id, new ChangeAvailability().withConnectorId(0)
                    .withType(ChangeAvailability.Type.INOPERATIVE))).getStatus().value()).isEqualTo("Accepted");
            assertThat(await(ops.changeConfiguration(id, new ChangeConfiguration().withKey("MeterValueSampleInterval")
                    .withValue("60"))).getStatus().value()).isEqualTo("Accepted");
            assertThat(await(ops.clearCache(id, new ClearCache())).getStatus().value()).isEqualTo("Accepted");
            var config = await(ops.getConfiguration(id, new GetConfiguration()));
            assertThat(config.getUnknownKey()).containsExactly("Nope");
            assertThat(ops.configuration(id)).extracting(k -> k.key() + "=" + k.value() + (k.readonly() ? " ro" : ""))
                    .contains("HeartbeatInterval=300", "NumberOfConnectors=2 ro", "MeterValueSampleInterval=60");
            assertThat(await(ops.getDiagnostics(id, new GetDiagnostics().withLocation(java.net.URI.create("ftp://logs.example/"))))
                    .getFileName()).isEqualTo("diag-OPS-1.zip");
            assertThat(await(ops.remoteStartTransaction(id, new RemoteStartTransaction().withConnectorId(1).withIdTag("TAG-A")
                    .withChargingProfile(txProfile(null)))).getStatus().value()).isEqualTo("Accepted");
            assertThat(await(ops.remoteStopTransaction(id, new RemoteStopTransaction().withTransactionId(5)))
                    .getStatus().value()).isEqualTo("Accepted");
            assertThat(await(ops.reset(id, new Reset().withType(Reset.Type.SOFT))).getStatus().value()).isEqualTo("Accepted");
            assertThat(await(ops.unlockConnector(id, new UnlockConnector().withConnectorId(1))).getStatus().value())
                    .isEqualTo("Unlocked");
            assertThat(await(ops.updateFirmware(id, new UpdateFirmware().withLocation(java.net.URI.create("https://fw.example/1.3.bin"))
                    .withRetrieveDate(OffsetDateTime.now(ZoneOffset.UTC))))).isNotNull();
            assertThat(await(ops.getLocalListVersion(id, new GetLocalListVersion())).getListVersion()).isEqualTo(7);
            assertThat(await(ops.sendLocalList(id, SendLocalList.UpdateType.FULL, null)).getStatus().value()).isEqualTo("Accepted");
            assertThat(stack.chargePoints().get(id).localListVersion()).isEqualTo(8);
            JsonNode sentList = lastCall(charger, "SendLocalList");
            assertThat(sentList.get("listVersion").asInt()).isEqualTo(8);
            assertThat(sentList.get("localAuthorizationList")).hasSize(2);
            assertThat(sentList.at("/localAuthorizationList/1/idTagInfo/parentIdTag").asText()).isEqualTo("TAG-A");

            // ReserveNow: our id goes to the charger, the reservation takes its answer.
            var reserve = await(ops.reserveNow(id, new ReserveNow().withConnectorId(2).withIdTag("TAG-A")
                    .withExpiryDate(OffsetDateTime.now(ZoneOffset.UTC).plusHours(1)).withReservationId(0)));
            assertThat(reserve.getStatus().value()).isEqualTo("Accepted");
            int reservationId = lastCall(charger, "ReserveNow").get("reservationId").asInt();
            var reservations = new ReservationService(db.dsl(), Clock.systemUTC());
            assertThat(reservations.get(reservationId).status()).isEqualTo(Reservation.Status.Accepted);
            assertThat(await(ops.cancelReservation(id, new CancelReservation().withReservationId(reservationId)))
                    .getStatus().value()).isEqualTo("Accepted");
            assertThat(reservations.get(reservationId).status()).isEqualTo(Reservation.Status.Cancelled);

            var set = await(ops.setChargingProfile(id, new SetChargingProfile().withConnectorId(0)
                    .withCsChargingProfiles(maxProfile())));
            assertThat(set.getStatus().value()).isEqualTo("Accepted");
            JsonNode sentProfile = lastCall(charger, "SetChargingProfile");
            assertThat(sentProfile.at("/csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit").asDouble())
                    .isEqualTo(32.0);
            assertThat(await(ops.getCompositeSchedule(id, new GetCompositeSchedule().withConnectorId(1).withDuration(3600)))
                    .getStatus().value()).isEqualTo("Accepted");
            assertThat(await(ops.clearChargingProfile(id, new ClearChargingProfile().withConnectorId(0)))
                    .getStatus().value()).isEqualTo("Accepted");
            assertThat(await(ops.triggerMessage(id, new TriggerMessage().withRequestedMessage(
                    TriggerMessage.RequestedMessage.STATUS_NOTIFICATION))).getStatus().value()).isEqualTo("Accepted");
            var data = await(ops.dataTransfer(id, new DataTransfer().withVendorId("io.evstack").withMessageId("ping")));
            assertThat(data.getData()).isEqualTo("pong");
        }
    }

    @Test
    void reservedConnectorStartsOnlyForItsTagOrItsParent() throws Exception {
        try (Database db = TestDatabases.h2();
                Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT);
                TestCharger charger = TestCharger.connect(stack.ocppPort(), "RES-1", null)) {
            charger.call("BootNotification", boot());
            stack.authorization().create("OWNER", null, null, false, 1, null);
            stack.authorization().create("SIBLING", "FAMILY", null, false, 1, null);
            stack.authorization().create("FAMILY", null, null, false, 0, null);
            stack.authorization().create("OTHER", null, null, false, 1, null);
            stack.authorization().update("OWNER", "FAMILY", null, false, 1, null);
            charger.answer("ReserveNow", req -> obj().put("status", "Accepted"));
            charger.answer("RemoteStartTransaction", req -> obj().put("status", "Accepted"));
            await(stack.operations().reserveNow("RES-1", new ReserveNow().withConnectorId(1).withIdTag("OWNER")
                    .withExpiryDate(OffsetDateTime.now(ZoneOffset.UTC).plusHours(1))));

            assertThatThrownBy(() -> stack.operations().remoteStartTransaction("RES-1",
                    new RemoteStartTransaction().withConnectorId(1).withIdTag("OTHER")))
                    .isInstanceOf(CsmsException.class).hasMessageContaining("reserved");
            JsonNode other = charger.call("StartTransaction", obj().put("connectorId", 1).put("idTag", "OTHER")
                    .put("meterStart", 0).put("timestamp", Instant.now().toString()));
            assertThat(other.at("/idTagInfo/status").asText()).isEqualTo("Invalid");
            JsonNode sibling = charger.call("StartTransaction", obj().put("connectorId", 1).put("idTag", "SIBLING")
                    .put("meterStart", 0).put("timestamp", Instant.now().plusSeconds(1).toString()));
            assertThat(sibling.at("/idTagInfo/status").asText()).isEqualTo("Accepted");
            var tx = stack.transactions().get(sibling.get("transactionId").asLong());
            assertThat(tx.reservationId()).isNotNull();
        }
    }

    @Test
    void operationOnADisconnectedChargerFailsAtOnce() throws Exception {
        try (Database db = TestDatabases.h2(); Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT)) {
            stack.chargePoints().register("OFF-1", null, null, 0, null);
            long started = System.nanoTime();
            assertThatThrownBy(() -> await(stack.operations().reset("OFF-1", new Reset().withType(Reset.Type.HARD))))
                    .isInstanceOf(CsmsException.class)
                    .satisfies(e -> assertThat(((CsmsException) e).kind()).isEqualTo(CsmsException.Kind.CHARGER_UNAVAILABLE));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1000);
        }
    }

    @Test
    void aChargerThatDoesNotAnswerTimesOut() throws Exception {
        try (Database db = TestDatabases.h2();
                Stack stack = TestStacks.start(db, UnknownChargerPolicy.ACCEPT);
                TestCharger charger = TestCharger.connect(stack.ocppPort(), "MUTE-1", null)) {
            charger.call("BootNotification", boot());
            assertThatThrownBy(() -> await(stack.operations().clearCache("MUTE-1", new ClearCache())))
                    .isInstanceOf(CsmsException.class)
                    .satisfies(e -> assertThat(((CsmsException) e).kind()).isEqualTo(CsmsException.Kind.TIMEOUT));
        }
    }

    private static JsonNode lastCall(TestCharger charger, String action) {
        JsonNode found = null;
        for (JsonNode call : charger.receivedCalls) {
            if (call.get(2).asText().equals(action)) {
                found = call.get(3);
            }
        }
        assertThat(found).as("a %s call", action).isNotNull();
        return found;
    }

    private static ChargingProfile txProfile(Integer transactionId) {
        return new ChargingProfile().withChargingProfileId(1).withStackLevel(1).withTransactionId(transactionId)
                .withChargingProfilePurpose(ChargingProfilePurposeType.TX_PROFILE)
                .withChargingProfileKind(ChargingProfileKindType.RELATIVE)
                .withChargingSchedule(new ChargingSchedule().withChargingRateUnit(ChargingRateUnitType.A)
                        .withChargingSchedulePeriod(List.of(new ChargingSchedulePeriod().withStartPeriod(0).withLimit(16.0))));
    }

    private static ChargingProfile maxProfile() {
        return new ChargingProfile().withChargingProfileId(1).withStackLevel(0)
                .withChargingProfilePurpose(ChargingProfilePurposeType.CHARGE_POINT_MAX_PROFILE)
                .withChargingProfileKind(ChargingProfileKindType.ABSOLUTE)
                .withChargingSchedule(new ChargingSchedule().withChargingRateUnit(ChargingRateUnitType.A)
                        .withStartSchedule(OffsetDateTime.now(ZoneOffset.UTC))
                        .withChargingSchedulePeriod(List.of(new ChargingSchedulePeriod().withStartPeriod(0).withLimit(32.0))));
    }
}
