package io.evstack.sim.charging;

import io.evstack.ocpp.v16.ChargingProfile;
import io.evstack.ocpp.v16.ChargingProfileKindType;
import io.evstack.ocpp.v16.ChargingProfilePurposeType;
import io.evstack.ocpp.v16.ChargingRateUnitType;
import io.evstack.ocpp.v16.ChargingSchedule;
import io.evstack.ocpp.v16.ChargingSchedulePeriod;
import io.evstack.ocpp.v16.RecurrencyKindType;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A charging profile as the charger keeps it: where it was installed, when (the start of an Absolute
 * profile without startSchedule), and its periods sorted.
 */
public record InstalledProfile(int connectorId, ChargingProfile profile, Instant installedAt,
        List<ChargingSchedulePeriod> periods) {

    public static InstalledProfile of(int connectorId, ChargingProfile profile, Instant installedAt) {
        List<ChargingSchedulePeriod> periods = profile.getChargingSchedule().getChargingSchedulePeriod().stream()
                .sorted(Comparator.comparingInt(ChargingSchedulePeriod::getStartPeriod)).toList();
        return new InstalledProfile(connectorId, profile, installedAt, periods);
    }

    public int id() {
        return profile.getChargingProfileId();
    }

    public int stackLevel() {
        return profile.getStackLevel();
    }

    public ChargingProfilePurposeType purpose() {
        return profile.getChargingProfilePurpose();
    }

    public ChargingSchedule schedule() {
        return profile.getChargingSchedule();
    }

    public ChargingRateUnitType unit() {
        return schedule().getChargingRateUnit();
    }

    /** A limit in force: its value in the profile's unit and the phases it assumes (null: the charger's). */
    public record Limit(double value, ChargingRateUnitType unit, Integer phases) {}

    /**
     * The limit this profile sets at {@code t}, if any.
     *
     * @param transactionStart start of a Relative schedule (the transaction's start; "now" without one)
     */
    public Optional<Limit> limitAt(Instant t, Instant transactionStart) {
        if (!valid(t)) {
            return Optional.empty();
        }
        Instant start = scheduleStart(t, transactionStart);
        if (start == null || t.isBefore(start)) {
            return Optional.empty();
        }
        long elapsed = Duration.between(start, t).toSeconds();
        Integer duration = schedule().getDuration();
        if (duration != null && elapsed >= duration) {
            return Optional.empty();
        }
        ChargingSchedulePeriod current = null;
        for (ChargingSchedulePeriod p : periods) {
            if (p.getStartPeriod() <= elapsed) {
                current = p;
            } else {
                break;
            }
        }
        return current == null ? Optional.empty()
                : Optional.of(new Limit(current.getLimit(), unit(), current.getNumberPhases()));
    }

    /** Instants in [from, to) at which this profile's limit may change: the edges of the composite schedule. */
    public void changePoints(Instant from, Instant to, Instant transactionStart, List<Instant> out) {
        addIfWithin(toInstant(profile.getValidFrom()), from, to, out);
        addIfWithin(toInstant(profile.getValidTo()), from, to, out);
        Duration cycle = cycle();
        Instant first = scheduleStart(from, transactionStart);
        if (first == null) {
            return;
        }
        for (Instant start = first; start.isBefore(to); start = start.plus(cycle == null ? Duration.ofDays(36500) : cycle)) {
            for (ChargingSchedulePeriod p : periods) {
                addIfWithin(start.plusSeconds(p.getStartPeriod()), from, to, out);
            }
            Integer duration = schedule().getDuration();
            if (duration != null) {
                addIfWithin(start.plusSeconds(duration), from, to, out);
            }
            if (cycle == null) {
                break;
            }
        }
    }

    private boolean valid(Instant t) {
        Instant from = toInstant(profile.getValidFrom());
        Instant to = toInstant(profile.getValidTo());
        return (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
    }

    private Instant scheduleStart(Instant t, Instant transactionStart) {
        ChargingProfileKindType kind = profile.getChargingProfileKind();
        Instant startSchedule = toInstant(schedule().getStartSchedule());
        return switch (kind) {
            case ABSOLUTE -> startSchedule != null ? startSchedule
                    : toInstant(profile.getValidFrom()) != null ? toInstant(profile.getValidFrom()) : installedAt;
            case RELATIVE -> transactionStart != null ? transactionStart : t;
            case RECURRING -> {
                Instant anchor = startSchedule != null ? startSchedule : installedAt;
                long cycle = cycle().toSeconds();
                long offset = Math.floorMod(Duration.between(anchor, t).toSeconds(), cycle);
                yield t.minusSeconds(offset).minusNanos(t.getNano());
            }
        };
    }

    private Duration cycle() {
        if (profile.getChargingProfileKind() != ChargingProfileKindType.RECURRING) {
            return null;
        }
        return profile.getRecurrencyKind() == RecurrencyKindType.WEEKLY ? Duration.ofDays(7) : Duration.ofDays(1);
    }

    private static void addIfWithin(Instant t, Instant from, Instant to, List<Instant> out) {
        if (t != null && t.isAfter(from) && t.isBefore(to)) {
            out.add(t);
        }
    }

    private static Instant toInstant(java.time.OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
