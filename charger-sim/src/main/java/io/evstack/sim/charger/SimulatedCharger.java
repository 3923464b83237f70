package io.evstack.sim.charger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evstack.ocpp.v16.Authorize;
import io.evstack.ocpp.v16.AuthorizeResponse;
import io.evstack.ocpp.v16.AuthorizationStatus;
import io.evstack.ocpp.v16.BootNotification;
import io.evstack.ocpp.v16.BootNotificationResponse;
import io.evstack.ocpp.v16.ChargingProfile;
import io.evstack.ocpp.v16.Heartbeat;
import io.evstack.ocpp.v16.HeartbeatResponse;
import io.evstack.ocpp.v16.MeterValue;
import io.evstack.ocpp.v16.MeterValues;
import io.evstack.ocpp.v16.MeterValuesResponse;
import io.evstack.ocpp.v16.ReadingContext;
import io.evstack.ocpp.v16.StartTransaction;
import io.evstack.ocpp.v16.StartTransactionResponse;
import io.evstack.ocpp.v16.StatusNotification;
import io.evstack.ocpp.v16.StatusNotificationResponse;
import io.evstack.ocpp.v16.StopTransaction;
import io.evstack.ocpp.v16.StopTransactionResponse;
import io.evstack.sim.charging.ChargingProfileStore;
import io.evstack.sim.charging.InstalledProfile;
import io.evstack.sim.charging.RateConverter;
import io.evstack.sim.charging.SmartCharging;
import io.evstack.sim.clock.SimClock;
import io.evstack.sim.model.ChargerModel;
import io.evstack.sim.model.EvModels;
import io.evstack.sim.model.Vehicle;
import io.evstack.sim.ocpp.ChargerEndpoint;
import io.evstack.sim.ocpp.ChargerLink;
import io.evstack.sim.ocpp.LinkListener;
import io.evstack.sim.ocpp.LinkMetrics;
import io.evstack.sim.ocpp.OcppClientGroup;
import io.evstack.sim.ocpp.OcppProtocol;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated charger, behaving as OCPP 1.6 firmware does: boots (retrying while Pending or Rejected),
 * sends heartbeats, reports status transitions, authorizes RFID cards, runs transactions with meter values
 * at MeterValueSampleInterval, enforces its charging profiles on its simulated meters, queues transaction
 * messages while offline and replays them in order, and answers every CSMS operation
 * ({@link CsmsOperations}).
 *
 * <p>All its state lives on one Netty event loop, shared with many other chargers; its timers run on the
 * {@link SimClock}. The public methods may be called from any thread.
 */
public final class SimulatedCharger {
    private static final Logger log = LoggerFactory.getLogger(SimulatedCharger.class);
    static final Duration BOOT_RETRY_DEFAULT = Duration.ofSeconds(60);
    static final Duration INTEGRATION_STEP = Duration.ofSeconds(5);
    static final Duration TICK = Duration.ofSeconds(10);
    static final Duration CARD_DELAY = Duration.ofSeconds(5);
    static final Duration UNPLUG_DELAY = Duration.ofSeconds(30);

    private final String id;
    private final ChargerModel model;
    private final SimClock clock;
    private final ChargerObserver observer;
    private final ChargerLink link;
    private final EventLoop loop;
    private final ChargerConfiguration config;
    private final List<ConnectorSim> connectors = new ArrayList<>();
    private final ChargingProfileStore profiles = new ChargingProfileStore();
    private final SmartCharging smartCharging;
    private final PowerFlow powerFlow;
    private final MeterSampler sampler;
    private final LocalAuthorization authorization = new LocalAuthorization();
    private final TransactionQueue transactions;
    /** The 2.0.1 message layer; null when the charger speaks 1.6. */
    private final Ocpp201Station v201;

    private ChargerSnapshot.Registration registration = ChargerSnapshot.Registration.NONE;
    private boolean powered;
    private Duration skew = Duration.ZERO;
    private Instant integratedUntil;
    private String firmwareVersion = "1.4.2";
    /** BootReasonEnumType of the next 2.0.1 BootNotification (B01, B11). */
    private String bootReason = "PowerUp";
    private ScheduledFuture<?> heartbeatTimer;
    private ScheduledFuture<?> bootTimer;
    private ScheduledFuture<?> tickTimer;
    private final List<Runnable> afterBoot = new ArrayList<>();
    /** Told after each power-flow update (2.0.1 monitors watching the EVSEs' power). */
    private final List<Runnable> powerFlowWatchers = new ArrayList<>();

