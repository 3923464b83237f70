package io.evstack.csms.event;

import java.util.function.Consumer;
import java.util.function.Predicate;

/** A listener of the {@link InProcessEventBus}; both methods run on the listener's own delivery lanes. */
public interface EventSubscriber {
    void onEvent(DomainEvent event);

    /**
     * Called about once per {@link InProcessEventBus.Settings#tick()} on every lane, with the chargers
     * that lane serves: work a listener deferred for a charger (a coalesced update) done here stays in
     * order with that charger's events.
     */
    default void onTick(Predicate<String> servesCharger) {}

    /**
     * Whether work deferred to {@link #onTick} is still waiting; {@link InProcessEventBus#drain} waits for it
     * too, so that "every event handled" includes what handling them deferred.
     */
    default boolean hasDeferredWork() {
        return false;
    }

    static EventSubscriber of(Consumer<DomainEvent> listener) {
        return listener::accept;
    }
}
