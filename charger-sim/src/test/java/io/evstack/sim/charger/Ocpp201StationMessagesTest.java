package io.evstack.sim.charger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.ocpp.rpc.OcppSchemas;
import io.evstack.ocpp.v16.StatusNotification;
import io.evstack.sim.model.ChargerModel;
import io.evstack.sim.model.ChargerModels;
import io.evstack.sim.model.EvModels;
import io.evstack.sim.model.Vehicle;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a 2.0.1 simulated charger sends is valid 2.0.1 and reads its meter the way the 1.6 messages do. */
class Ocpp201StationMessagesTest {
    private static final Instant T = Instant.parse("2030-03-04T10:00:00Z");

    private final ChargerModel dc = ChargerModels.get("dc-150");
    private final Ocpp201StationMessages messages = new Ocpp201StationMessages(dc);

    private ConnectorSim chargingConnector() {
        ConnectorSim c = new ConnectorSim(dc.connectors().get(0), 12_345.4);
        c.ev = new PluggedEv(new Vehicle("car", EvModels.get("midsize-60"), 0.3, 0.8, T, T.plusSeconds(3600), "CARD1"));
        c.session = new Session(c.id(), "CARD1", null, T, 12_345);
        c.draw = new Draw(90_000.04, 225, 0, 400, 150_000, 375);
        c.status = StatusNotification.Status.CHARGING;
        return c;
    }

    private static void assertValid(String schema, JsonNode payload) {
        assertThat(OcppSchemas.shared().validate("ocpp/schemas/v201/" + schema + ".json", payload))
                .as(schema + " " + payload).isEmpty();
    }

    @Test
    void everyRequestMatchesItsSchema() {
        ConnectorSim c = chargingConnector();
        assertValid("BootNotificationRequest", messages.boot("SIM-DC-0001", "1.4.2", "PowerUp"));
        assertValid("HeartbeatRequest", messages.heartbeat());
        assertValid("StatusNotificationRequest", messages.status(c, T));
        assertValid("AuthorizeRequest", messages.authorize("CARD1"));
        assertValid("TransactionEventRequest", messages.transactionEvent("Started", "Authorized", 0, "tx-1", c, "CARD1",
                null, messages.meterValue(c, "Transaction.Begin", T), T));
        assertValid("TransactionEventRequest", messages.transactionEvent("Updated", "MeterValuePeriodic", 1, "tx-1", c,
                null, null, messages.meterValue(c, "Sample.Periodic", T), T));
        assertValid("TransactionEventRequest", messages.transactionEvent("Ended", "StopAuthorized", 2, "tx-1", c, "CARD1",
                "Local", messages.meterValue(c, "Transaction.End", T), T));
        assertValid("MeterValuesRequest", messages.meterValues(c, "Trigger", T));
        assertValid("NotifyEVChargingNeedsRequest", messages.evChargingNeeds(c));
    }

    @Test
    void meterReadingCarriesEnergyPowerAndSocOfTheConnector() {
        ConnectorSim c = chargingConnector();
        JsonNode started = messages.transactionEvent("Started", "Authorized", 0, "tx-1", c, "CARD1", null,
                messages.meterValue(c, "Sample.Periodic", T), T);
        assertThat(started.at("/transactionInfo/chargingState").asText()).isEqualTo("Charging");
        assertThat(started.at("/evse/id").asInt()).isEqualTo(1);
        assertThat(started.at("/idToken/type").asText()).isEqualTo("ISO14443");
        JsonNode sampled = started.at("/meterValue/0/sampledValue");
        assertThat(sampled.get(0).get("measurand").asText()).isEqualTo("Energy.Active.Import.Register");
        assertThat(sampled.get(0).get("value").asLong()).isEqualTo(12_345);
        assertThat(sampled.get(1).get("measurand").asText()).isEqualTo("Power.Active.Import");
        assertThat(sampled.get(1).get("value").asDouble()).isEqualTo(90_000.0);
        assertThat(sampled.get(2).get("measurand").asText()).isEqualTo("SoC");
        assertThat(sampled.get(2).get("value").asInt()).isEqualTo(30);
    }

    @Test
    void connectorStatesCollapseToTheFiveOf201() {
        assertThat(Ocpp201StationMessages.connectorStatus(StatusNotification.Status.PREPARING)).isEqualTo("Occupied");
        assertThat(Ocpp201StationMessages.connectorStatus(StatusNotification.Status.SUSPENDED_EV)).isEqualTo("Occupied");
        assertThat(Ocpp201StationMessages.connectorStatus(StatusNotification.Status.AVAILABLE)).isEqualTo("Available");
        assertThat(Ocpp201StationMessages.connectorStatus(StatusNotification.Status.FAULTED)).isEqualTo("Faulted");
        ConnectorSim c = chargingConnector();
        c.draw = Draw.NONE;
        assertThat(Ocpp201StationMessages.chargingState(c)).isEqualTo("SuspendedEVSE");
        c.ev.soc = 0.8;
        assertThat(Ocpp201StationMessages.chargingState(c)).isEqualTo("SuspendedEV");
    }
}
