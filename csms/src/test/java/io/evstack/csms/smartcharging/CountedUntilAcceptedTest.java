package io.evstack.csms.smartcharging;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.csms.smartcharging.site.SiteRepository;
import io.evstack.csms.transaction.TransactionRepository;
import io.evstack.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Until a charger has accepted a limit (its fallback TxDefaultProfile, or a TxProfile), nothing stops it
 * from drawing its hardware maximum: it has just connected, or it refused or did not answer. The balancer
 * counts it there, and gives the others only what that leaves; once it accepts, it counts at what it
 * accepted. Two 22 kW DC chargers under a 30 kW connection: while B has accepted nothing, A may have at
 * most 30 - 22 = 8 kW.
 */
class CountedUntilAcceptedTest {
    private static final String A = "LB-ACC-A";
    private static final String B = "LB-ACC-B";
    private static final String SITE = "accepted-depot";

    private record Depot(LoadBalancer balancer, ChoosyProfileSender sender, TransactionRepository transactions, long aPk,
            long bPk, Instant now) {}

    private static Depot depot(Database db) {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        List<Long> pks = TestSites.dcDepot(db, clock, SITE, 30, A, B);
        long aPk = pks.get(0);
        long bPk = pks.get(1);
        SiteRepository repo = new SiteRepository(db.dsl());
        ChoosyProfileSender sender = new ChoosyProfileSender();
        LoadBalancer balancer = new LoadBalancer(repo, sender, cp -> true, clock, LoadBalancer.Settings.DEFAULT);
        // closed at once: the test runs each round itself
        balancer.close();
        return new Depot(balancer, sender, new TransactionRepository(db.dsl()), aPk, bPk, now);
    }

    private static LiveAllocation live(LoadBalancer balancer, String chargePointId) {
        return balancer.live(SITE).stream().filter(l -> l.chargePointId().equals(chargePointId)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void anIdleChargerThatRefusedItsFallbackCountsAtItsHardwareUntilItAccepts(Database db) {
        try (db) {
            Depot d = depot(db);
            d.sender().fallbackAnswer.put(B, "Rejected");
            long a = d.transactions().insert(d.aPk(), 1, "TAG-A", null, d.now().minusSeconds(60), 0L, null, d.now());
            d.balancer().rebalance(SITE);
            assertThat(live(d.balancer(), B).limitW()).as("B counted at its hardware").isEqualTo(22_000);
            assertThat(d.sender().last(a)).as("A gets what B's 22 kW leave of 30 kW").isLessThanOrEqualTo(8_000);

            // B answers nothing now: still nothing accepted
            d.sender().fallbackAnswer.put(B, "Failed");
            d.balancer().rebalance(SITE);
            assertThat(live(d.balancer(), B).limitW()).isEqualTo(22_000);
            assertThat(d.sender().last(a)).isLessThanOrEqualTo(8_000);

            // B accepts its fallback: counted at what it accepted, and A goes up
            d.sender().fallbackAnswer.remove(B);
            d.balancer().rebalance(SITE);
            assertThat(live(d.balancer(), B).limitW()).isLessThanOrEqualTo(4_000);
            assertThat(d.sender().last(a)).isGreaterThanOrEqualTo(20_000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aCarPluggedInBeforeAnyLimitWasAcceptedCountsAtTheHardwareUntilItsChargerAcceptsOne(Database db) {
        try (db) {
            Depot d = depot(db);
            d.sender().fallbackAnswer.put(B, "Rejected");
            d.sender().allocationAnswer.put(B, "Rejected");
            long a = d.transactions().insert(d.aPk(), 1, "TAG-A", null, d.now().minusSeconds(60), 0L, null, d.now());
            long b = d.transactions().insert(d.bPk(), 1, "TAG-B", null, d.now().minusSeconds(30), 0L, null, d.now());
            d.balancer().rebalance(SITE);
            d.balancer().rebalance(SITE);
            assertThat(live(d.balancer(), B).limitW()).as("B counted at its hardware").isEqualTo(22_000);
            assertThat(d.sender().last(a)).as("A gets what B's 22 kW leave").isLessThanOrEqualTo(8_000);
            assertThat(d.sender().last(b)).as("B is asked to come down").isLessThan(22_000);

            // B accepts a TxProfile (never its fallback): from then on it counts at what it accepted
            d.sender().allocationAnswer.remove(B);
            d.balancer().rebalance(SITE);
            d.balancer().rebalance(SITE);
            double aNow = d.sender().last(a);
            double bNow = d.sender().last(b);
            assertThat(live(d.balancer(), B).limitW()).isEqualTo(bNow);
            assertThat(aNow).as("A goes up once B's limit is accepted").isGreaterThan(8_000);
            assertThat(aNow + bNow).isLessThanOrEqualTo(30_000);
        }
    }
}
