package io.evstack.sim.scenario;

import io.evstack.sim.ocpp.OcppProtocol;
import java.util.Objects;

/**
 * {@code count} chargers of one model, named {@code idPrefix} + a three-digit number from 001, all with
 * the same HTTP Basic password (null: none, security profile 0), speaking {@code protocol} (absent: ocpp1.6).
 */
public record ChargerGroup(String model, int count, String idPrefix, String password, OcppProtocol protocol) {
    public ChargerGroup {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(idPrefix, "idPrefix");
        protocol = protocol == null ? OcppProtocol.OCPP16 : protocol;
        if (count < 1) {
            throw new IllegalArgumentException("a charger group needs count >= 1");
        }
    }

    public ChargerGroup(String model, int count, String idPrefix, String password) {
        this(model, count, idPrefix, password, OcppProtocol.OCPP16);
    }

    public ChargerGroup withProtocol(OcppProtocol newProtocol) {
        return new ChargerGroup(model, count, idPrefix, password, newProtocol);
    }

    public String chargerId(int index) {
        return idPrefix + String.format("%03d", index);
    }
}
