package io.evstack.sim.charger;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.ocpp.v16.StopTransaction;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The OCPP 2.0.1 side of a {@link SimulatedCharger}: where the charger would send a 1.6 message, it sends
 * this version's (part 2 blocks B, C, E, G, J) through the same link and the same transaction queue, so offline
 * queueing, meter integration and profile enforcement stay shared. Used on the charger's event loop only.
 */
final class Ocpp201Station {
    private final SimulatedCharger charger;
    private final Ocpp201StationMessages messages;

    Ocpp201Station(SimulatedCharger charger, Ocpp201StationMessages messages) {
        this.charger = charger;
        this.messages = messages;
    }

    Ocpp201StationMessages messages() {
        return messages;
    }

    void sendBoot(String serial, String firmwareVersion, String reason, BootAnswer answer) {
        charger.link().call("BootNotification", messages.boot(serial, firmwareVersion, reason), JsonNode.class)
                .whenComplete((r, e) -> {
                    if (e != null) {
                        answer.failed();
                    } else {
                        Integer interval = r.hasNonNull("interval") ? r.get("interval").asInt() : null;
                        answer.answered(r.path("status").asText(), interval);
                    }
                });
    }

    /** What the charger does with a BootNotification answer, whichever version carried it. */
    interface BootAnswer {
        void answered(String status, Integer interval);

        void failed();
    }

    void sendHeartbeat() {
        charger.link().call("Heartbeat", messages.heartbeat(), JsonNode.class);
    }

    /** 2.0.1 reports connectors only (no connector 0 for the whole station, G01). */
    void sendStatus(int connectorId) {
        if (connectorId == 0) {
            return;
        }
        charger.link().call("StatusNotification", messages.status(charger.connector(connectorId), charger.localNow()),
                JsonNode.class);
    }

    /**
     * C01/C12/C13: the local list (D01) or the authorization cache (C10) decide when LocalPreAuthorize is set
     * (online) or the station is offline (LocalAuthorizeOffline); an unknown token offline follows
     * OfflineTxForUnknownIdEnabled (the 1.6 keys' values). Online, Authorize's idTokenInfo goes into the cache.
     */
    void authorize(String idTag, Consumer<Boolean> then) {
        var config = charger.config();
        boolean listEnabled = config.bool("LocalAuthListEnabled");
        boolean cacheEnabled = config.bool("AuthorizationCacheEnabled");
        LocalAuthorization local = charger.authorization();
        Runnable offline = () -> then.accept(config.bool("LocalAuthorizeOffline")
                && local.accepted(idTag, charger.localNow(), listEnabled, cacheEnabled)
                || config.bool("AllowOfflineTxForUnknownId"));
        if (!charger.ready()) {
            offline.run();
            return;
        }
        if (config.bool("LocalPreAuthorize") && local.accepted(idTag, charger.localNow(), listEnabled, cacheEnabled)) {
            then.accept(true);
            return;
        }
        charger.link().call("Authorize", messages.authorize(idTag), JsonNode.class).whenComplete((r, e) -> {
            if (e != null) {
                offline.run();
                return;
            }
            JsonNode info = r.path("idTokenInfo");
            if (cacheEnabled) {
                local.remember(idTag, Ocpp201Tokens.idTagInfo(info));
            }
            then.accept("Accepted".equals(info.path("status").asText()));
        });
    }

    /** E01/E02: the station makes the transaction id itself; Started carries the token, the EVSE and the meter. */
    TransactionQueue.Entry started(ConnectorSim c, Session s, Integer remoteStartId, Runnable onAnswer) {
        s.ocpp201Id = UUID.randomUUID().toString();
        String trigger = remoteStartId != null ? "RemoteStart" : "Authorized";
        var request = messages.transactionEvent("Started", trigger, s.seqNo++, s.ocpp201Id, c, s.idTag, null,
                messages.meterValue(c, "Transaction.Begin", s.start), s.start);
        if (remoteStartId != null) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) request.get("transactionInfo"))
                    .put("remoteStartId", remoteStartId);
        }
        if (s.reservationId != null) {
            request.put("reservationId", s.reservationId); // H01: the reservation this transaction ends
        }
        return new TransactionQueue.Entry("TransactionEvent", () -> request, JsonNode.class, r -> onAnswer.run());
    }

    /** E02: a periodic sample (SampledDataTxUpdatedInterval, the MeterValueSampleInterval of 1.6). */
    TransactionQueue.Entry updated(ConnectorSim c, Session s) {
        var at = charger.localNow();
        var request = messages.transactionEvent("Updated", "MeterValuePeriodic", s.seqNo++, s.ocpp201Id, c, null, null,
                messages.meterValue(c, "Sample.Periodic", at), at);
        return new TransactionQueue.Entry("TransactionEvent", () -> request, JsonNode.class, r -> { });
    }

    /** E06: the end, with the stoppedReason and the triggerReason a station reports for it. */
    TransactionQueue.Entry ended(ConnectorSim c, Session s, StopTransaction.Reason reason, String idTag,
            java.time.Instant end, Runnable onAnswer) {
        var request = messages.transactionEvent("Ended", trigger(reason), s.seqNo++, s.ocpp201Id, c, idTag,
                stoppedReason(reason), messages.meterValue(c, "Transaction.End", end), end);
        return new TransactionQueue.Entry("TransactionEvent", () -> request, JsonNode.class, r -> onAnswer.run());
    }

    void sendMeterValuesNow(ConnectorSim c) {
        charger.link().call("MeterValues", messages.meterValues(c, "Trigger", charger.localNow()), JsonNode.class);
    }

    /** K15: an ISO 15118 DC EV tells the station what it needs as soon as it is plugged in. */
    void notifyChargingNeeds(ConnectorSim c) {
        if (charger.model().dc() && c.ev != null && charger.ready()) {
            charger.link().call("NotifyEVChargingNeeds", messages.evChargingNeeds(c), JsonNode.class);
        }
    }

    /** ReasonEnumType of 2.0.1 (E06) for the simulation's (1.6) stop reasons. */
    static String stoppedReason(StopTransaction.Reason reason) {
        return switch (reason) {
            case HARD_RESET, SOFT_RESET -> "ImmediateReset";
            case UNLOCK_COMMAND -> "Other";
            default -> reason.value();
        };
    }

    /** TriggerReasonEnumType for an Ended event. */
    static String trigger(StopTransaction.Reason reason) {
        return switch (reason) {
            case LOCAL -> "StopAuthorized";
            case REMOTE -> "RemoteStop";
            case EV_DISCONNECTED -> "EVCommunicationLost";
            case DE_AUTHORIZED -> "Deauthorized";
            case HARD_RESET, SOFT_RESET -> "ResetCommand";
            default -> "AbnormalCondition";
        };
    }
}
