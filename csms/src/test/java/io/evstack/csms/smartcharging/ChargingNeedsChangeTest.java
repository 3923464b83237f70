package io.evstack.csms.smartcharging;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.security.PasswordHasher;
import io.evstack.csms.smartcharging.site.ActiveSession;
import io.evstack.csms.smartcharging.site.SessionNeed;
import io.evstack.csms.smartcharging.site.Site;
import io.evstack.csms.smartcharging.site.SiteEvse;
import io.evstack.csms.smartcharging.site.SiteRepository;
import io.evstack.csms.smartcharging.site.SiteService;
import io.evstack.csms.transaction.TransactionRepository;
import io.evstack.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An EV whose charging needs change mid-session (OCPP 2.0.1 K15/K16: a new NotifyEVChargingNeeds, here an
 * earlier departure) gets a new allocation: the deadline balancer moves power from the patient car to the
 * one that is now in a hurry, lowering the first before it raises the second, within the site's limit.
 */
class ChargingNeedsChangeTest {
    private static final String CP = "LB-NEEDS";
    private static final String SITE = "needs-depot";

    /** The TxProfiles the balancer sent, in the order it sent them. */
    private static final class RecordingSender implements ProfileSender {
        record Sent(int evseId, long transactionId, double watts) {}

        final List<Sent> sent = new CopyOnWriteArrayList<>();

        @Override
        public String rateUnit(String chargePointId, boolean dc) {
            return ChargingLimit.WATTS;
        }

        @Override
        public CompletableFuture<String> fallback(String chargePointId, int evseId, ChargingLimit limit) {
            return CompletableFuture.completedFuture("Accepted");
        }

        @Override
        public CompletableFuture<String> idle(String chargePointId, int evseId, ChargingLimit limit, Instant now,
                Duration ttl) {
            return CompletableFuture.completedFuture("Accepted");
        }

        @Override
        public CompletableFuture<String> stationMax(String chargePointId, ChargingLimit limit, Instant now) {
            return CompletableFuture.completedFuture("Accepted");
        }

        @Override
        public CompletableFuture<String> allocation(String chargePointId, int evseId, ActiveSession session,
                ChargingLimit limit, Instant now, Duration ttl) {
            sent.add(new Sent(evseId, session.transactionId(), limit.watts()));
            return CompletableFuture.completedFuture("Accepted");
        }

        @Override
        public CompletableFuture<Optional<Double>> appliedLimit(String chargePointId, int evseId, String rateUnit,
                Duration duration) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public void forget(String chargePointId) {}
    }

    private static ChargingNeeds dcNeeds(int evseId, Instant departure, int energyWh) {
        return new ChargingNeeds(CP, evseId, "DC", departure, energyWh, null, 375, 400, 150_000, 20, null, null, null,
                null, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void anEarlierDepartureMovesPowerToThatCarDecreaseFirst(Database db) {
        try (db) {
            Instant now = Instant.parse("2026-11-24T10:00:00Z");
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            RecordingSender sender = new RecordingSender();
            SiteRepository repo = new SiteRepository(db.dsl());
            LoadBalancer balancer = new LoadBalancer(repo, sender, cp -> true, clock, LoadBalancer.Settings.DEFAULT);
            // closed at once: events only change the balancer's state, the test runs each round itself
            balancer.close();
            AtomicReference<LoadBalancer> listener = new AtomicReference<>(balancer);
            ChargePointService chargePoints = new ChargePointService(db.dsl(), clock, e -> listener.get().onEvent(e),
                    new PasswordHasher(1000), UnknownChargerPolicy.ACCEPT, 300, 60, "node-1");
            chargePoints.register(CP, null, RegistrationStatus.Accepted, 0, null);
            long cpPk = chargePoints.requirePk(CP);
            SiteService sites = new SiteService(repo, clock, id -> {});
            sites.putSite(new Site(SITE, "Depot", 60, null, "deadline", 480));
            sites.putEvse(SITE, new SiteEvse(CP, 1, null, true, 3, 1, 150, 10));
            sites.putEvse(SITE, new SiteEvse(CP, 2, null, true, 3, 1, 150, 10));
            ChargingNeedsService needs = new ChargingNeedsService(db.dsl(), clock, e -> listener.get().onEvent(e),
                    chargePoints, repo);
            TransactionRepository transactions = new TransactionRepository(db.dsl());
            long a = transactions.insert(cpPk, 1, "TAG-A", null, now.minusSeconds(600), 0L, null, now);
            long b = transactions.insert(cpPk, 2, "TAG-B", null, now.minusSeconds(300), 0L, null, now);

            // both EVs want 20 kWh by the evening: A, here first, gets the headroom
            assertThat(needs.record(dcNeeds(1, now.plus(Duration.ofHours(8)), 20_000)))
                    .isEqualTo(ChargingNeedsService.Outcome.SCHEDULED);
            assertThat(needs.record(dcNeeds(2, now.plus(Duration.ofHours(8)), 20_000)))
                    .isEqualTo(ChargingNeedsService.Outcome.SCHEDULED);
            balancer.rebalance(SITE);
            double aBefore = lastFor(sender, a);
            double bBefore = lastFor(sender, b);
            assertThat(aBefore + bBefore).isLessThanOrEqualTo(60_000);
            assertThat(aBefore).isGreaterThan(bBefore);

            // B's driver has to leave in 20 minutes and the EV says so: 15 kWh by then is 45 kW
            assertThat(needs.record(dcNeeds(2, now.plus(Duration.ofMinutes(20)), 15_000)))
                    .isEqualTo(ChargingNeedsService.Outcome.SCHEDULED);
            SessionNeed stored = repo.needs(List.of(b)).get(b);
            assertThat(stored.departure()).isEqualTo(now.plus(Duration.ofMinutes(20)));
            assertThat(stored.energyKwh()).isEqualTo(15.0);
            int before = sender.sent.size();
            balancer.rebalance(SITE);
            List<RecordingSender.Sent> round = sender.sent.subList(before, sender.sent.size());
            assertThat(round).extracting(RecordingSender.Sent::transactionId).containsExactly(a, b);
            assertThat(round.get(0).watts()).as("A comes down first").isLessThan(aBefore);
            assertThat(round.get(1).watts()).as("then B goes up to what it needs by its departure")
                    .isGreaterThanOrEqualTo(45_000);
            assertThat(round.get(0).watts() + round.get(1).watts()).isLessThanOrEqualTo(60_000);
        }
    }

    private static double lastFor(RecordingSender sender, long transactionId) {
        return sender.sent.stream().filter(s -> s.transactionId() == transactionId).reduce((x, y) -> y).orElseThrow()
                .watts();
    }
}
