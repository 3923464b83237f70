package io.evstack.sim.model;

/**
 * One connector (in OCPP 1.6 terms, one EVSE) of a charger model and what it alone can deliver.
 *
 * @param maxCurrentA per phase for AC, the DC output current for DC
 */
public record ConnectorSpec(int connectorId, String plug, double maxPowerW, double maxCurrentA) {
    public ConnectorSpec {
        if (connectorId < 1) {
            throw new IllegalArgumentException("connector ids start at 1");
        }
        if (maxPowerW <= 0 || maxCurrentA <= 0) {
            throw new IllegalArgumentException("connector " + connectorId + " needs positive limits");
        }
    }
}
