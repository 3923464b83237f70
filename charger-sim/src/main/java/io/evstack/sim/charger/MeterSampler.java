package io.evstack.sim.charger;

import io.evstack.ocpp.v16.Location;
import io.evstack.ocpp.v16.Measurand;
import io.evstack.ocpp.v16.MeterValue;
import io.evstack.ocpp.v16.Phase;
import io.evstack.ocpp.v16.ReadingContext;
import io.evstack.ocpp.v16.SampledValue;
import io.evstack.ocpp.v16.UnitOfMeasure;
import io.evstack.ocpp.v16.ValueFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads a connector's meter as a MeterValue with the configured measurands. */
final class MeterSampler {
    private static final Phase[] PHASES = {Phase.L_1, Phase.L_2, Phase.L_3};
    private static final Phase[] PHASES_N = {Phase.L_1_N, Phase.L_2_N, Phase.L_3_N};

    private final boolean dc;

    MeterSampler(boolean dc) {
        this.dc = dc;
    }

    MeterValue sample(ConnectorSim c, List<String> measurands, ReadingContext context, Instant at) {
        List<SampledValue> values = new ArrayList<>();
        Draw d = c.draw;
        for (String name : measurands) {
            Measurand m;
            try {
                m = Measurand.fromValue(name);
            } catch (IllegalArgumentException e) {
                continue;
            }
            switch (m) {
                case ENERGY_ACTIVE_IMPORT_REGISTER ->
                        values.add(value(context, m, Math.round(c.meterWh) + "", UnitOfMeasure.WH, null, Location.OUTLET));
                case POWER_ACTIVE_IMPORT -> values.add(value(context, m, fmt(d.powerW()), UnitOfMeasure.W, null, Location.OUTLET));
                case POWER_OFFERED -> values.add(value(context, m, fmt(d.offeredW()), UnitOfMeasure.W, null, Location.OUTLET));
                case CURRENT_OFFERED -> values.add(value(context, m, fmt(d.offeredA()), UnitOfMeasure.A, null, Location.OUTLET));
                case CURRENT_IMPORT -> {
                    if (dc) {
                        values.add(value(context, m, fmt(d.currentA()), UnitOfMeasure.A, null, Location.OUTLET));
                    } else {
                        int phases = Math.max(1, d.phases());
                        for (int i = 0; i < phases; i++) {
                            values.add(value(context, m, fmt(d.currentA()), UnitOfMeasure.A, PHASES[i], Location.OUTLET));
                        }
                    }
                }
                case VOLTAGE -> {
                    if (dc) {
                        values.add(value(context, m, fmt(d.voltage()), UnitOfMeasure.V, null, Location.OUTLET));
                    } else {
                        int phases = Math.max(1, d.phases());
                        for (int i = 0; i < phases; i++) {
                            values.add(value(context, m, fmt(230.0), UnitOfMeasure.V, PHASES_N[i], Location.OUTLET));
                        }
                    }
                }
                case SO_C -> {
                    if (dc && c.ev != null) {
                        values.add(value(context, m, Long.toString(Math.round(c.ev.soc * 100)), UnitOfMeasure.PERCENT,
                                null, Location.EV));
                    }
                }
                default -> { }
            }
        }
        return new MeterValue().withTimestamp(at.atOffset(ZoneOffset.UTC)).withSampledValue(values);
    }

    private static SampledValue value(ReadingContext context, Measurand m, String v, UnitOfMeasure unit, Phase phase,
            Location location) {
        return new SampledValue().withValue(v).withContext(context).withFormat(ValueFormat.RAW).withMeasurand(m)
                .withUnit(unit).withPhase(phase).withLocation(location);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", Math.floor(v * 10.0) / 10.0);
    }
}
