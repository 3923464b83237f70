package io.evstack.csms.smartcharging;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A charging profile as OCPP 1.6 defines it (section 7.8), kept by the CSMS. Its id is the
 * chargingProfileId sent to chargers. Limits are in the rate unit: A or W.
 */
public record ChargingProfile(
        Long id,
        String description,
        int stackLevel,
        String purpose,
        String kind,
        String recurrencyKind,
        Instant validFrom,
        Instant validTo,
        Integer duration,
        Instant startSchedule,
        String rateUnit,
        BigDecimal minChargingRate,
        List<Period> periods) {

    public record Period(int startPeriod, BigDecimal limit, Integer numberPhases) {}

    public ChargingProfile withId(long newId) {
        return new ChargingProfile(newId, description, stackLevel, purpose, kind, recurrencyKind, validFrom, validTo,
                duration, startSchedule, rateUnit, minChargingRate, periods);
    }
}
