package io.evstack.csms.transaction;

/** One sampled value and, when the station signed it, its signed form (OCPP 2.0.1). */
public record MeterReading(MeterSample sample, SignedMeterData signed) {
    public static MeterReading of(MeterSample sample) {
        return new MeterReading(sample, null);
    }
}
