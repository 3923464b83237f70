package io.evstack.emsp.ocpi;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull synchronisation with CPOs (OCPI 2.2.1 sections 8.1.2, 9.1.2, 10.1.2, 11.1.2: the Sender GET lists),
 * the fall-back for pushes we missed and the first load after registration. Per CPO and module it GETs
 * the list with {@code date_from} = the start of the last pass that completed, follows the pages
 * ({@link OcpiClient#getAll}), and stores each object as the Receiver interfaces do; CDRs go through the
 * same {@link CdrIntake}, so a pulled CDR is priced exactly like a pushed one. Tariffs and locations come
 * before CDRs, which need them for pricing. An object we hold with a later last_updated (a push that
 * overtook the pull) is kept. A module whose pass fails keeps its old date_from and is tried again next time.
 */
public final class PullSync implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PullSync.class);
    static final List<String> MODULES = List.of("tariffs", "locations", "sessions", "cdrs");

    private final EmspRepository repo;
    private final PullSyncRepository syncs;
    private final CdrIntake cdrs;
    private final OcpiClient client;
    private final Clock clock;
    private final int pageLimit;
    private ScheduledExecutorService scheduler;

    PullSync(EmspRepository repo, PullSyncRepository syncs, CdrIntake cdrs, OcpiClient client, Clock clock, int pageLimit) {
        this.repo = repo;
        this.syncs = syncs;
        this.cdrs = cdrs;
        this.client = client;
        this.clock = clock;
        this.pageLimit = pageLimit;
    }

    /** Objects stored per module in one pass over one CPO; a module that failed is absent. */
    public record Outcome(String cpo, Map<String, Integer> stored, Map<String, String> failed) {}

    /** One pass over every registered CPO, now. */
    public List<Outcome> syncAll() {
        return repo.registeredCpos().stream().map(this::sync).toList();
    }

    /** One pass over one registered CPO, now. */
    public Optional<Outcome> sync(long cpoPk) {
        return repo.registeredCpo(cpoPk).map(this::sync);
    }

    Outcome sync(EmspRepository.Cpo cpo) {
        Map<String, Integer> stored = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (String module : MODULES) {
            Optional<String> url = OcpiClient.endpoint(cpo.endpoints(), module, "SENDER");
            if (url.isEmpty()) {
                continue;
            }
            Instant passStart = clock.instant();
            String first = url.get() + "?limit=" + pageLimit + syncs.syncedFrom(cpo.pk(), module)
                    .map(from -> "&date_from=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8)).orElse("");
            try {
                int n = client.getAll(first, cpo.tokenC(), object -> store(cpo, module, object));
                syncs.completed(cpo.pk(), module, passStart, n, clock.instant());
                stored.put(module, n);
            } catch (RuntimeException e) {
                log.warn("Pull of {} from CPO {} failed: {}", module, cpo.name(), e.getMessage());
                failed.put(module, e.getMessage());
            }
        }
        log.info("Pull sync with CPO {}: {}{}", cpo.name(), stored, failed.isEmpty() ? "" : ", failed " + failed.keySet());
        return new Outcome(cpo.name(), stored, failed);
    }

    private void store(EmspRepository.Cpo cpo, String module, JsonNode object) {
        String cc = object.path("country_code").asText();
        String pid = object.path("party_id").asText();
        String id = object.path("id").asText();
        if (cc.isEmpty() || pid.isEmpty() || id.isEmpty()) {
            log.warn("A {} object from CPO {} without country_code, party_id or id: skipped", module, cpo.name());
            return;
        }
        Optional<Instant> held = repo.object(module, cc, pid, id).flatMap(b -> lastUpdated(EmspOcpi.read(b)));
        Optional<Instant> pulled = lastUpdated(object);
        if (held.isPresent() && pulled.isPresent() && held.get().isAfter(pulled.get())) {
            return;
        }
        if ("cdrs".equals(module)) {
            cdrs.accept(cpo, object);
        } else {
            repo.putObject(cpo.pk(), module, cc, pid, id, object.toString(), clock.instant());
        }
    }

    private static Optional<Instant> lastUpdated(JsonNode object) {
        try {
            return Optional.of(OffsetDateTime.parse(object.path("last_updated").asText()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Passes over every CPO every {@code interval}, the first after one interval; zero or less: none. */
    public synchronized void schedule(Duration interval) {
        if (interval.isZero() || interval.isNegative() || scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "emsp-pull-sync");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                syncAll();
            } catch (RuntimeException e) {
                log.warn("Pull sync pass failed", e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
