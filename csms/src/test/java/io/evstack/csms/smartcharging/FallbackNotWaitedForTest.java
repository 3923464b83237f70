package io.evstack.csms.smartcharging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.evstack.csms.event.DomainEvent;
import io.evstack.csms.smartcharging.site.SiteRepository;
import io.evstack.csms.transaction.TransactionRepository;
import io.evstack.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The balancer does not wait for fallback answers: a charger that does not answer its fallback holds up no
 * round (the balancer's one thread serves every site), it is counted at its hardware maximum until it
 * accepts, and its acceptance, whenever it comes, starts a round that gives the others what it frees. An
 * acceptance of a fallback sent before the charger rebooted is not taken: the charger may have lost it. Two
 * 22 kW DC chargers under a 30 kW connection, as in {@link CountedUntilAcceptedTest}.
 */
class FallbackNotWaitedForTest {
    private static final String A = "LB-NW-A";
    private static final String B = "LB-NW-B";
    private static final String SITE = "not-waited-depot";

    private record Depot(LoadBalancer balancer, ChoosyProfileSender sender, long a) {}

    private static Depot depot(Database db) {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        long aPk = TestSites.dcDepot(db, clock, SITE, 30, A, B).getFirst();
        SiteRepository repo = new SiteRepository(db.dsl());
        ChoosyProfileSender sender = new ChoosyProfileSender();
        sender.holdFallback.add(B);
        sender.idleAnswer.put(B, "Rejected"); // an accepted idle level (DC: 0 W) would count B at it
        // not started (no periodic rounds), but its worker runs the rounds that answers request
        LoadBalancer balancer = new LoadBalancer(repo, sender, cp -> true, clock, LoadBalancer.Settings.DEFAULT);
        long a = new TransactionRepository(db.dsl()).insert(aPk, 1, "TAG-A", null, now.minusSeconds(60), 0L, null, now);
        return new Depot(balancer, sender, a);
    }

    private static double liveW(LoadBalancer balancer, String chargePointId) {
        return balancer.live(SITE).stream().filter(l -> l.chargePointId().equals(chargePointId)).findFirst().orElseThrow()
                .limitW();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aSilentChargerHoldsUpNoRoundAndItsLateAcceptanceRebalances(Database db) {
        try (db) {
            Depot d = depot(db);
            try (LoadBalancer balancer = d.balancer()) {
                // before, the round waited the whole answer timeout (35 s) for B's fallback
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> balancer.rebalance(SITE));
                assertThat(liveW(balancer, B)).as("B counted at its hardware").isEqualTo(22_000);
                assertThat(d.sender().last(d.a())).as("A gets what B's 22 kW leave").isLessThanOrEqualTo(8_000);

                // a second round does not send B its fallback again while the first is on its way
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> balancer.rebalance(SITE));
                assertThat(d.sender().heldFallbacks).hasSize(1);

                // B accepts, late: a round of its own raises A, with no event and no periodic round
                d.sender().heldFallbacks.getFirst().complete("Accepted");
                await().atMost(Duration.ofSeconds(10)).until(() -> d.sender().last(d.a()) >= 20_000);
                assertThat(liveW(balancer, B)).isLessThanOrEqualTo(4_000);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void anAcceptanceOfAFallbackSentBeforeARebootIsNotTaken(Database db) {
        try (db) {
            Depot d = depot(db);
            try (LoadBalancer balancer = d.balancer()) {
                balancer.rebalance(SITE);
                assertThat(d.sender().heldFallbacks).hasSize(1);

                // B reboots while its fallback is on its way; the balancer tells it again
                balancer.onEvent(new DomainEvent.ChargerBooted(B, "Accepted", Instant.now()));
                await().atMost(Duration.ofSeconds(10)).until(() -> d.sender().heldFallbacks.size() == 2);
                // the answer to the first, sent before the reboot, comes now: B may have lost that profile
                d.sender().heldFallbacks.getFirst().complete("Accepted");
                balancer.request(SITE);
                await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10))
                        .until(() -> liveW(balancer, B) == 22_000);
                assertThat(d.sender().last(d.a())).isLessThanOrEqualTo(8_000);

                // the answer to the one sent after it counts
                d.sender().heldFallbacks.get(1).complete("Accepted");
                await().atMost(Duration.ofSeconds(10)).until(() -> d.sender().last(d.a()) >= 20_000);
                assertThat(liveW(balancer, B)).isLessThanOrEqualTo(4_000);
            }
        }
    }
}
