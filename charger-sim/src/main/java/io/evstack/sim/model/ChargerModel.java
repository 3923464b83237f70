package io.evstack.sim.model;

import java.util.List;
import java.util.Objects;

/**
 * A kind of charger with its real limits and its OCPP configuration keys.
 *
 * @param phases 1 or 3 for AC (the grid connection); 3 for DC (the input side)
 * @param maxCurrentA per phase for AC; the DC output current for DC
 * @param maxPowerW the station's total: several connectors share it (a 720 kW unit splits it across two
 *     EVSEs as their vehicles demand)
 */
public record ChargerModel(
        String id,
        String vendor,
        String modelName,
        CurrentType currentType,
        int phases,
        double maxCurrentA,
        double maxPowerW,
        List<ConnectorSpec> connectors,
        List<ConfigKey> configuration) {

    public static final double NOMINAL_VOLTAGE = 230.0;

    public ChargerModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(currentType, "currentType");
        connectors = List.copyOf(connectors);
        configuration = List.copyOf(configuration);
        if (connectors.isEmpty()) {
            throw new IllegalArgumentException(id + ": a charger needs a connector");
        }
        for (int i = 0; i < connectors.size(); i++) {
            if (connectors.get(i).connectorId() != i + 1) {
                throw new IllegalArgumentException(id + ": connectors must be numbered 1.." + connectors.size());
            }
        }
        if (vendor == null || vendor.length() > 20 || modelName == null || modelName.length() > 20) {
            throw new IllegalArgumentException(id + ": vendor and model name are 1-20 characters (BootNotification)");
        }
        if (phases != 1 && phases != 3) {
            throw new IllegalArgumentException(id + ": phases must be 1 or 3");
        }
    }

    public boolean dc() {
        return currentType == CurrentType.DC;
    }

    public ConnectorSpec connector(int connectorId) {
        return connectors.get(connectorId - 1);
    }

    public int connectorCount() {
        return connectors.size();
    }
}
