package io.evstack.csms.smartcharging;

import io.evstack.csms.chargepoint.ChargePointRepository;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.csms.smartcharging.site.Site;
import io.evstack.csms.smartcharging.site.SiteEvse;
import io.evstack.csms.smartcharging.site.SiteRepository;
import io.evstack.csms.smartcharging.site.SiteService;
import io.evstack.db.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Depots for the balancer's tests. */
final class TestSites {
    private TestSites() {}

    /**
     * Registers the chargers (Accepted) and puts each, as one 22 kW DC EVSE with a 4 kW fallback, in a fair-share
     * site with a connection of {@code limitKw}; answers the chargers' primary keys in their order.
     */
    static List<Long> dcDepot(Database db, Clock clock, String siteId, double limitKw, String... chargers) {
        ChargePointRepository chargePoints = new ChargePointRepository(db.dsl());
        SiteService sites = new SiteService(new SiteRepository(db.dsl()), clock, id -> {});
        sites.putSite(new Site(siteId, "Depot " + siteId, limitKw, null, "fair-share", 480));
        List<Long> pks = new ArrayList<>();
        for (String charger : chargers) {
            pks.add(chargePoints.insert(charger, null, RegistrationStatus.Accepted, 0, null, clock.instant()));
            sites.putEvse(siteId, new SiteEvse(charger, 1, null, true, 3, 1, 22, 4));
        }
        return pks;
    }
}