    public SimulatedCharger(ChargerModel model, ChargerEndpoint endpoint, OcppClientGroup group, ObjectMapper mapper,
            SimClock clock, ChargerObserver observer, LinkMetrics metrics) {
        this.id = endpoint.chargerId();
        this.model = model;
        this.clock = clock;
        this.observer = observer;
        this.config = new ChargerConfiguration(model.configuration());
        this.smartCharging = new SmartCharging(profiles, new RateConverter(ChargerModel.NOMINAL_VOLTAGE, model.phases()));
        this.powerFlow = new PowerFlow(model, smartCharging);
        this.sampler = new MeterSampler(model.dc());
        model.connectors().forEach(spec -> connectors.add(new ConnectorSim(spec, 0)));
        this.loop = group.nextLoop();
        this.v201 = endpoint.protocol() == OcppProtocol.OCPP201
                ? new Ocpp201Station(this, new Ocpp201StationMessages(model)) : null;
        this.link = group.link(endpoint, loop, v201 != null ? new Ocpp201CsmsOperations(this, mapper)
                : new CsmsOperations(this, mapper), new Listener(), metrics);
        this.transactions = new TransactionQueue(id, link, clock, this::ready,
                () -> config.integer("TransactionMessageAttempts", 3),
                () -> config.integer("TransactionMessageRetryInterval", 60));
    }

    public String id() {
        return id;
    }

    public ChargerModel model() {
        return model;
    }

    // ---------------------------------------------------------------- public API (any thread)

    /** Powers the charger on: it connects, boots, and keeps reconnecting until {@link #stop()}. */
    public void start() {
        onLoop(this::powerOn);
    }

