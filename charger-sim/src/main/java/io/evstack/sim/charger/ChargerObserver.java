package io.evstack.sim.charger;

/** Told of a charger's domain events, for statistics and tests. Called on the charger's event loop; must not block. */
public interface ChargerObserver {
    default void booted(String chargerId) {}

    default void transactionStarted(String chargerId, int connectorId, int transactionId) {}

    default void transactionStopped(String chargerId, int connectorId, int transactionId, int energyWh) {}

    /** A vehicle unplugged and left: the connector is free for the next one. */
    default void vehicleLeft(String chargerId, int connectorId) {}

    default void error(String chargerId, String what) {}

    ChargerObserver NONE = new ChargerObserver() {};
}
