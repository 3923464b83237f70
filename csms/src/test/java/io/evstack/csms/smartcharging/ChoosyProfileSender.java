package io.evstack.csms.smartcharging;

import io.evstack.csms.smartcharging.site.ActiveSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Answers every profile Accepted, except what the test tells one charger to refuse (a charger that refuses
 * its fallback refuses its idle level too, unless told otherwise); while {@code hold} is set, allocations wait
 * for the test to answer them ({@code heldAnswers}, in the order sent); so do the fallbacks of the chargers in
 * {@code holdFallback}.
 */
final class ChoosyProfileSender implements ProfileSender {
    record Allocation(String chargePointId, long transactionId, double watts) {}

    final List<Allocation> allocations = new CopyOnWriteArrayList<>();
    final Map<String, String> fallbackAnswer = new ConcurrentHashMap<>();
    final Map<String, String> allocationAnswer = new ConcurrentHashMap<>();
    final Map<String, String> idleAnswer = new ConcurrentHashMap<>();
    /** The idle levels sent: charger/EVSE and W. */
    final List<Allocation> idles = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<String>> heldAnswers = new CopyOnWriteArrayList<>();
    volatile boolean hold;
    /** Chargers whose allocations are held as with {@code hold}. */
    final java.util.Set<String> holdAllocations = ConcurrentHashMap.newKeySet();
    /** Chargers whose fallbacks wait for the test to answer them ({@code heldFallbacks}, in the order sent). */
    final java.util.Set<String> holdFallback = ConcurrentHashMap.newKeySet();
    final List<CompletableFuture<String>> heldFallbacks = new CopyOnWriteArrayList<>();

    @Override
    public String rateUnit(String chargePointId, boolean dc) {
        return ChargingLimit.WATTS;
    }

    @Override
    public CompletableFuture<String> fallback(String chargePointId, int evseId, ChargingLimit limit) {
        if (holdFallback.contains(chargePointId)) {
            var answer = new CompletableFuture<String>();
            heldFallbacks.add(answer);
            return answer;
        }
        return CompletableFuture.completedFuture(fallbackAnswer.getOrDefault(chargePointId, "Accepted"));
    }

    @Override
    public CompletableFuture<String> idle(String chargePointId, int evseId, ChargingLimit limit, Instant now,
            Duration ttl) {
        idles.add(new Allocation(chargePointId + "/" + evseId, 0, limit.watts()));
        return CompletableFuture.completedFuture(idleAnswer.getOrDefault(chargePointId,
                fallbackAnswer.getOrDefault(chargePointId, "Accepted")));
    }

    @Override
    public CompletableFuture<String> stationMax(String chargePointId, ChargingLimit limit, Instant now) {
        return CompletableFuture.completedFuture("Accepted");
    }

    @Override
    public CompletableFuture<String> allocation(String chargePointId, int evseId, ActiveSession session,
            ChargingLimit limit, Instant now, Duration ttl) {
        allocations.add(new Allocation(chargePointId, session.transactionId(), limit.watts()));
        if (hold || holdAllocations.contains(chargePointId)) {
            var answer = new CompletableFuture<String>();
            heldAnswers.add(answer);
            return answer;
        }
        return CompletableFuture.completedFuture(allocationAnswer.getOrDefault(chargePointId, "Accepted"));
    }

    @Override
    public CompletableFuture<Optional<Double>> appliedLimit(String chargePointId, int evseId, String rateUnit,
            Duration duration) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public void forget(String chargePointId) {}

    double last(long transactionId) {
        return allocations.stream().filter(a -> a.transactionId() == transactionId).reduce((x, y) -> y)
                .orElseThrow().watts();
    }
}
