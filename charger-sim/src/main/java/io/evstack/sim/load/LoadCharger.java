package io.evstack.sim.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.ocpp.v16.Authorize;
import io.evstack.ocpp.v16.AuthorizeResponse;
import io.evstack.ocpp.v16.BootNotification;
import io.evstack.ocpp.v16.BootNotificationResponse;
import io.evstack.ocpp.v16.Heartbeat;
import io.evstack.ocpp.v16.HeartbeatResponse;
import io.evstack.ocpp.v16.Measurand;
import io.evstack.ocpp.v16.MeterValue;
import io.evstack.ocpp.v16.MeterValues;
import io.evstack.ocpp.v16.MeterValuesResponse;
import io.evstack.ocpp.v16.ReadingContext;
import io.evstack.ocpp.v16.SampledValue;
import io.evstack.ocpp.v16.StartTransaction;
import io.evstack.ocpp.v16.StartTransactionResponse;
import io.evstack.ocpp.v16.StatusNotification;
import io.evstack.ocpp.v16.StatusNotificationResponse;
import io.evstack.ocpp.v16.StopTransaction;
import io.evstack.ocpp.v16.StopTransactionResponse;
import io.evstack.ocpp.v16.UnitOfMeasure;
import io.evstack.sim.ocpp.CallErrorCode;
import io.evstack.sim.ocpp.CallErrorException;
import io.evstack.sim.ocpp.ChargerEndpoint;
import io.evstack.sim.ocpp.ChargerLink;
import io.evstack.sim.ocpp.LinkListener;
import io.evstack.sim.ocpp.OcppProtocol;
import io.evstack.sim.ocpp.OcppClientGroup;
import io.netty.channel.EventLoop;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lean simulated charger for load: one connector, no EV model, only the message mix a {@link LoadPlan}
 * asks for. It boots on every (re)connect, as a charger does after a power cycle, so a reconnect storm
 * is a boot storm. Confined to its link's event loop; thousands share a handful of threads.
 */
