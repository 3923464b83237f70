package io.evstack.csms.event;

/** Where the CSMS hands its domain events. In process today; a NATS-backed one when the stack scales out. */
@FunctionalInterface
public interface EventPublisher {
    void publish(DomainEvent event);

    EventPublisher NONE = event -> {};
}
