package io.evstack.ocpi;

import io.evstack.csms.event.DomainEvent;
import io.evstack.csms.transaction.TransactionService;
import io.evstack.ocpi.cdrs.CdrService;
import io.evstack.ocpi.commands.CommandService;
import io.evstack.ocpi.locations.LocationService;
import io.evstack.ocpi.push.Outbox;
import io.evstack.ocpi.push.PushWorker;
import io.evstack.ocpi.sessions.SessionService;
import io.evstack.ocpi.tokens.TokenService;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the CSMS's domain events into OCPI state and pushes: an EVSE status change is a PATCH of the
 * EVSE (section 8.2.2.3), a transaction's start, meter values and stop a PUT of the Session (9.2.2), a
 * stop also a new CDR (10.2.2). Listeners run on the thread that published the event, after the CSMS
 * committed; the work here is a few queries and an outbox insert, the sending happens on the push worker.
 */
public final class OcpiEventHandler implements Consumer<DomainEvent> {
    private static final Logger log = LoggerFactory.getLogger(OcpiEventHandler.class);

    private final DSLContext dsl;
    private final Clock clock;
    private final OcpiConfig config;
    private final LocationService locations;
    private final TransactionService transactions;
    private final SessionService sessions;
    private final CdrService cdrs;
    private final TokenService tokens;
    private final CommandService commands;
    private final PushWorker worker;

    public OcpiEventHandler(DSLContext dsl, Clock clock, OcpiConfig config, LocationService locations,
            TransactionService transactions, SessionService sessions, CdrService cdrs, TokenService tokens,
            CommandService commands, PushWorker worker) {
        this.dsl = dsl;
        this.clock = clock;
        this.config = config;
        this.locations = locations;
        this.transactions = transactions;
        this.sessions = sessions;
        this.cdrs = cdrs;
        this.tokens = tokens;
        this.commands = commands;
        this.worker = worker;
    }

    @Override
    public void accept(DomainEvent event) {
        switch (event) {
            case DomainEvent.ConnectorStatusChanged e -> statusChanged(e.chargePointId(), e.connectorId());
            case DomainEvent.ChargerConnected e -> allEvses(e.chargePointId());
            case DomainEvent.ChargerDisconnected e -> allEvses(e.chargePointId());
            case DomainEvent.ChargerBooted e -> pushLocation(e.chargePointId());
            // An EV's charging needs stay between the charger and smart charging: OCPI has no object for them.
            case DomainEvent.ChargingNeedsReceived e -> { }
            case DomainEvent.TransactionStarted e -> transactions.find(e.transactionId()).ifPresent(tx -> sessions.update(tx,
                    commands.originOf(e.chargePointId(), e.connectorId(), e.idTag())
                            .orElse(new SessionService.Origin(tokens.byUid(e.idTag()).isPresent() ? "WHITELIST" : "AUTH_REQUEST",
                                    null))));
            case DomainEvent.MeterValuesReceived e -> {
                if (e.transactionId() != null) {
                    transactions.find(e.transactionId()).filter(tx -> tx.active())
                            .ifPresent(tx -> sessions.update(tx, null));
                }
            }
            case DomainEvent.TransactionStopped e -> transactions.find(e.transactionId()).ifPresent(tx -> {
                var session = sessions.update(tx, new SessionService.Origin("AUTH_REQUEST", null));
                cdrs.create(tx, session, locations.ofChargePoint(tx.chargePointId()).orElse(null));
            });
        }
        worker.wake();
    }

    private void statusChanged(String chargePointId, int connectorId) {
        if (connectorId == 0) {
            allEvses(chargePointId);
            return;
        }
        locations.refreshEvse(chargePointId, connectorId).ifPresent(evse -> pushEvse(chargePointId, evse));
    }

    private void allEvses(String chargePointId) {
        try {
            for (int n : locations.evseConnectorIds(chargePointId)) {
                locations.refreshEvse(chargePointId, n).ifPresent(evse -> pushEvse(chargePointId, evse));
            }
        } catch (RuntimeException e) {
            log.debug("No EVSEs for {}: {}", chargePointId, e.getMessage());
        }
    }

    /**
     * PUT of the whole Location when a charger boots (section 8.2.2.2): a receiver that has never seen
     * this charger learns of it before any PATCH of its EVSEs, and one that has gets its model, firmware
     * and connectors refreshed. PUT is idempotent, so a reboot costs nothing but a request.
     */
    private void pushLocation(String chargePointId) {
        try {
            locations.ofChargePoint(chargePointId).ifPresent(location -> new Outbox(dsl).toAll("locations", "PUT",
                    "/" + config.countryCode() + "/" + config.partyId() + "/" + location.id(), location, clock.instant()));
        } catch (RuntimeException e) {
            log.debug("No location for {}: {}", chargePointId, e.getMessage());
        }
    }

    /** PATCH of the EVSE with its status and last_updated (section 8.2.2.3). */
    private void pushEvse(String chargePointId, io.evstack.ocpi.locations.OcpiLocation.Evse evse) {
        String locationId = locations.mapping().locationId(chargePointId);
        new Outbox(dsl).toAll("locations", "PATCH",
                "/" + config.countryCode() + "/" + config.partyId() + "/" + locationId + "/" + evse.uid(),
                Map.of("status", evse.status(), "last_updated", evse.lastUpdated().toString()), clock.instant());
    }
}