final class LoadCharger {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LoadCharger.class);
    private final String id;
    private final LoadPlan plan;
    private final LoadMetrics metrics;
    private final ChargerLink link;
    private final EventLoop loop;
    private final SplittableRandom random;
    private final TransactionPool pool;
    private final boolean v201;
    /** OCPP 2.0.1: the charger numbers its own transactions. */
    private int transactionCount;
    /** In the pool of idle chargers (touched by the driver thread too). */
    final AtomicBoolean pooled = new AtomicBoolean();

    private boolean booted;
    private boolean inTransaction;
    private long meterWh;
    private OffsetDateTime lastTimestamp;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> status;
    private ScheduledFuture<?> meter;
    private ScheduledFuture<?> bootRetry;
    /** System.nanoTime() of the last accepted boot, 0 before the first. */
    private volatile long bootedAt;

    /** Where idle, booted chargers wait to be given a transaction. */
    interface TransactionPool {
        void idle(LoadCharger charger);
    }

    LoadCharger(String id, LoadPlan plan, OcppClientGroup group, LoadMetrics metrics, TransactionPool pool) {
        this.id = id;
        this.plan = plan;
        this.metrics = metrics;
        this.pool = pool;
        this.v201 = plan.protocol() == OcppProtocol.OCPP201;
        this.loop = group.nextLoop();
        this.random = new SplittableRandom(id.hashCode());
        this.meterWh = random.nextInt(1_000_000);
        this.link = group.link(ChargerEndpoint.under(plan.serverBase(), id, plan.password(), plan.protocol()), loop,
                (action, payload) -> {
                    // load chargers take no orders; a real one would, but they are not what is measured
                    throw new CallErrorException(CallErrorCode.NOT_SUPPORTED, action + " is not simulated in load mode");
                }, new Listener(), metrics);
    }

    String id() {
        return id;
    }

    long bootedAt() {
        return bootedAt;
    }

    void start() {
        link.start();
    }

    CompletableFuture<Void> stop() {
        return link.stop();
    }

    /** Drops the socket as a network failure or a power cycle would; the link reconnects after its back-off. */
    void drop() {
        link.drop();
    }

    /**
     * Runs one complete transaction: Authorize, StartTransaction, 3 x MeterValues, StopTransaction (1.6);
     * Authorize, TransactionEvent Started, 3 x Updated, Ended (2.0.1).
     */
    void runTransaction() {
        loop.execute(() -> {
            pooled.set(false);
            if (!booted || inTransaction) {
                metrics.transactionsSkipped.increment();
                return;
            }
            inTransaction = true;
            metrics.transactionsStarted.increment();
            String tag = plan.idTag();
            long start = meterWh;
            CompletableFuture<?> flow = v201 ? transaction201(tag) : link.call("Authorize", new Authorize().withIdTag(tag), AuthorizeResponse.class)
                    .thenCompose(a -> link.call("StartTransaction", new StartTransaction().withConnectorId(1).withIdTag(tag)
                            .withMeterStart((int) start).withTimestamp(now()), StartTransactionResponse.class))
                    .thenCompose(s -> sample(s.getTransactionId())
                            .thenCompose(v -> sample(s.getTransactionId()))
                            .thenCompose(v -> sample(s.getTransactionId()))
                            .thenCompose(v -> link.call("StopTransaction", new StopTransaction()
                                    .withTransactionId(s.getTransactionId()).withIdTag(tag).withMeterStop((int) meterWh)
                                    .withTimestamp(now()).withReason(StopTransaction.Reason.LOCAL),
                                    StopTransactionResponse.class)));
            flow.whenComplete((r, e) -> {
                inTransaction = false;
                if (e != null) {
                    metrics.transactionsFailed.increment();
                    log.warn("{}: transaction failed: {}", id, e.getCause() != null ? e.getCause() : e);
                } else {
                    metrics.transactionsCompleted.increment();
                }
                if (booted) {
                    pool.idle(this);
                }
            });
        });
    }

    /** TransactionEvent Started, 3 x Updated with a periodic sample, Ended (OCPP 2.0.1 E01, E02, E06, J02). */
    private CompletableFuture<?> transaction201(String tag) {
        String txId = id + "-" + Long.toString(System.currentTimeMillis(), 36) + "-" + (++transactionCount);
        long start = meterWh;
        CompletableFuture<?> flow = link.call("Authorize", Ocpp201LoadMessages.authorize(tag), JsonNode.class)
                .thenCompose(a -> link.call("TransactionEvent", Ocpp201LoadMessages.started(txId, tag, start, now()), JsonNode.class));
        for (int seqNo = 1; seqNo <= 3; seqNo++) {
            int n = seqNo;
            flow = flow.thenCompose(v -> {
                meterWh += 250 + random.nextInt(250);
                return link.call("TransactionEvent", Ocpp201LoadMessages.updated(txId, n, meterWh, now()), JsonNode.class);
            });
        }
        return flow.thenCompose(v -> link.call("TransactionEvent", Ocpp201LoadMessages.ended(txId, 4, tag, meterWh, now()),
                JsonNode.class));
    }

    private CompletableFuture<MeterValuesResponse> sample(int transactionId) {
        meterWh += 250 + random.nextInt(250);
        return link.call("MeterValues", meterValues(transactionId), MeterValuesResponse.class);
    }

    private MeterValues meterValues(Integer transactionId) {
        List<SampledValue> values = List.of(
                new SampledValue().withValue(Long.toString(meterWh)).withContext(ReadingContext.SAMPLE_PERIODIC)
                        .withMeasurand(Measurand.ENERGY_ACTIVE_IMPORT_REGISTER).withUnit(UnitOfMeasure.WH),
                new SampledValue().withValue(transactionId == null ? "0" : "11000").withContext(ReadingContext.SAMPLE_PERIODIC)
                        .withMeasurand(Measurand.POWER_ACTIVE_IMPORT).withUnit(UnitOfMeasure.W));
        return new MeterValues().withConnectorId(1).withTransactionId(transactionId)
                .withMeterValue(List.of(new MeterValue().withTimestamp(now()).withSampledValue(values)));
    }

    private void boot() {
        bootRetry = null;
        if (v201) {
            link.call("BootNotification", Ocpp201LoadMessages.boot(id), JsonNode.class).whenComplete((r, e) ->
                    booted(e == null && "Accepted".equals(r.path("status").asText()), e == null ? r.path("interval").asInt(5) : null));
            return;
        }
        BootNotification request = new BootNotification().withChargePointVendor("evstack").withChargePointModel("Load AC 22")
                .withChargePointSerialNumber(id).withFirmwareVersion("load-1");
        link.call("BootNotification", request, BootNotificationResponse.class).whenComplete((r, e) ->
                booted(e == null && r.getStatus() == BootNotificationResponse.Status.ACCEPTED, e == null ? r.getInterval() : null));
    }

    private void booted(boolean accepted, Integer interval) {
        if (!link.isOpen()) {
            return;
        }
        if (accepted) {
            accepted();
            return;
        }
        // Pending/Rejected: retry after the interval the CSMS gave (1.6 section 4.2, 2.0.1 B02), at least a second
        metrics.rejected.increment();
        long seconds = interval != null ? Math.max(1, interval) : 5;
        bootRetry = loop.schedule(this::boot, seconds, TimeUnit.SECONDS);
    }

    private CompletableFuture<?> heartbeatNow() {
        return v201 ? link.call("Heartbeat", Ocpp201LoadMessages.heartbeat(), JsonNode.class)
                : link.call("Heartbeat", new Heartbeat(), HeartbeatResponse.class);
    }

    private CompletableFuture<?> statusNow() {
        return v201 ? link.call("StatusNotification", Ocpp201LoadMessages.status(inTransaction, now()), JsonNode.class)
                : link.call("StatusNotification", statusNotification(), StatusNotificationResponse.class);
    }

    private CompletableFuture<?> meterValuesNow() {
        return v201 ? link.call("MeterValues", Ocpp201LoadMessages.meterValues(meterWh, inTransaction, now()), JsonNode.class)
                : link.call("MeterValues", meterValues(null), MeterValuesResponse.class);
    }

    private void accepted() {
        booted = true;
        bootedAt = System.nanoTime();
        metrics.booted.incrementAndGet();
        statusNow();
        long period = plan.interval().toMillis();
        heartbeat = loop.scheduleAtFixedRate(this::heartbeatNow, random.nextLong(period), period, TimeUnit.MILLISECONDS);
        status = loop.scheduleAtFixedRate(this::statusNow, random.nextLong(period), period, TimeUnit.MILLISECONDS);
        meter = loop.scheduleAtFixedRate(this::meterValuesNow, random.nextLong(period), period, TimeUnit.MILLISECONDS);
        if (!inTransaction) {
            pool.idle(this);
        }
    }

    private StatusNotification statusNotification() {
        return new StatusNotification().withConnectorId(1).withErrorCode(StatusNotification.ErrorCode.NO_ERROR)
                .withStatus(inTransaction ? StatusNotification.Status.CHARGING : StatusNotification.Status.AVAILABLE)
                .withTimestamp(now());
    }

    /** Now, to the millisecond, and always after the previous timestamp (the CSMS keys samples by time). */
    private OffsetDateTime now() {
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        if (lastTimestamp != null && !t.isAfter(lastTimestamp)) {
            t = lastTimestamp.plus(1, ChronoUnit.MILLIS);
        }
        lastTimestamp = t;
        return t;
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private final class Listener implements LinkListener {
        @Override
        public void opened() {
            boot();
        }

        @Override
        public void closed() {
            if (booted) {
                booted = false;
                metrics.booted.decrementAndGet();
            }
            cancel(heartbeat);
            cancel(status);
            cancel(meter);
            cancel(bootRetry);
            heartbeat = status = meter = bootRetry = null;
        }
    }

    @Override
    public String toString() {
        return "LoadCharger[" + id + "]";
    }
}
