package io.evstack.csms.transaction;

import java.time.Instant;

/**
 * One sampled value as a charger reported it (OCPP 1.6 SampledValue), with the spec's defaults already
 * applied where the charger omitted a field: measurand Energy.Active.Import.Register, context
 * Sample.Periodic, format Raw, location Outlet, unit Wh (section 7.45). The value is kept as text: signed
 * meter data is not a number.
 */
public record MeterSample(
        Instant timestamp,
        String value,
        String measurand,
        String phase,
        String unit,
        String context,
        String location,
        String format) {

    public static final String ENERGY_IMPORT_REGISTER = "Energy.Active.Import.Register";

    public static MeterSample of(Instant timestamp, String value, String measurand, String phase, String unit,
            String context, String location, String format) {
        return new MeterSample(timestamp, value,
                measurand == null ? ENERGY_IMPORT_REGISTER : measurand,
                phase,
                unit == null ? defaultUnit(measurand == null ? ENERGY_IMPORT_REGISTER : measurand) : unit,
                context == null ? "Sample.Periodic" : context,
                location == null ? "Outlet" : location,
                format == null ? "Raw" : format);
    }

    private static String defaultUnit(String measurand) {
        // Section 7.45: unit defaults to Wh whatever the measurand; we keep that literal rule for energy
        // and leave other measurands without a guessed unit.
        return measurand.startsWith("Energy.") ? "Wh" : null;
    }

    /** The total imported energy in Wh, if this sample is the outlet's import register in plain numbers. */
    public java.util.OptionalLong energyImportWh() {
        if (!ENERGY_IMPORT_REGISTER.equals(measurand) || phase != null || !"Raw".equals(format)
                || !"Outlet".equals(location)) {
            return java.util.OptionalLong.empty();
        }
        try {
            double v = Double.parseDouble(value);
            if ("kWh".equals(unit)) {
                v *= 1000;
            } else if (unit != null && !"Wh".equals(unit)) {
                return java.util.OptionalLong.empty();
            }
            return java.util.OptionalLong.of(Math.round(v));
        } catch (NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }
}
