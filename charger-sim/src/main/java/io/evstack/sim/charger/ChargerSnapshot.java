package io.evstack.sim.charger;

import java.util.List;

/** A consistent picture of one simulated charger, taken on its event loop. */
public record ChargerSnapshot(String chargerId, boolean connected, Registration registration,
        List<Connector> connectors, int queuedTransactionMessages) {

    public enum Registration { NONE, PENDING, ACCEPTED, REJECTED }

    /**
     * @param transactionId the CSMS's id, null while unknown (no transaction, or not yet answered)
     * @param currentA per phase on AC, DC current on DC
     * @param totalCost the transaction's running cost as the CSMS last sent it (2.0.1 CostUpdated), null: none
     */
    public record Connector(int connectorId, String status, String errorCode, boolean inTransaction,
            Integer transactionId, double meterWh, double powerW, double currentA, Double soc, Double totalCost) {}

    public Connector connector(int connectorId) {
        return connectors.get(connectorId - 1);
    }
}
