package io.evstack.sim.charging;

import io.evstack.ocpp.v16.ChargingProfilePurposeType;
import io.evstack.ocpp.v16.ChargingRateUnitType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Works out what the installed profiles allow (OCPP 1.6 section 3.13.4): per purpose the profile with
 * the highest stack level in force wins; a TxProfile of the running transaction beats the TxDefaultProfile
 * (one on the connector beats one on connector 0); the ChargePointMaxProfile caps the whole station.
 * The charger enforces these limits on every step of its simulated meters and answers
 * GetCompositeSchedule from the same code.
 */
public final class SmartCharging {
    private final ChargingProfileStore store;
    private final RateConverter converter;

    public SmartCharging(ChargingProfileStore store, RateConverter converter) {
        this.store = store;
        this.converter = converter;
    }

    public RateConverter converter() {
        return converter;
    }

    /**
     * The transaction-level limit on a connector (TxProfile, else TxDefaultProfile), in {@code unit};
     * +∞ when no profile sets one.
     */
    public double connectorLimit(int connectorId, Instant t, Instant txStart, Integer transactionId,
            ChargingRateUnitType unit) {
        if (txStart != null) {
            Optional<InstalledProfile.Limit> tx = winner(t, txStart, p -> p.connectorId() == connectorId
                    && p.purpose() == ChargingProfilePurposeType.TX_PROFILE
                    && (p.profile().getTransactionId() == null || transactionId == null
                            || p.profile().getTransactionId().equals(transactionId)));
            if (tx.isPresent()) {
                return in(unit, tx.get());
            }
        }
        Optional<InstalledProfile.Limit> own = winner(t, txStart, p -> p.connectorId() == connectorId
                && p.purpose() == ChargingProfilePurposeType.TX_DEFAULT_PROFILE);
        if (own.isPresent()) {
            return in(unit, own.get());
        }
        return winner(t, txStart, p -> p.connectorId() == 0 && p.purpose() == ChargingProfilePurposeType.TX_DEFAULT_PROFILE)
                .map(l -> in(unit, l)).orElse(Double.POSITIVE_INFINITY);
    }

    /** The ChargePointMaxProfile's limit on the whole station, in {@code unit}; +∞ when none is in force. */
    public double stationLimit(Instant t, ChargingRateUnitType unit) {
        return winner(t, null, p -> p.purpose() == ChargingProfilePurposeType.CHARGE_POINT_MAX_PROFILE)
                .map(l -> in(unit, l)).orElse(Double.POSITIVE_INFINITY);
    }

    /**
     * The composite schedule of a connector (or of the station, connector 0), hardware limit included,
     * from {@code from} for {@code duration}.
     */
    public CompositeSchedule composite(int connectorId, Instant from, Duration duration, ChargingRateUnitType unit,
            Instant txStart, Integer transactionId, double hardwareLimit) {
        Instant to = from.plus(duration);
        List<Instant> edges = new ArrayList<>();
        edges.add(from);
        for (InstalledProfile p : store.all()) {
            p.changePoints(from, to, txStart != null ? txStart : from, edges);
        }
        List<Instant> sorted = edges.stream().distinct().sorted().toList();
        List<CompositeSchedule.Period> periods = new ArrayList<>();
        Instant relativeStart = txStart != null ? txStart : from;
        for (Instant t : sorted) {
            double limit = Math.min(hardwareLimit, stationLimit(t, unit));
            if (connectorId > 0) {
                limit = Math.min(limit, connectorLimit(connectorId, t, relativeStart, transactionId, unit));
            }
            int offset = (int) Duration.between(from, t).toSeconds();
            if (periods.isEmpty() || periods.getLast().limit() != limit) {
                if (!periods.isEmpty() && periods.getLast().startPeriod() == offset) {
                    periods.removeLast();
                }
                periods.add(new CompositeSchedule.Period(offset, limit));
            }
        }
        return new CompositeSchedule(from, (int) duration.toSeconds(), unit, periods);
    }

    private Optional<InstalledProfile.Limit> winner(Instant t, Instant txStart,
            java.util.function.Predicate<InstalledProfile> which) {
        InstalledProfile.Limit best = null;
        int bestLevel = -1;
        for (InstalledProfile p : store.all()) {
            if (which.test(p) && p.stackLevel() > bestLevel) {
                Optional<InstalledProfile.Limit> limit = p.limitAt(t, txStart);
                if (limit.isPresent()) {
                    best = limit.get();
                    bestLevel = p.stackLevel();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private double in(ChargingRateUnitType unit, InstalledProfile.Limit limit) {
        return converter.convert(limit.value(), limit.unit(), unit, limit.phases());
    }
}
