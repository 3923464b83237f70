package io.evstack.csms.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to the listeners of this process, synchronously and in order of publication.
 * A failing listener is logged and does not stop the others: the event has already happened.
 */
public final class InProcessEventBus implements EventPublisher {
    private static final Logger log = LoggerFactory.getLogger(InProcessEventBus.class);
    private final List<Consumer<DomainEvent>> listeners = new CopyOnWriteArrayList<>();

    public void subscribe(Consumer<DomainEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public void publish(DomainEvent event) {
        for (Consumer<DomainEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("Event listener failed on {}", event, e);
            }
        }
    }
}
