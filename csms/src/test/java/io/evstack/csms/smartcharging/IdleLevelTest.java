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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An idle EVSE holds only what a car plugged in there could draw under the idle level it accepted, not
 * its fallback: the depot of the simulator test (300 kW; fourteen 11 kW AC wallboxes, fallback 4.14 kW;
 * five 150 kW DC units, fallback 10 kW), with two DC cars charging and everything else idle. With each
 * idle EVSE held at its fallback the two cars got 300 - 14 x 4.14 - 3 x 10 = 212 kW; at the idle level
 * (AC: 6 A on three phases, the least a car starts at, which is the AC fallback here; DC: nothing) they
 * get 294 - 58 = 236 kW (the 2 % margin kept). A car then plugged in at an idle DC unit is raised from
 * its idle level like any increase: after the others' decreases.
 */
class IdleLevelTest {
    private static final String SITE = "idle-depot";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void idleEvsesHoldTheirIdleLevelAndTheRestReachesTheCarsCharging(Database db) {
        try (db) {
            Instant now = Instant.parse("2026-11-24T10:00:00Z");
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            ChargePointRepository chargePoints = new ChargePointRepository(db.dsl());
            SiteRepository repo = new SiteRepository(db.dsl());
            SiteService sites = new SiteService(repo, clock, id -> {});
            sites.putSite(new Site(SITE, "Depot", 300, null, "deadline", 480));
            Map<String, Long> pk = new HashMap<>();
            for (int i = 1; i <= 14; i++) {
                String id = String.format("ID-AC-%03d", i);
                pk.put(id, chargePoints.insert(id, null, RegistrationStatus.Accepted, 0, null, now));
                sites.putEvse(SITE, new SiteEvse(id, 1, null, false, 3, 1, 11.04, 4.14));
            }
            for (int i = 1; i <= 5; i++) {
                String id = String.format("ID-DC-%03d", i);
                pk.put(id, chargePoints.insert(id, null, RegistrationStatus.Accepted, 0, null, now));
                sites.putEvse(SITE, new SiteEvse(id, 1, null, true, 3, 1, 150, 10));
            }
            ChoosyProfileSender sender = new ChoosyProfileSender();
            LoadBalancer balancer = new LoadBalancer(repo, sender, cp -> true, clock, LoadBalancer.Settings.DEFAULT);
            balancer.close(); // the test runs each round itself
            TransactionRepository transactions = new TransactionRepository(db.dsl());
            long first = transactions.insert(pk.get("ID-DC-004"), 1, "TAG-4", null, now.minusSeconds(60), 0L, null, now);
            long second = transactions.insert(pk.get("ID-DC-005"), 1, "TAG-5", null, now.minusSeconds(30), 0L, null, now);

            balancer.rebalance(SITE);
            double charging = sender.last(first) + sender.last(second);
            double idleAc = 14 * 4_140;
            assertThat(charging).as("what reaches the two cars").isGreaterThan(300_000 * 0.98 - idleAc - 1_000)
                    .isLessThanOrEqualTo(300_000 * 0.98 - idleAc);
            System.out.printf("idle depot on %s: %.0f W reach the two cars charging%n", db, charging);
            // the DC units were sent an idle level of nothing, the AC wallboxes none (theirs is their fallback)
            assertThat(sender.idles).extracting(ChoosyProfileSender.Allocation::chargePointId)
                    .containsExactlyInAnyOrder("ID-DC-001/1", "ID-DC-002/1", "ID-DC-003/1", "ID-DC-004/1", "ID-DC-005/1");
            assertThat(sender.idles).allSatisfy(a -> assertThat(a.watts()).isZero());
            List<LiveAllocation> live = balancer.live(SITE);
            assertThat(live).filteredOn(l -> l.chargePointId().equals("ID-DC-001")).singleElement()
                    .satisfies(l -> assertThat(l.limitW()).isZero());
            assertThat(live).filteredOn(l -> l.chargePointId().startsWith("ID-AC-"))
                    .allSatisfy(l -> assertThat(l.limitW()).isEqualTo(4_140));

            // a car at an idle DC unit: the two come down first, then it goes up from nothing
            long third = transactions.insert(pk.get("ID-DC-001"), 1, "TAG-1", null, now.minusSeconds(5), 0L, null, now);
            int before = sender.allocations.size();
            balancer.rebalance(SITE);
            List<ChoosyProfileSender.Allocation> round = sender.allocations.subList(before, sender.allocations.size());
            assertThat(round).extracting(ChoosyProfileSender.Allocation::transactionId).last().isEqualTo(third);
            assertThat(sender.last(first) + sender.last(second) + sender.last(third))
                    .isLessThanOrEqualTo(300_000 * 0.98 - idleAc);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void anIdleEvseThatRefusedItsIdleLevelHoldsItsFallback(Database db) {
        try (db) {
            Instant now = Instant.parse("2026-11-24T10:00:00Z");
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            ChargePointRepository chargePoints = new ChargePointRepository(db.dsl());
            long active = chargePoints.insert("ID-ON", null, RegistrationStatus.Accepted, 0, null, now);
            chargePoints.insert("ID-IDLE", null, RegistrationStatus.Accepted, 0, null, now);
            SiteRepository repo = new SiteRepository(db.dsl());
            SiteService sites = new SiteService(repo, clock, id -> {});
            sites.putSite(new Site(SITE, "Depot", 100, null, "fair-share", 480));
            sites.putEvse(SITE, new SiteEvse("ID-ON", 1, null, true, 3, 1, 150, 10));
            sites.putEvse(SITE, new SiteEvse("ID-IDLE", 1, null, true, 3, 1, 150, 10));
            ChoosyProfileSender sender = new ChoosyProfileSender();
            sender.idleAnswer.put("ID-IDLE", "Rejected");
            LoadBalancer balancer = new LoadBalancer(repo, sender, cp -> true, clock, LoadBalancer.Settings.DEFAULT);
            balancer.close();
            long tx = new TransactionRepository(db.dsl()).insert(active, 1, "TAG", null, now.minusSeconds(60), 0L, null,
                    now);
            balancer.rebalance(SITE);
            assertThat(sender.last(tx)).isLessThanOrEqualTo(98_000 - 10_000).isGreaterThan(97_000 - 10_000);
        }
    }
}
