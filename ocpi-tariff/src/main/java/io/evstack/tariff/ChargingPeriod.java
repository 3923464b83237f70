package io.evstack.tariff;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * An OCPI CDR ChargingPeriod (section 10.4.6): its start and its CdrDimension volumes by type (ENERGY in
 * kWh, TIME / PARKING_TIME / RESERVATION_TIME in hours, CURRENT / MAX_CURRENT / MIN_CURRENT in A, POWER /
 * MAX_POWER / MIN_POWER in kW, ...). A period lasts until the next one starts, the last until the
 * session's end.
 */
public record ChargingPeriod(Instant start, Map<String, BigDecimal> dimensions) {
    public ChargingPeriod {
        dimensions = Map.copyOf(dimensions);
    }

    BigDecimal volume(String type) {
        return dimensions.getOrDefault(type, BigDecimal.ZERO);
    }
}