    /** Powers off cleanly: the socket closes and every timer stops (open transactions stay open). */
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(() -> {
            powerOff();
            link.stop().whenComplete((v, e) -> done.complete(null));
        });
        return done;
    }

    /** A vehicle arrives and its driver plugs in; with an id tag, the driver presents the card a moment later. */
    public void plugIn(int connectorId, Vehicle vehicle) {
        onLoop(() -> {
            ConnectorSim c = connector(connectorId);
            if (c.ev != null) {
                throw new IllegalStateException(id + " connector " + connectorId + " is occupied");
            }
            ConnectorSim.cancel(c.unplugTimer);
            c.ev = new PluggedEv(vehicle);
            refreshStatus(c);
            if (v201 != null) {
                v201.notifyChargingNeeds(c);
            }
            if (vehicle.departure() != null) {
                c.departureTimer = clock.scheduleAt(loop, vehicle.departure(), () -> driverLeaves(connectorId));
            }
            if (vehicle.idTag() != null) {
                clock.schedule(loop, CARD_DELAY, () -> presentCard(connectorId, vehicle.idTag()));
            }
            // ConnectionTimeOut: without a transaction by then, the driver gives up and unplugs
            int timeout = config.integer("ConnectionTimeOut", 60);
            c.unplugTimer = clock.schedule(loop, Duration.ofSeconds(Math.max(timeout, 1)), () -> {
                if (c.session == null && !c.finishing) {
                    unplug(c);
                }
            });
        });
    }

    /**
     * Plug &amp; Charge (ISO 15118, OCPP 2.0.1 C07): the vehicle identifies itself with its contract certificate
     * as soon as it is plugged in, no card needed; {@code vehicle.idTag()} is its eMAID and {@code chainPem} the
     * contract certificate chain (leaf first) the station forwards in Authorize. 2.0.1 stations only.
     */
    public void plugAndCharge(int connectorId, Vehicle vehicle, String chainPem) {
        if (v201 == null || vehicle.idTag() == null) {
            throw new IllegalStateException("Plug & Charge needs an OCPP 2.0.1 station and the vehicle's eMAID");
        }
        onLoop(() -> v201.messages().contract(vehicle.idTag(), chainPem));
        plugIn(connectorId, vehicle);
    }

    /** The driver presents an RFID card at a connector. */
    public void presentIdTag(int connectorId, String idTag) {
        onLoop(() -> presentCard(connectorId, idTag));
    }

    /** The driver ends the visit: stops the transaction with the card (reason Local) and unplugs. */
    public void leave(int connectorId) {
        onLoop(() -> driverLeaves(connectorId));
    }

    // ---------------------------------------------------------------- faults on demand

    /** The connector reports an error and goes Faulted; a running transaction stops (reason Other). */
    public void connectorError(int connectorId, StatusNotification.ErrorCode errorCode) {
        onLoop(() -> {
            ConnectorSim c = connector(connectorId);
            if (c.session != null) {
                stopTransaction(c, StopTransaction.Reason.OTHER, null);
            }
            c.errorCode = errorCode;
            refreshStatus(c);
        });
    }

    public void clearConnectorError(int connectorId) {
        onLoop(() -> {
            ConnectorSim c = connector(connectorId);
            c.errorCode = StatusNotification.ErrorCode.NO_ERROR;
            refreshStatus(c);
        });
    }

    /** The network drops the socket; the charger reconnects after its back-off and replays its queue. */
    public void dropConnection() {
        link.drop();
    }

    /** Goes offline (no reconnect) until {@link #goOnline()}: transactions continue and queue their messages. */
    public void goOffline() {
        onLoop(() -> link.stop());
    }

    public void goOnline() {
        onLoop(link::start);
    }

    /**
     * Power fails for {@code outage} of simulated time: everything stops mid-transaction; at power-up the
     * charger boots again and ends each interrupted transaction with reason PowerLoss.
     */
    public void powerLoss(Duration outage) {
        onLoop(() -> {
            advance();
            powerOff();
            link.stop();
            clock.schedule(loop, outage, this::powerOnAfterLoss);
        });
    }

    /** Its clock runs off by {@code offset} from then on (timestamps and profile evaluation). */
    public void skewClock(Duration offset) {
        onLoop(() -> skew = skew.plus(offset));
    }

    /** The charger's state, taken on its loop. */
    public CompletableFuture<ChargerSnapshot> snapshot() {
        CompletableFuture<ChargerSnapshot> result = new CompletableFuture<>();
        onLoop(() -> {
            advance();
            List<ChargerSnapshot.Connector> list = connectors.stream().map(c -> new ChargerSnapshot.Connector(c.id(),
                    c.status.value(), c.errorCode.value(), c.session != null,
                    c.session == null ? null : c.session.transactionId, c.meterWh, c.draw.powerW(), c.draw.currentA(),
                    c.ev == null ? null : c.ev.soc, c.session == null ? null : c.session.totalCost)).toList();
            result.complete(new ChargerSnapshot(id, link.isOpen(), registration, list, transactions.size()));
        });
        return result;
    }

    // ---------------------------------------------------------------- package API for CsmsOperations (loop only)

    EventLoop loop() {
        return loop;
    }

    ChargerConfiguration config() {
        return config;
    }

    ChargingProfileStore profiles() {
        return profiles;
    }

    SmartCharging smartCharging() {
        return smartCharging;
    }

    LocalAuthorization authorization() {
        return authorization;
    }

    ChargerLink link() {
        return link;
    }

    TransactionQueue transactions() {
        return transactions;
    }

    SimClock clock() {
        return clock;
    }

    List<ConnectorSim> connectors() {
        return connectors;
    }

    boolean validConnector(Integer connectorId) {
        return connectorId != null && connectorId >= 1 && connectorId <= connectors.size();
    }

    ConnectorSim connector(int connectorId) {
        if (!validConnector(connectorId)) {
            throw new IllegalArgumentException(id + " has no connector " + connectorId);
        }
        return connectors.get(connectorId - 1);
    }

    /** The charger's own time: the simulated clock plus any injected skew. */
    Instant localNow() {
        return clock.now().plus(skew);
    }

    String firmwareVersion() {
        return firmwareVersion;
    }

    void firmwareInstalled(String version) {
        firmwareVersion = version;
    }

    /** The 2.0.1 message layer (null when the charger speaks 1.6). */
    /** Whether this charger speaks OCPP 2.0.1 (and so can do Plug &amp; Charge). */
    public boolean speaks201() {
        return v201 != null;
    }

    Ocpp201Station v201() {
        return v201;
    }

    /** Runs after the reply to the CALL being handled has been written. */
    void afterReply(Runnable task) {
        loop.execute(task);
    }

    boolean ready() {
        return link.isOpen() && registration == ChargerSnapshot.Registration.ACCEPTED;
    }

    void sendBoot() {
        if (v201 != null) {
            v201.sendBoot(serial(), firmwareVersion, bootReason, new Ocpp201Station.BootAnswer() {
                @Override
                public void answered(String status, Integer interval) {
                    bootAnswered(status, interval);
                }

                @Override
                public void failed() {
                    if (link.isOpen()) {
                        scheduleBoot(BOOT_RETRY_DEFAULT);
                    }
                }
            });
            return;
        }
        BootNotification request = new BootNotification().withChargePointVendor(model.vendor())
                .withChargePointModel(model.modelName()).withChargePointSerialNumber(serial())
                .withChargeBoxSerialNumber(serial()).withFirmwareVersion(firmwareVersion)
                .withMeterType(model.dc() ? "DC meter" : "AC meter");
        link.call("BootNotification", request, BootNotificationResponse.class).whenComplete((r, e) -> {
            if (!link.isOpen()) {
                return;
            }
            if (e != null) {
                scheduleBoot(BOOT_RETRY_DEFAULT);
                return;
            }
            bootAnswered(r.getStatus().value(), r.getInterval());
        });
    }

    /** Accepted, Pending or Rejected (the same words in 1.6 and 2.0.1): online, or boot again after the interval. */
    private void bootAnswered(String status, Integer intervalSeconds) {
        if (!link.isOpen()) {
            return;
        }
        Duration interval = intervalSeconds != null && intervalSeconds > 0 ? Duration.ofSeconds(intervalSeconds)
                : BOOT_RETRY_DEFAULT;
        switch (status) {
            case "Accepted" -> {
                boolean first = registration != ChargerSnapshot.Registration.ACCEPTED;
                registration = ChargerSnapshot.Registration.ACCEPTED;
                bootReason = "PowerUp";
                if (intervalSeconds != null && intervalSeconds > 0) {
                    config.setInternal("HeartbeatInterval", Integer.toString(intervalSeconds));
                }
                if (first) {
                    observer.booted(id);
                }
                online();
            }
            case "Pending" -> {
                registration = ChargerSnapshot.Registration.PENDING;
                scheduleBoot(interval);
            }
            default -> {
                registration = ChargerSnapshot.Registration.REJECTED;
                scheduleBoot(interval);
            }
        }
    }

    /** Serial numbers are at most 25 characters in OCPP 1.6: the tail of the id, which is the distinctive part. */
    private String serial() {
        return id.length() <= 25 ? id : id.substring(id.length() - 25);
    }

    void sendHeartbeat() {
        if (v201 != null) {
            v201.sendHeartbeat();
            return;
        }
        link.call("Heartbeat", new Heartbeat(), HeartbeatResponse.class);
    }

    void restartHeartbeat() {
        ConnectorSim.cancel(heartbeatTimer);
        heartbeatTimer = null;
        int seconds = config.integer("HeartbeatInterval", 300);
        if (seconds > 0 && ready()) {
            heartbeatTimer = clock.schedule(loop, Duration.ofSeconds(seconds), () -> {
                if (ready()) {
                    sendHeartbeat();
                }
                restartHeartbeat();
            });
        }
    }

    void sendStatus(int connectorId) {
        if (!ready()) {
            return;
        }
        if (v201 != null) {
            v201.sendStatus(connectorId);
            return;
        }
        StatusNotification n = new StatusNotification().withConnectorId(connectorId).withTimestamp(utc(localNow()));
        if (connectorId == 0) {
            boolean allDown = connectors.stream().noneMatch(c -> c.operative);
            n.withStatus(allDown ? StatusNotification.Status.UNAVAILABLE : StatusNotification.Status.AVAILABLE)
                    .withErrorCode(StatusNotification.ErrorCode.NO_ERROR);
        } else {
            ConnectorSim c = connector(connectorId);
            n.withStatus(c.status).withErrorCode(c.errorCode);
        }
        link.call("StatusNotification", n, StatusNotificationResponse.class);
    }

    /** Recomputes a connector's status from its state and reports a change. */
    void refreshStatus(ConnectorSim c) {
        StatusNotification.Status next;
        if (c.faulted()) {
            next = StatusNotification.Status.FAULTED;
        } else if (c.charging()) {
            if (c.draw.powerW() > 0) {
                next = StatusNotification.Status.CHARGING;
            } else if (c.ev.full()) {
                next = StatusNotification.Status.SUSPENDED_EV;
            } else {
                next = StatusNotification.Status.SUSPENDED_EVSE;
            }
        } else {
            next = c.idleStatus();
        }
        if (next != c.status) {
            c.status = next;
            sendStatus(c.id());
        }
    }

    /** Energy flows up to now; then each connector's present draw is recomputed. */
    void advance() {
        Instant now = clock.now();
        if (integratedUntil == null || !powered) {
            integratedUntil = now;
            return;
        }
        while (integratedUntil.isBefore(now)) {
            Instant t0 = integratedUntil;
            Instant t1 = t0.plus(INTEGRATION_STEP).isBefore(now) ? t0.plus(INTEGRATION_STEP) : now;
            Draw[] start = powerFlow.allocate(connectors, t0.plus(skew));
            Draw[] end = powerFlow.allocate(connectors, t1.plus(skew).minusMillis(1));
            double hours = Duration.between(t0, t1).toNanos() / 3.6e12;
            for (int i = 0; i < connectors.size(); i++) {
                ConnectorSim c = connectors.get(i);
                double w = Math.min(start[i].powerW(), end[i].powerW());
                if (w > 0) {
                    double wh = w * hours;
                    c.meterWh += wh;
                    c.ev.charge(wh * (model.dc() ? 0.95 : 0.9));
                }
            }
            integratedUntil = t1;
        }
        Draw[] present = powerFlow.allocate(connectors, now.plus(skew));
        for (int i = 0; i < connectors.size(); i++) {
            connectors.get(i).draw = present[i];
        }
    }

    /** Something changed what may flow (a profile, a fault): apply it now, not at the next tick. */
    void reevaluate() {
        advance();
        connectors.forEach(this::refreshStatus);
        powerFlowWatchers.forEach(Runnable::run);
    }

    /** {@code watcher} runs on the loop after each power-flow update (a tick, a profile, a start or stop). */
    void onPowerFlow(Runnable watcher) {
        powerFlowWatchers.add(watcher);
    }

    // ---------------------------------------------------------------- transactions

    /** RFID at a connector: Authorize (or the local list/cache), then StartTransaction. */
    void presentCard(int connectorId, String idTag) {
        ConnectorSim c = connector(connectorId);
        if (!powered) {
            return;
        }
        if (c.session != null) {
            if (idTag.equals(c.session.idTag)) {
                stopTransaction(c, StopTransaction.Reason.LOCAL, idTag);
            }
            return;
        }
        if (c.ev == null || c.faulted() || !c.operative) {
            return;
        }
        authorize(idTag, accepted -> {
            if (accepted) {
                startTransaction(c, idTag, null);
            }
        });
    }

    void authorize(String idTag, java.util.function.Consumer<Boolean> then) {
        if (v201 != null) {
            v201.authorize(idTag, then);
            return;
        }
        Instant now = localNow();
        boolean listEnabled = config.bool("LocalAuthListEnabled");
        boolean cacheEnabled = config.bool("AuthorizationCacheEnabled");
        if (ready() && config.bool("LocalPreAuthorize") && authorization.accepted(idTag, now, listEnabled, cacheEnabled)) {
            then.accept(true);
            return;
        }
        if (!ready()) {
            boolean offlineOk = config.bool("LocalAuthorizeOffline")
                    && authorization.accepted(idTag, now, listEnabled, cacheEnabled);
            then.accept(offlineOk || config.bool("AllowOfflineTxForUnknownId"));
            return;
        }
        link.call("Authorize", new Authorize().withIdTag(idTag), AuthorizeResponse.class).whenComplete((r, e) -> {
            if (e != null) {
                boolean offlineOk = config.bool("LocalAuthorizeOffline")
                        && authorization.accepted(idTag, localNow(), listEnabled, cacheEnabled);
                then.accept(offlineOk || config.bool("AllowOfflineTxForUnknownId"));
                return;
            }
            if (cacheEnabled) {
                authorization.remember(idTag, r.getIdTagInfo());
            }
            then.accept(r.getIdTagInfo().getStatus() == AuthorizationStatus.ACCEPTED);
        });
    }

    /** Starts a transaction on a plugged-in, idle connector; the StartTransaction joins the queue. */
    void startTransaction(ConnectorSim c, String idTag, ChargingProfile txProfile) {
        startTransaction(c, idTag, txProfile, null);
    }

    /** @param remoteStartId the 2.0.1 RequestStartTransaction's id (null: started at the charger, or 1.6) */
    void startTransaction(ConnectorSim c, String idTag, ChargingProfile txProfile, Integer remoteStartId) {
        if (c.session != null || c.ev == null || c.faulted() || !c.operative || !powered) {
            return;
        }
        Integer reservationId = null;
        if (c.reservation != null) {
            if (!c.reservation.admits(idTag, authorization.parentOf(idTag))) {
                return; // reserved for someone else
            }
            reservationId = c.reservation.id();
            ConnectorSim.cancel(c.reservation.expiryTimer());
            c.reservation = null;
        }
        ConnectorSim.cancel(c.unplugTimer);
        c.unplugTimer = null;
        advance();
        Instant start = localNow();
        Session s = new Session(c.id(), idTag, reservationId, start, Math.round(c.meterWh));
        c.session = s;
        if (txProfile != null) {
            profiles.install(InstalledProfile.of(c.id(), txProfile, start));
        }
        s.transactionData.add(sampler.sample(c, config.list("StopTxnSampledData"), ReadingContext.TRANSACTION_BEGIN, start));
        Integer finalReservationId = reservationId;
        if (v201 != null) {
            transactions.add(v201.started(c, s, remoteStartId, () -> observer.transactionStarted(id, c.id(), 0)));
        } else {
            transactions.add(new TransactionQueue.Entry("StartTransaction",
                    () -> new StartTransaction().withConnectorId(c.id()).withIdTag(idTag)
                            .withMeterStart((int) s.meterStartWh).withTimestamp(utc(s.start))
                            .withReservationId(finalReservationId),
                    StartTransactionResponse.class, r -> started(c, s, (StartTransactionResponse) r)));
        }
        reevaluate();
        scheduleMeterSample(c, s);
        ensureTicking();
    }

    private void started(ConnectorSim c, Session s, StartTransactionResponse r) {
        s.transactionId = r.getTransactionId();
        observer.transactionStarted(id, c.id(), s.transactionId);
        if (r.getIdTagInfo() != null) {
            authorization.remember(s.idTag, r.getIdTagInfo());
        }
        boolean accepted = r.getIdTagInfo() != null && r.getIdTagInfo().getStatus() == AuthorizationStatus.ACCEPTED;
        if (!accepted && !s.stopped && c.session == s && config.bool("StopTransactionOnInvalidId")) {
            s.rejected = true;
            stopTransaction(c, StopTransaction.Reason.DE_AUTHORIZED, null);
        }
    }

    /** Ends the connector's transaction; the StopTransaction (with transactionData) joins the queue. */
    void stopTransaction(ConnectorSim c, StopTransaction.Reason reason, String idTag) {
        Session s = c.session;
        if (s == null || s.stopped) {
            return;
        }
        advance();
        s.stopped = true;
        Instant end = localNow();
        long meterStop = Math.round(c.meterWh);
        s.transactionData.add(sampler.sample(c, config.list("StopTxnSampledData"), ReadingContext.TRANSACTION_END, end));
        List<MeterValue> data = List.copyOf(s.transactionData);
        ConnectorSim.cancel(c.meterTimer);
        c.meterTimer = null;
        c.session = null;
        profiles.transactionEnded(c.id());
        if (v201 != null) {
            transactions.add(v201.ended(c, s, reason, idTag, end,
                    () -> observer.transactionStopped(id, c.id(), 0, (int) (meterStop - s.meterStartWh))));
        } else {
            transactions.add(new TransactionQueue.Entry("StopTransaction",
                    () -> s.transactionId == null ? null
                            : new StopTransaction().withTransactionId(s.transactionId).withIdTag(idTag)
                                    .withMeterStop((int) meterStop).withTimestamp(utc(end)).withReason(reason)
                                    .withTransactionData(data),
                    StopTransactionResponse.class,
                    r -> observer.transactionStopped(id, c.id(), s.transactionId, (int) (meterStop - s.meterStartWh))));
        }
        if (c.inoperativeScheduled) {
            c.inoperativeScheduled = false;
            c.operative = false;
        }
        c.draw = Draw.NONE;
        if (reason == StopTransaction.Reason.EV_DISCONNECTED || c.ev == null) {
            unplug(c);
        } else {
            c.finishing = true;
            Instant departure = c.ev.vehicle.departure();
            if (departure == null || !departure.isAfter(clock.now())) {
                scheduleUnplug(c);
            }
        }
        reevaluate();
    }

    private void driverLeaves(int connectorId) {
        ConnectorSim c = connector(connectorId);
        ConnectorSim.cancel(c.departureTimer);
        if (c.session != null) {
            stopTransaction(c, StopTransaction.Reason.LOCAL, c.session.idTag);
        }
        if (c.ev != null) {
            ConnectorSim.cancel(c.unplugTimer);
            c.unplugTimer = clock.schedule(loop, CARD_DELAY, () -> unplug(c));
        }
    }

    /** The vehicle goes; the connector becomes free. */
    void unplug(ConnectorSim c) {
        if (c.session != null && !c.session.stopped) {
            stopTransaction(c, StopTransaction.Reason.EV_DISCONNECTED, null);
            return;
        }
        ConnectorSim.cancel(c.departureTimer);
        ConnectorSim.cancel(c.unplugTimer);
        boolean hadEv = c.ev != null;
        c.ev = null;
        c.finishing = false;
        refreshStatus(c);
        if (hadEv) {
            observer.vehicleLeft(id, c.id());
        }
    }

    /** A remote start on a connector with no car: the simulated driver plugs one in (an app-started visit). */
    void plugDefaultVehicle(ConnectorSim c) {
        if (c.ev == null) {
            c.ev = new PluggedEv(new Vehicle("remote", EvModels.get(model.dc() ? "midsize-60" : "compact-40"), 0.2, 0.8,
                    null, null, null));
            refreshStatus(c);
        }
    }

    /** Ends the visit at a connector shortly after a transaction ends other than by unplugging. */
    void scheduleUnplug(ConnectorSim c) {
        if (c.ev != null && c.session == null) {
            ConnectorSim.cancel(c.unplugTimer);
            c.unplugTimer = null;
            c.unplugTimer = clock.schedule(loop, UNPLUG_DELAY, () -> unplug(c));
        }
    }

    void sampleAndQueue(ConnectorSim c, Session s, ReadingContext context) {
        if (v201 != null) {
            transactions.add(v201.updated(c, s));
            return;
        }
        MeterValue value = sampler.sample(c, config.list("MeterValuesSampledData"), context, localNow());
        List<String> stopData = config.list("StopTxnSampledData");
        if (!stopData.isEmpty() && context == ReadingContext.SAMPLE_PERIODIC) {
            s.transactionData.add(sampler.sample(c, stopData, context, localNow()));
        }
        transactions.add(new TransactionQueue.Entry("MeterValues",
                meterValues(c.id(), () -> s.transactionId, value), MeterValuesResponse.class, r -> { }));
    }

    /** MeterValues outside a transaction's queue (TriggerMessage): sent directly, dropped when offline. */
    void sendMeterValuesNow(ConnectorSim c) {
        advance();
        if (v201 != null) {
            v201.sendMeterValuesNow(c);
            return;
        }
        MeterValue value = sampler.sample(c, config.list("MeterValuesSampledData"), ReadingContext.TRIGGER, localNow());
        Integer txId = c.session == null ? null : c.session.transactionId;
        link.call("MeterValues", new MeterValues().withConnectorId(c.id()).withTransactionId(txId)
                .withMeterValue(List.of(value)), MeterValuesResponse.class);
    }

    private static Supplier<Object> meterValues(int connectorId, Supplier<Integer> transactionId, MeterValue value) {
        return () -> {
            Integer txId = transactionId.get();
            return new MeterValues().withConnectorId(connectorId).withTransactionId(txId).withMeterValue(List.of(value));
        };
    }

    private void scheduleMeterSample(ConnectorSim c, Session s) {
        int seconds = config.integer("MeterValueSampleInterval", 60);
        if (seconds <= 0) {
            return;
        }
        c.meterTimer = clock.schedule(loop, Duration.ofSeconds(seconds), () -> {
            if (c.session == s && !s.stopped && powered) {
                advance();
                sampleAndQueue(c, s, ReadingContext.SAMPLE_PERIODIC);
                scheduleMeterSample(c, s);
            }
        });
    }

    private void ensureTicking() {
        if (tickTimer == null && powered) {
            tickTimer = clock.schedule(loop, TICK, this::tick);
        }
    }

    private void tick() {
        tickTimer = null;
        if (!powered) {
            return;
        }
        reevaluate();
        if (connectors.stream().anyMatch(c -> c.session != null)) {
            ensureTicking();
        }
    }

    // ---------------------------------------------------------------- power and connection

    private void powerOn() {
        if (powered) {
            return;
        }
        powered = true;
        registration = ChargerSnapshot.Registration.NONE;
        integratedUntil = clock.now();
        link.start();
    }

    private void powerOnAfterLoss() {
        afterBoot.add(() -> {
            for (ConnectorSim c : connectors) {
                if (c.session != null) {
                    stopTransaction(c, StopTransaction.Reason.POWER_LOSS, null);
                }
            }
        });
        powerOn();
    }

    private void powerOff() {
        powered = false;
        ConnectorSim.cancel(heartbeatTimer);
        ConnectorSim.cancel(bootTimer);
        ConnectorSim.cancel(tickTimer);
        heartbeatTimer = bootTimer = tickTimer = null;
        for (ConnectorSim c : connectors) {
            ConnectorSim.cancel(c.meterTimer);
            c.meterTimer = null;
            c.draw = Draw.NONE;
        }
    }

    /** Reset: transactions end, the charger reboots and boots again. */
    void reboot(StopTransaction.Reason reason) {
        bootReason = "RemoteReset";
        for (ConnectorSim c : connectors) {
            if (c.session != null) {
                stopTransaction(c, reason, null);
            }
        }
        powerOff();
        link.stop().whenComplete((v, e) -> clock.schedule(loop, Duration.ofSeconds(5), () -> onLoop(this::powerOn)));
    }

    private void scheduleBoot(Duration delay) {
        ConnectorSim.cancel(bootTimer);
        bootTimer = clock.schedule(loop, delay, () -> {
            bootTimer = null;
            if (link.isOpen() && registration != ChargerSnapshot.Registration.ACCEPTED) {
                sendBoot();
            }
        });
    }

    /** Accepted (after boot or a reconnect): heartbeats, current statuses, then the queued transaction messages. */
    private void online() {
        restartHeartbeat();
        sendStatus(0);
        for (ConnectorSim c : connectors) {
            sendStatus(c.id());
        }
        List<Runnable> pending = List.copyOf(afterBoot);
        afterBoot.clear();
        pending.forEach(Runnable::run);
        transactions.pump();
        for (ConnectorSim c : connectors) {
            if (c.session != null && c.meterTimer == null) {
                scheduleMeterSample(c, c.session);
            }
        }
        if (connectors.stream().anyMatch(c -> c.session != null)) {
            ensureTicking();
        }
    }

    private final class Listener implements LinkListener {
        @Override
        public void opened() {
            if (!powered) {
                return;
            }
            if (registration == ChargerSnapshot.Registration.ACCEPTED) {
                online();
            } else {
                sendBoot();
            }
        }

        @Override
        public void closed() {
            ConnectorSim.cancel(heartbeatTimer);
            ConnectorSim.cancel(bootTimer);
            heartbeatTimer = bootTimer = null;
        }
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("{}: {}", id, e.getMessage(), e);
                    observer.error(id, e.getMessage());
                }
            });
        }
    }

    static java.time.OffsetDateTime utc(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }
}
