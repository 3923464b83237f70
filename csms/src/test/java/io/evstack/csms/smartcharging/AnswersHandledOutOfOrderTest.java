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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A charger answers TxProfiles in the order they were sent, but the CSMS handles each answer on a thread of
 * its own after its database writes, so the answer to an earlier profile can be handled after the answer to
 * a later one. The balancer must keep the later limit as the one in force: else it believes the charger has
 * the earlier (higher) limit, and when an eMSP's cap is lifted it sends nothing (found by
 * OcpiChargingProfilesEndToEndTest on MariaDB).
 */
class AnswersHandledOutOfOrderTest {
    private static final String CP = "LB-ORDER";
    private static final String SITE = "order-depot";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void anEarlierAcceptedProfileHandledLastDoesNotReplaceTheLaterOne(Database db) {
        try (db) {
            Instant now = Instant.parse("2026-11-24T10:00:00Z");
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            long cpPk = new ChargePointRepository(db.dsl()).insert(CP, null, RegistrationStatus.Accepted, 0, null, now);
            SiteRepository repo = new SiteRepository(db.dsl());
            new SiteService(repo, clock, id -> {}).putSite(new Site(SITE, "Depot", 50, null, "fair-share", 480));
            new SiteService(repo, clock, id -> {}).putEvse(SITE, new SiteEvse(CP, 1, null, true, 3, 1, 22, 4));
            long tx = new TransactionRepository(db.dsl()).insert(cpPk, 1, "TAG", null, now.minusSeconds(60), 0L, null, now);
            ChoosyProfileSender sender = new ChoosyProfileSender();
            LoadBalancer balancer = new LoadBalancer(repo, sender, cp -> true, clock, LoadBalancer.Settings.DEFAULT);
            // closed at once: the test runs each round itself
            balancer.close();

            // the car may draw the charger's 22 kW; the answer is on its way
            sender.hold = true;
            balancer.rebalance(SITE);
            assertThat(sender.allocations.getLast().watts()).isEqualTo(22_000);
            CompletableFuture<String> fullAnswer = sender.heldAnswers.getLast();

            // an eMSP caps it at 10 kW: sent and accepted, and only then is the 22 kW answer handled
            sender.hold = false;
            balancer.capTransaction(CP, tx, List.of(new LoadBalancer.Cap(now, 10_000)));
            balancer.rebalance(SITE);
            assertThat(sender.allocations.getLast().watts()).isEqualTo(10_000);
            fullAnswer.complete("Accepted");
            assertThat(balancer.live(SITE)).singleElement().satisfies(l -> assertThat(l.limitW()).isEqualTo(10_000));

            // the cap lifted: the charger is sent its 22 kW again
            int before = sender.allocations.size();
            balancer.capTransaction(CP, tx, List.of());
            balancer.rebalance(SITE);
            assertThat(sender.allocations.subList(before, sender.allocations.size())).singleElement()
                    .satisfies(a -> assertThat(a.watts()).isEqualTo(22_000));
        }
    }
}
