package io.evstack.csms.smartcharging;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.csms.chargepoint.ChargePointRepository;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.csms.smartcharging.site.Site;
import io.evstack.csms.smartcharging.site.SiteEvse;
import io.evstack.csms.smartcharging.site.SiteRepository;
import io.evstack.csms.smartcharging.site.SiteService;
import io.evstack.csms.transaction.TransactionRepository;
import io.evstack.db.Database;
import io.evstack.db.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A TxProfile the charger never answered (the call timed out) counts as in force where it is higher than the
 * accepted one, since the charger may have applied it. If the next rounds compute the same limit, nothing
 * was sent again, so the EVSE stayed counted at a limit it may not be using until the profile expired (ten
 * minutes): capacity the others could not have. Once its answer is overdue, the limit is sent again.
 */
class OverdueAnswerResentTest {
    private static final String CP = "LB-OVERDUE";
    private static final String SITE = "overdue-depot";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aLimitWhoseAnswerNeverCameIsSentAgain(Database db) {
        try (db) {
            Instant start = Instant.parse("2026-11-24T10:00:00Z");
            TestClock clock = new TestClock(start);
            long cpPk = new ChargePointRepository(db.dsl()).insert(CP, null, RegistrationStatus.Accepted, 0, null, start);
            SiteRepository repo = new SiteRepository(db.dsl());
            new SiteService(repo, clock, id -> {}).putSite(new Site(SITE, "Depot", 50, null, "fair-share", 480));
            new SiteService(repo, clock, id -> {}).putEvse(SITE, new SiteEvse(CP, 1, null, true, 3, 1, 22, 4));
            long tx = new TransactionRepository(db.dsl()).insert(cpPk, 1, "TAG", null, start.minusSeconds(60), 0L, null, start);
            ChoosyProfileSender sender = new ChoosyProfileSender();
            LoadBalancer balancer = new LoadBalancer(repo, sender, cp -> true, clock, LoadBalancer.Settings.DEFAULT);
            balancer.close(); // the test runs each round itself

            // capped at 10 kW by an eMSP: sent and accepted
            balancer.capTransaction(CP, tx, List.of(new LoadBalancer.Cap(start, 10_000)));
            balancer.rebalance(SITE);
            assertThat(sender.allocations.getLast().watts()).isEqualTo(10_000);

            // the cap lifted: 22 kW sent, and the call times out without an answer
            sender.hold = true;
            balancer.capTransaction(CP, tx, List.of());
            balancer.rebalance(SITE);
            assertThat(sender.allocations.getLast().watts()).isEqualTo(22_000);
            sender.heldAnswers.getLast().complete("Failed");
            sender.hold = false;

            // a round before the answer is overdue sends nothing new
            int before = sender.allocations.size();
            clock.advance(Duration.ofSeconds(10));
            balancer.rebalance(SITE);
            assertThat(sender.allocations).hasSize(before);

            // once it is overdue, the 22 kW go out again, are accepted, and are the limit in force
            clock.advance(LoadBalancer.Settings.DEFAULT.answerTimeout());
            balancer.rebalance(SITE);
            assertThat(sender.allocations.subList(before, sender.allocations.size())).singleElement()
                    .satisfies(a -> assertThat(a.watts()).isEqualTo(22_000));
            assertThat(balancer.live(SITE)).singleElement().satisfies(l -> assertThat(l.limitW()).isEqualTo(22_000));
        }
    }
}
