package io.evstack.csms.smartcharging;

import io.evstack.csms.smartcharging.site.ActiveSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * How the balancer's profiles reach a charger, in whatever OCPP version the charger speaks: the fallback
 * TxDefaultProfile per EVSE, the idle level above it, the station cap, and the TxProfile of a running
 * transaction; and
 * how the balancer reads back what the charger applied (GetCompositeSchedule). Each profile goes out
 * under one id per charger, EVSE and purpose, so that the next one replaces it.
 */
public interface ProfileSender {
    /** The unit the charger takes for an EVSE: W for DC and A for AC, unless it is known to take only the other. */
    String rateUnit(String chargePointId, boolean dc);

    /** The answer: Accepted, Rejected, or Failed (no answer, not connected, CALLERROR). */
    CompletableFuture<String> fallback(String chargePointId, int evseId, ChargingLimit limit);

    /**
     * The idle level: a TxDefaultProfile above the fallback, valid for {@code ttl} from now, so that a car
     * plugged in while the EVSE is idle starts at this (low) level until the balancer raises it, and at the
     * fallback once the CSMS has stopped renewing it.
     */
    CompletableFuture<String> idle(String chargePointId, int evseId, ChargingLimit limit, Instant now, Duration ttl);

    CompletableFuture<String> stationMax(String chargePointId, ChargingLimit limit, Instant now);

    CompletableFuture<String> allocation(String chargePointId, int evseId, ActiveSession session, ChargingLimit limit,
            Instant now, Duration ttl);

    /**
     * The limit in force on the EVSE now according to the charger's composite schedule, in {@code rateUnit};
     * empty when the charger refused to tell. Fails with {@link CompositeUnsupported} when the charger does
     * not implement the request at all, so that the caller stops asking.
     */
    CompletableFuture<Optional<Double>> appliedLimit(String chargePointId, int evseId, String rateUnit, Duration duration);

    /** Forgets what is cached about a charger (it rebooted, or reconnected, perhaps with new firmware). */
    void forget(String chargePointId);

    /** The charger answered GetCompositeSchedule with NotImplemented or NotSupported. */
    final class CompositeUnsupported extends RuntimeException {
        public CompositeUnsupported(String chargePointId) {
            super("Charger " + chargePointId + " does not implement GetCompositeSchedule");
        }
    }
}
