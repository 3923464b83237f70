package io.evstack.ocpi.tariffs;

import io.evstack.ocpi.sessions.OcpiSession;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Charging periods from the energy register readings of a transaction (start meter, the samples, stop
 * meter). An interval in which energy flowed is charging (ENERGY and TIME dimensions); one in which none
 * did is parking (PARKING_TIME), section 10.4.2. Consecutive intervals of the same kind make one period
 * (a new period starts when the tariff dimension in use changes, section 10.4.6).
 */
public final class ChargingPeriods {
    public record Reading(Instant at, long wh) {}

    public record Result(List<OcpiSession.ChargingPeriod> periods, long energyWh, long chargingSeconds,
            long parkingSeconds) {}

    private ChargingPeriods() {}

    public static Result of(List<Reading> readings, String tariffId) {
        List<OcpiSession.ChargingPeriod> periods = new ArrayList<>();
        long energy = 0;
        long charging = 0;
        long parking = 0;
        Instant periodStart = null;
        Boolean periodCharging = null;
        long periodWh = 0;
        long periodSeconds = 0;
        for (int i = 1; i < readings.size(); i++) {
            Reading a = readings.get(i - 1);
            Reading b = readings.get(i);
            long seconds = Math.max(0, Duration.between(a.at(), b.at()).toSeconds());
            long wh = Math.max(0, b.wh() - a.wh());
            if (seconds == 0 && wh == 0) {
                continue;
            }
            boolean isCharging = wh > 0;
            if (periodCharging != null && periodCharging != isCharging) {
                periods.add(period(periodStart, periodCharging, periodWh, periodSeconds, tariffId));
                periodStart = null;
                periodWh = 0;
                periodSeconds = 0;
            }
            if (periodStart == null) {
                periodStart = a.at();
            }
            periodCharging = isCharging;
            periodWh += wh;
            periodSeconds += seconds;
            energy += wh;
            if (isCharging) {
                charging += seconds;
            } else {
                parking += seconds;
            }
        }
        if (periodStart != null) {
            periods.add(period(periodStart, periodCharging, periodWh, periodSeconds, tariffId));
        }
        return new Result(periods, energy, charging, parking);
    }

    private static OcpiSession.ChargingPeriod period(Instant start, boolean charging, long wh, long seconds,
            String tariffId) {
        List<OcpiSession.Dimension> dims = charging
                ? List.of(new OcpiSession.Dimension("ENERGY", kwh(wh)),
                        new OcpiSession.Dimension("TIME", hours(seconds)))
                : List.of(new OcpiSession.Dimension("PARKING_TIME", hours(seconds)));
        return new OcpiSession.ChargingPeriod(start, dims, tariffId);
    }

    /** Wh as kWh, exactly. */
    public static BigDecimal kwh(long wh) {
        return BigDecimal.valueOf(wh).movePointLeft(3);
    }

    /** Seconds as hours, to the microhour (3.6 ms), the precision the Session and CDR carry. */
    public static BigDecimal hours(long seconds) {
        return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(3600), 6, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
