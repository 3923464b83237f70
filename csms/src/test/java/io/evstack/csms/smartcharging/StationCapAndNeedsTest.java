package io.evstack.csms.smartcharging;

import static org.assertj.core.api.Assertions.assertThat;

import io.evstack.csms.smartcharging.site.Circuit;
import io.evstack.csms.smartcharging.site.LimitPeriod;
import io.evstack.csms.smartcharging.site.Site;
import io.evstack.csms.smartcharging.site.SiteEvse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a charger gets a station cap and at what, and how an EV's reported limits become a power limit. */
class StationCapAndNeedsTest {
    static final Site SITE = new Site("s", "s", 300, null, "deadline", 480);
    static final List<Circuit> TREE = List.of(new Circuit("feeder", null, 100.0, null),
            new Circuit("fuse", "feeder", null, 63.0), new Circuit("other", null, 200.0, null));

    static SiteEvse dc(String circuit) {
        return new SiteEvse("DC", 1, circuit, true, 3, 1, 150, 10);
    }

    @Test
    void theCapIsTheTightestLimitAboveAllTheChargersEvses() {
        assertThat(LoadBalancer.stationCapW(SITE, TREE, List.of(), List.of(dc("feeder")))).isEqualTo(100_000);
        // 63 A per phase on three phases at 230 V
        assertThat(LoadBalancer.stationCapW(SITE, TREE, List.of(), List.of(dc("fuse")))).isEqualTo(63 * 690.0);
        // only what sits above every EVSE of the charger caps the whole charger: here the site
        assertThat(LoadBalancer.stationCapW(SITE, TREE, List.of(), List.of(dc("fuse"), new SiteEvse("DC", 2, "other",
                true, 3, 1, 150, 10)))).isEqualTo(300_000);
        // the site counts at the highest its schedule reaches: the cap has no schedule to follow it
        assertThat(LoadBalancer.stationCapW(SITE, TREE, List.of(new LimitPeriod(Instant.EPOCH, 80),
                new LimitPeriod(Instant.EPOCH.plusSeconds(3600), 450)), List.of(dc(null)))).isEqualTo(450_000);
    }

    @Test
    void theEvsOwnLimitIsItsPowerOrItsCurrentTimesVoltage() {
        SiteEvse ac = new SiteEvse("AC", 1, null, false, 3, 1, 22, 4.14);
        assertThat(ChargingNeedsService.evMaxKw(needs(null, 16, null), ac)).isEqualTo(16 * 230 * 3 / 1000.0);
        assertThat(ChargingNeedsService.evMaxKw(needs(null, 200, 400), dc(null))).isEqualTo(80.0);
        assertThat(ChargingNeedsService.evMaxKw(needs(50_000, 200, 400), dc(null))).isEqualTo(50.0);
        assertThat(ChargingNeedsService.evMaxKw(needs(null, null, null), dc(null))).isNull();
    }

    private static ChargingNeeds needs(Integer maxPower, Integer maxCurrent, Integer maxVoltage) {
        return new ChargingNeeds("X", 1, "DC", null, null, null, maxCurrent, maxVoltage, maxPower, null, null, null, null,
                null, null);
    }
}
