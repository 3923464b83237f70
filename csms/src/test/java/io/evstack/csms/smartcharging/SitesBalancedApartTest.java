package io.evstack.csms.smartcharging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evstack.csms.smartcharging.site.SiteRepository;
import io.evstack.csms.transaction.TransactionRepository;
import io.evstack.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A round waits for its decreases to be answered before it sends its increases (up to the answer timeout,
 * 35 s). That wait holds up the next rounds of the same site only: another depot's chargers are balanced
 * meanwhile. (All sites' rounds ran on one thread, so one charger slow to answer a decrease froze the smart
 * charging of every depot.)
 */
class SitesBalancedApartTest {
    private static final String SLOW = "LB-APART-SLOW";
    private static final String OTHER = "LB-APART-OTHER";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aDecreaseWaitedForAtOneDepotHoldsUpNoOtherDepot(Database db) {
        try (db) {
            Instant now = Instant.parse("2026-11-24T10:00:00Z");
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            long slowPk = TestSites.dcDepot(db, clock, "apart-a", 50, SLOW).getFirst();
            long otherPk = TestSites.dcDepot(db, clock, "apart-b", 50, OTHER).getFirst();
            SiteRepository repo = new SiteRepository(db.dsl());
            var transactions = new TransactionRepository(db.dsl());
            long slowTx = transactions.insert(slowPk, 1, "TAG-A", null, now.minusSeconds(60), 0L, null, now);
            ChoosyProfileSender sender = new ChoosyProfileSender();
            try (LoadBalancer balancer = new LoadBalancer(repo, sender, cp -> true, clock, LoadBalancer.Settings.DEFAULT)) {
                // depot A's car gets the charger's 22 kW
                balancer.request("apart-a");
                await().atMost(Duration.ofSeconds(10)).until(() -> sender.allocations.stream()
                        .anyMatch(a -> a.transactionId() == slowTx && a.watts() == 22_000));

                // capped to 10 kW: a decrease, which its charger does not answer; A's round waits for it
                sender.holdAllocations.add(SLOW);
                balancer.capTransaction(SLOW, slowTx, List.of(new LoadBalancer.Cap(now, 10_000)));
                await().atMost(Duration.ofSeconds(10)).until(() -> !sender.heldAnswers.isEmpty());

                // meanwhile a car starts at depot B: it is given its limit, not after A's wait
                long otherTx = transactions.insert(otherPk, 1, "TAG-B", null, now.minusSeconds(5), 0L, null, now);
                balancer.request("apart-b");
                await().atMost(Duration.ofSeconds(10)).until(() -> sender.allocations.stream()
                        .anyMatch(a -> a.transactionId() == otherTx));
                assertThat(sender.heldAnswers.getFirst()).as("A's decrease still unanswered").isNotDone();
                sender.heldAnswers.forEach(a -> a.complete("Accepted"));
            }
        }
    }
}
