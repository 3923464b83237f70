package io.evstack.csms.smartcharging.site;

import io.evstack.csms.CsmsException;
import io.evstack.csms.smartcharging.allocation.Allocator;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the operator changes about a site: checked, stored in one transaction, then the balancer is told
 * (a new limit takes effect at once, not at the next periodic run).
 */
public final class SiteService {
    private final SiteRepository repository;
    private final Clock clock;
    private final Consumer<String> changed;

    /** @param changed told the site id after every committed change */
    public SiteService(SiteRepository repository, Clock clock, Consumer<String> changed) {
        this.repository = repository;
        this.clock = clock;
        this.changed = changed;
    }

    public SiteRepository repository() {
        return repository;
    }

    public Site putSite(Site s) {
        if (s.siteId() == null || s.siteId().isBlank() || s.siteId().length() > 64) {
            throw CsmsException.badRequest("siteId must be 1-64 characters");
        }
        if (!(s.limitKw() >= 0)) {
            throw CsmsException.badRequest("limitKw must be 0 or more");
        }
        String algorithm = s.algorithm() == null ? "deadline" : s.algorithm().toLowerCase(Locale.ROOT);
        try {
            algorithm = Allocator.named(algorithm).name();
        } catch (IllegalArgumentException e) {
            throw CsmsException.badRequest(e.getMessage());
        }
        Site stored = new Site(s.siteId(), s.name(), s.limitKw(), s.limitAmps(), algorithm,
                s.defaultDwellMinutes() == null || s.defaultDwellMinutes() <= 0 ? 480 : s.defaultDwellMinutes());
        repository.dsl().transaction(cfg -> repository.upsertSite(cfg.dsl(), stored, clock.instant()));
        changed.accept(s.siteId());
        return stored;
    }

    public List<Site> sites() {
        return repository.sites();
    }

    public Site site(String siteId) {
        return repository.site(siteId).orElseThrow(() -> CsmsException.notFound("Site", siteId));
    }

    public void deleteSite(String siteId) {
        if (!repository.deleteSite(siteId)) {
            throw CsmsException.notFound("Site", siteId);
        }
    }

    public Circuit putCircuit(String siteId, Circuit c) {
        repository.dsl().transaction(cfg -> {
            long site = sitePk(cfg.dsl(), siteId);
            Long parent = null;
            if (c.parentCircuitId() != null) {
                if (c.parentCircuitId().equals(c.circuitId())) {
                    throw CsmsException.badRequest("A circuit cannot be its own parent");
                }
                parent = repository.circuitPk(cfg.dsl(), site, c.parentCircuitId());
                if (parent == null) {
                    throw CsmsException.badRequest("No circuit " + c.parentCircuitId() + " on site " + siteId);
                }
                // refuse a cycle: the new parent must not hang below this circuit
                List<Circuit> all = repository.circuits(cfg.dsl(), site);
                for (String p = c.parentCircuitId(); p != null; ) {
                    if (p.equals(c.circuitId())) {
                        throw CsmsException.badRequest("That parent would put circuit " + c.circuitId() + " in a cycle");
                    }
                    String up = p;
                    p = all.stream().filter(x -> x.circuitId().equals(up)).findFirst().map(Circuit::parentCircuitId).orElse(null);
                }
            }
            repository.upsertCircuit(cfg.dsl(), site, c, parent);
        });
        changed.accept(siteId);
        return c;
    }

    public List<Circuit> circuits(String siteId) {
        return repository.dsl().transactionResult(cfg -> repository.circuits(cfg.dsl(), sitePk(cfg.dsl(), siteId)));
    }

    public SiteEvse putEvse(String siteId, SiteEvse e) {
        if (e.phases() != 1 && e.phases() != 3) {
            throw CsmsException.badRequest("phases must be 1 or 3");
        }
        if (e.connectorId() < 1 || !(e.maxKw() > 0) || e.fallbackKw() < 0) {
            throw CsmsException.badRequest("connectorId >= 1, maxKw > 0 and fallbackKw >= 0 are required");
        }
        SiteEvse stored = new SiteEvse(e.chargePointId(), e.connectorId(), e.circuitId(), e.dc(), e.dc() ? 3 : e.phases(),
                e.phaseLine() < 1 || e.phaseLine() > 3 ? 1 : e.phaseLine(), e.maxKw(), e.fallbackKw());
        repository.dsl().transaction(cfg -> {
            long site = sitePk(cfg.dsl(), siteId);
            Long circuit = null;
            if (e.circuitId() != null) {
                circuit = repository.circuitPk(cfg.dsl(), site, e.circuitId());
                if (circuit == null) {
                    throw CsmsException.badRequest("No circuit " + e.circuitId() + " on site " + siteId);
                }
            }
            repository.upsertEvse(cfg.dsl(), site, stored, circuit);
        });
        changed.accept(siteId);
        return stored;
    }

    public List<SiteEvse> evses(String siteId) {
        return repository.dsl().transactionResult(cfg -> repository.evses(cfg.dsl(), sitePk(cfg.dsl(), siteId)));
    }

    public void deleteEvse(String siteId, String chargePointId, int connectorId) {
        site(siteId);
        if (!repository.deleteEvse(chargePointId, connectorId)) {
            throw CsmsException.notFound("EVSE", chargePointId + "/" + connectorId);
        }
        changed.accept(siteId);
    }

    public List<LimitPeriod> putSchedule(String siteId, List<LimitPeriod> periods) {
        for (LimitPeriod p : periods) {
            if (p.startsAt() == null || !(p.limitKw() >= 0)) {
                throw CsmsException.badRequest("every entry needs startsAt and limitKw >= 0");
            }
        }
        if (periods.stream().map(LimitPeriod::startsAt).distinct().count() != periods.size()) {
            throw CsmsException.badRequest("two entries start at the same time");
        }
        repository.dsl().transaction(cfg -> repository.replaceSchedule(cfg.dsl(), sitePk(cfg.dsl(), siteId), periods));
        changed.accept(siteId);
        return schedule(siteId);
    }

    public List<LimitPeriod> schedule(String siteId) {
        return repository.dsl().transactionResult(cfg -> repository.schedule(cfg.dsl(), sitePk(cfg.dsl(), siteId)));
    }

    public SessionNeed putNeed(SessionNeed n) {
        repository.upsertNeed(n, clock.instant());
        repository.sites().forEach(s -> changed.accept(s.siteId()));
        return n;
    }

    public List<AllocationEntry> history(String siteId, String chargePointId, java.time.Instant from,
            java.time.Instant to, int limit) {
        site(siteId);
        return repository.allocations(siteId, chargePointId, from, to, limit);
    }

    public Optional<String> siteOfCharger(String chargePointId) {
        return repository.siteOfCharger(chargePointId);
    }

    private long sitePk(org.jooq.DSLContext tx, String siteId) {
        Long pk = repository.pk(tx, siteId);
        if (pk == null) {
            throw CsmsException.notFound("Site", siteId);
        }
        return pk;
    }
}
