package io.evstack.csms.smartcharging;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.csms.chargepoint.ChargePointRepository;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.csms.smartcharging.site.Circuit;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The balancer keeps a safety margin below every limit (2 % by default): a meter reads a little low, a
 * car overshoots for a moment when its limit is raised, and an allocation right at a fuse's rating would
 * trip it now and then. A 50 kW connection with a 20 kW feeder: two 150 kW DC cars, one behind the feeder,
 * get 49 kW together and the one behind the feeder 19.6 kW at most, with either algorithm; the rest of the
 * margin is used.
 */
class SafetyMarginTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void noAllocationReachesALimitLessItsMargin(Database db) {
        try (db) {
            for (String algorithm : List.of("deadline", "fair-share")) {
                Instant now = Instant.parse("2026-11-24T10:00:00Z");
                Clock clock = Clock.fixed(now, ZoneOffset.UTC);
                String site = "margin-" + algorithm;
                String feederCp = "LB-MARGIN-F-" + algorithm;
                String directCp = "LB-MARGIN-D-" + algorithm;
                ChargePointRepository chargePoints = new ChargePointRepository(db.dsl());
                long feederPk = chargePoints.insert(feederCp, null, RegistrationStatus.Accepted, 0, null, now);
                long directPk = chargePoints.insert(directCp, null, RegistrationStatus.Accepted, 0, null, now);
                SiteRepository repo = new SiteRepository(db.dsl());
                SiteService sites = new SiteService(repo, clock, id -> {});
                sites.putSite(new Site(site, "Depot", 50, null, algorithm, 480));
                sites.putCircuit(site, new Circuit("feeder", null, 20.0, null));
                sites.putEvse(site, new SiteEvse(feederCp, 1, "feeder", true, 3, 1, 150, 0));
                sites.putEvse(site, new SiteEvse(directCp, 1, null, true, 3, 1, 150, 0));
                ChoosyProfileSender sender = new ChoosyProfileSender();
                LoadBalancer balancer = new LoadBalancer(repo, sender, cp -> true, clock, LoadBalancer.Settings.DEFAULT);
                balancer.close(); // the test runs each round itself
                TransactionRepository transactions = new TransactionRepository(db.dsl());
                long behindFeeder = transactions.insert(feederPk, 1, "TAG-F", null, now.minusSeconds(60), 0L, null, now);
                long direct = transactions.insert(directPk, 1, "TAG-D", null, now.minusSeconds(30), 0L, null, now);

                balancer.rebalance(site);
                double f = sender.last(behindFeeder);
                double d = sender.last(direct);
                assertThat(f).as("%s: behind the 20 kW feeder", algorithm).isLessThanOrEqualTo(20_000 * 0.98)
                        .isGreaterThan(19_000);
                assertThat(f + d).as("%s: under the 50 kW connection", algorithm).isLessThanOrEqualTo(50_000 * 0.98)
                        .isGreaterThan(48_000);
            }
        }
    }
}
