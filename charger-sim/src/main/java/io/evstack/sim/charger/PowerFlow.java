package io.evstack.sim.charger;

import io.evstack.ocpp.v16.ChargingRateUnitType;
import io.evstack.sim.charging.SmartCharging;
import io.evstack.sim.model.ChargerModel;
import java.time.Instant;
import java.util.List;

/**
 * The electrical model: what each connector delivers at an instant, given its EV's demand (on-board
 * charger on AC, the SoC-dependent curve on DC), the connector's hardware, the transaction-level profile,
 * and the station's share (hardware and ChargePointMaxProfile) split in proportion to demand. An AC EV
 * cannot charge below 6 A (IEC 61851-1), so a lower limit suspends it.
 */
final class PowerFlow {
    static final double MIN_AC_CURRENT = 6.0;

    private final ChargerModel model;
    private final SmartCharging smartCharging;

    PowerFlow(ChargerModel model, SmartCharging smartCharging) {
        this.model = model;
        this.smartCharging = smartCharging;
    }

    /** @param t the charger's own time (profiles are evaluated on its clock, skew included) */
    Draw[] allocate(List<ConnectorSim> connectors, Instant t) {
        Draw[] draws = new Draw[connectors.size()];
        for (int i = 0; i < draws.length; i++) {
            ConnectorSim c = connectors.get(i);
            draws[i] = c.charging() ? (model.dc() ? dc(c, t) : ac(c, t)) : Draw.NONE;
        }
        return model.dc() ? shareDc(draws, t) : shareAc(draws, t);
    }

    private Draw ac(ConnectorSim c, Instant t) {
        PluggedEv ev = c.ev;
        int phases = Math.min(model.phases(), ev.vehicle.model().acPhases());
        double v = ChargerModel.NOMINAL_VOLTAGE;
        double limitA = Math.min(c.spec.maxCurrentA(), smartCharging.connectorLimit(c.id(), t, c.session.start,
                c.session.transactionId, ChargingRateUnitType.A));
        if (limitA < MIN_AC_CURRENT) {
            limitA = 0;
        }
        double evA = ev.full() ? 0 : ev.vehicle.model().acMaxPowerW() / (v * phases);
        double current = Math.min(evA, limitA);
        return new Draw(current * v * phases, current, phases, v, limitA * v * phases, limitA);
    }

    private Draw dc(ConnectorSim c, Instant t) {
        PluggedEv ev = c.ev;
        double v = ev.vehicle.model().voltageAt(ev.soc);
        double limitW = Math.min(c.spec.maxPowerW(), c.spec.maxCurrentA() * v);
        limitW = Math.min(limitW, smartCharging.connectorLimit(c.id(), t, c.session.start, c.session.transactionId,
                ChargingRateUnitType.W));
        double evW = ev.full() ? 0 : ev.vehicle.model().dcCurve().powerAt(ev.soc);
        double p = Math.max(0, Math.min(evW, limitW));
        return new Draw(p, p / v, 0, v, limitW, limitW / v);
    }

    private Draw[] shareAc(Draw[] draws, Instant t) {
        double capA = Math.min(model.maxPowerW() / (ChargerModel.NOMINAL_VOLTAGE * model.phases()),
                smartCharging.stationLimit(t, ChargingRateUnitType.A));
        double total = 0;
        for (Draw d : draws) {
            total += d.currentA();
        }
        if (total <= capA) {
            return draws;
        }
        double factor = capA / total;
        for (int i = 0; i < draws.length; i++) {
            Draw d = draws[i];
            double current = d.currentA() * factor;
            if (current < MIN_AC_CURRENT) {
                current = 0;
            }
            draws[i] = new Draw(current * d.voltage() * d.phases(), current, d.phases(), d.voltage(),
                    Math.min(d.offeredW(), current * d.voltage() * d.phases()), Math.min(d.offeredA(), current));
        }
        return draws;
    }

    private Draw[] shareDc(Draw[] draws, Instant t) {
        double capW = Math.min(model.maxPowerW(), smartCharging.stationLimit(t, ChargingRateUnitType.W));
        double total = 0;
        for (Draw d : draws) {
            total += d.powerW();
        }
        if (total <= capW) {
            return draws;
        }
        double factor = capW / total;
        for (int i = 0; i < draws.length; i++) {
            Draw d = draws[i];
            double p = d.powerW() * factor;
            draws[i] = new Draw(p, d.voltage() > 0 ? p / d.voltage() : 0, 0, d.voltage(), p, d.voltage() > 0 ? p / d.voltage() : 0);
        }
        return draws;
    }
}
