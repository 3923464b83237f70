package io.evstack.csms.event;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One listener's delivery: a charger's events always take the same lane, so they arrive in order. */
final class EventSubscription {
    private static final Logger log = LoggerFactory.getLogger(EventSubscription.class);

    private final String name;
    private final EventSubscriber subscriber;
    private final long tickNanos;
    private final List<Lane> lanes = new ArrayList<>();
    private final Counter delivered;
    private final Counter failed;
    private final Counter blocked;
    private volatile boolean closed;

    EventSubscription(String name, EventSubscriber subscriber, InProcessEventBus.Settings settings, MeterRegistry metrics) {
        this.name = name;
        this.subscriber = subscriber;
        this.tickNanos = settings.tick().toNanos();
        this.delivered = metrics.counter("evstack.events.delivered", "listener", name);
        this.failed = metrics.counter("evstack.events.failed", "listener", name);
        this.blocked = metrics.counter("evstack.events.blocked", "listener", name);
        for (int i = 0; i < settings.lanes(); i++) {
            var lane = new Lane(i, new ArrayBlockingQueue<>(settings.laneCapacity()));
            lanes.add(lane);
            lane.thread = Thread.ofVirtual().name("events-" + name + "-" + i).start(lane::run);
        }
        Gauge.builder("evstack.events.queued", this, s -> s.lanes.stream().mapToLong(l -> l.pending.get()).sum())
                .tag("listener", name).register(metrics);
    }

    private int laneOf(String chargePointId) {
        return chargePointId == null ? 0 : Math.floorMod(chargePointId.hashCode(), lanes.size());
    }

    void offer(DomainEvent event) {
        if (closed) {
            log.debug("Event bus closed, {} not delivered to {}", event, name);
            return;
        }
        Lane lane = lanes.get(laneOf(event.chargePointId()));
        lane.pending.incrementAndGet();
        if (lane.queue.offer(event)) {
            return;
        }
        blocked.increment();
        try {
            lane.queue.put(event);
        } catch (InterruptedException e) {
            lane.pending.decrementAndGet();
            Thread.currentThread().interrupt();
            log.warn("Interrupted while waiting for room, {} not delivered to {}", event, name);
        }
    }

    boolean awaitIdle(long deadlineNanos) {
        for (Lane lane : lanes) {
            while (lane.pending.get() > 0 || subscriber.hasDeferredWork()) {
                if (System.nanoTime() > deadlineNanos) {
                    return false;
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    void close() {
        closed = true;
        lanes.forEach(lane -> lane.thread.interrupt());
    }

    private final class Lane {
        private final int index;
        private final BlockingQueue<DomainEvent> queue;
        /** Queued plus in hand: zero only once the last event offered has been handled. */
        private final AtomicLong pending = new AtomicLong();
        private Thread thread;

        Lane(int index, BlockingQueue<DomainEvent> queue) {
            this.index = index;
            this.queue = queue;
        }

        void run() {
            long nextTick = System.nanoTime() + tickNanos;
            while (!closed) {
                DomainEvent event;
                try {
                    event = queue.poll(Math.max(0, nextTick - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (event != null) {
                    try {
                        subscriber.onEvent(event);
                        delivered.increment();
                    } catch (RuntimeException e) {
                        // The event has happened; a listener that cannot follow must not stop the others.
                        failed.increment();
                        log.warn("Event listener {} failed on {}", name, event, e);
                    } finally {
                        pending.decrementAndGet();
                    }
                }
                if (System.nanoTime() - nextTick >= 0) {
                    nextTick = System.nanoTime() + tickNanos;
                    try {
                        subscriber.onTick(charger -> laneOf(charger) == index);
                    } catch (RuntimeException e) {
                        log.warn("Event listener {} failed on its tick", name, e);
                    }
                }
            }
        }
    }
}
