package io.evstack.csms.event;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Delivers events to the listeners of this process asynchronously, so that a charger's reply never
 * waits for what others do with its events (OCPI pushes, the balancer). Each listener gets its own
 * {@link EventSubscription}: a few lanes, each a bounded queue drained by one thread, and a charger's
 * events always go to the same lane, so every listener sees one charger's events in the order they
 * were published (ordering across chargers is not kept, and nobody relies on it).
 *
 * <p>Policy when a listener falls behind: a full lane blocks the publisher (back-pressure) rather than
 * dropping, because some events cannot be lost (a TransactionStopped makes a CDR). The charger then
 * waits, which is the honest signal that the stack is overloaded. Metrics per listener:
 * {@code evstack.events.queued} (gauge), {@code evstack.events.delivered}, {@code evstack.events.failed},
 * {@code evstack.events.blocked} (publications that had to wait for room).
 *
 * <p>Delivery is at most once in memory: events still queued when the process dies are gone. Listeners
 * whose effect must survive that make it recoverable from the database (the OCPI bridge rebuilds missing
 * CDRs at start, {@code CdrRecovery}).
 */
public final class InProcessEventBus implements EventPublisher, AutoCloseable {
    /**
     * How each listener's delivery is shaped; {@link #DEFAULT} suits one node. One lane unless a listener
     * asks for more: lanes that query the database compete with the chargers' replies for the pool
     * (a test stack has 4 connections), so a listener gets parallelism only where it needs it.
     */
    public record Settings(int lanes, int laneCapacity, Duration tick) {
        public static final Settings DEFAULT = new Settings(1, 10_000, Duration.ofSeconds(1));
    }

    private final Settings settings;
    private final MeterRegistry metrics;
    private final List<EventSubscription> subscriptions = new CopyOnWriteArrayList<>();

    public InProcessEventBus() {
        this(Settings.DEFAULT, new CompositeMeterRegistry());
    }

    public InProcessEventBus(Settings settings, MeterRegistry metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    /** A listener that needs only the events; named by its class in the metrics. */
    public void subscribe(Consumer<DomainEvent> listener) {
        subscribe(listener.getClass().getSimpleName(), EventSubscriber.of(listener));
    }

    public void subscribe(String name, EventSubscriber subscriber) {
        subscribe(name, subscriber, settings.lanes());
    }

    /** A listener whose events are handled on {@code lanes} threads, a charger's always on the same one. */
    public void subscribe(String name, EventSubscriber subscriber, int lanes) {
        subscriptions.add(new EventSubscription(name, subscriber,
                new Settings(lanes, settings.laneCapacity(), settings.tick()), metrics));
    }

    @Override
    public void publish(DomainEvent event) {
        for (EventSubscription subscription : subscriptions) {
            subscription.offer(event);
        }
    }

    /** Waits until every event published so far has been handled by every listener (tests, shutdown). */
    public boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (EventSubscription subscription : subscriptions) {
            if (!subscription.awaitIdle(deadline)) {
                return false;
            }
        }
        return true;
    }

    /** Handles what is queued (for a few seconds at most), then stops the lanes. */
    @Override
    public void close() {
        drain(Duration.ofSeconds(5));
        subscriptions.forEach(EventSubscription::close);
    }
}
