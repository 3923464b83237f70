package io.evstack.csms.smartcharging;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.csms.chargepoint.ChargePointRepository;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.csms.event.DomainEvent;
import io.evstack.csms.smartcharging.site.ActiveSession;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A TransactionStopped delivered after the next transaction on the same connector has started (a stop
 * committed on a charger's old connection, published after the start on its new one) must not make the
 * balancer forget the new transaction's limit: lowering that limit is still a decrease, sent and answered
 * before anyone's increase.
 */
class LateTransactionStoppedTest {
    private static final String CP = "LB-LATE-STOP";
    private static final String SITE = "late-stop-depot";

    /** What the balancer sent as TxProfiles; refuses those of one transaction when told to. */
    private static final class RecordingSender implements ProfileSender {
        record Allocation(int evseId, long transactionId, double watts) {}

        final List<Allocation> allocations = new CopyOnWriteArrayList<>();
        volatile long refused = -1;

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
            allocations.add(new Allocation(evseId, session.transactionId(), limit.watts()));
            return CompletableFuture.completedFuture(session.transactionId() == refused ? "Rejected" : "Accepted");
        }

        @Override
        public CompletableFuture<Optional<Double>> appliedLimit(String chargePointId, int evseId, String rateUnit,
                Duration duration) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public void forget(String chargePointId) {}
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aLateStopOfTheOldTransactionLeavesTheNewOnesLimitInForce(Database db) {
        try (db) {
            Instant now = Instant.parse("2026-11-24T10:00:00Z");
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            long cpPk = new ChargePointRepository(db.dsl()).insert(CP, null, RegistrationStatus.Accepted, 0, null, now);
            SiteRepository repo = new SiteRepository(db.dsl());
            SiteService sites = new SiteService(repo, clock, id -> {});
            sites.putSite(new Site(SITE, "Depot", 30, null, "fair-share", 480));
            sites.putEvse(SITE, new SiteEvse(CP, 1, null, true, 3, 1, 22, 4));
            sites.putEvse(SITE, new SiteEvse(CP, 2, null, true, 3, 1, 22, 4));
            TransactionRepository transactions = new TransactionRepository(db.dsl());
            RecordingSender sender = new RecordingSender();
            LoadBalancer balancer = new LoadBalancer(repo, sender, cp -> true, clock, LoadBalancer.Settings.DEFAULT);
            // closed at once: events only change the balancer's state, the test runs each round itself
            balancer.close();

            long a = transactions.insert(cpPk, 1, "TAG-A", null, now.minusSeconds(600), 0L, null, now);
            balancer.rebalance(SITE);
            // A's transaction ends and B's starts on the same connector; B is sent its limit
            transactions.stop(a, now.minusSeconds(120), 1000, "Local", null, now);
            long b = transactions.insert(cpPk, 1, "TAG-B", null, now.minusSeconds(60), 1000L, null, now);
            balancer.onEvent(new DomainEvent.TransactionStarted(CP, b, 1, "TAG-B", 1000, now.minusSeconds(60)));
            balancer.rebalance(SITE);
            // connector 2 idle at its 4 kW fallback: B may draw all its 22 kW
            assertThat(sender.allocations).last().isEqualTo(new RecordingSender.Allocation(1, b, 22_000));

            // A's stop arrives only now
            balancer.onEvent(new DomainEvent.TransactionStopped(CP, a, 1, 1000, "Local", now.minusSeconds(120)));
            LiveAllocation one = balancer.live(SITE).stream().filter(l -> l.connectorId() == 1).findFirst().orElseThrow();
            assertThat(one.transactionId()).isEqualTo(b);
            assertThat(one.limitW()).isEqualTo(22_000);

            // C starts on connector 2: B must come down before C goes up; B's charger refuses the decrease,
            // so C's increase is held (had B's 22 kW been forgotten, both would have gone out as increases)
            long c = transactions.insert(cpPk, 2, "TAG-C", null, now.minusSeconds(30), 0L, null, now);
            balancer.onEvent(new DomainEvent.TransactionStarted(CP, c, 2, "TAG-C", 0, now.minusSeconds(30)));
            sender.refused = b;
            int before = sender.allocations.size();
            balancer.rebalance(SITE);
            List<RecordingSender.Allocation> round = sender.allocations.subList(before, sender.allocations.size());
            assertThat(round).singleElement().satisfies(x -> {
                assertThat(x.transactionId()).isEqualTo(b);
                assertThat(x.watts()).isLessThan(22_000);
            });
        }
    }
}
