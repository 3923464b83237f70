package io.evstack.ocpi.chargingprofiles;

import java.time.Instant;

/** ActiveChargingProfile (section 14.4.1): the schedule in force at the charger, from {@code startDateTime}. */
public record ActiveChargingProfile(Instant startDateTime, OcpiChargingProfile chargingProfile) {}
