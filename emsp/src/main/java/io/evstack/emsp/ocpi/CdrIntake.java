package io.evstack.emsp.ocpi;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes in a CDR from a CPO, pushed (cdrs Receiver, section 10.2.2) or pulled (PullSync): stores it as
 * received and prices it once with the tariff engine ({@link CdrPricing}), against the tariff it carries
 * or the one we hold and the location's time zone. A CDR received twice keeps its first price.
 */
final class CdrIntake {
    private static final Logger log = LoggerFactory.getLogger(CdrIntake.class);

    private final EmspRepository repo;
    private final Clock clock;
    private final CdrPricing pricing = new CdrPricing();

    CdrIntake(EmspRepository repo, Clock clock) {
        this.repo = repo;
        this.clock = clock;
    }

    void accept(EmspRepository.Cpo cpo, JsonNode cdr) {
        String cc = cdr.path("country_code").asText();
        String pid = cdr.path("party_id").asText();
        String id = cdr.path("id").asText();
        repo.putObject(cpo.pk(), "cdrs", cc, pid, id, cdr.toString(), clock.instant());
        String tariffId = cdr.path("charging_periods").path(0).path("tariff_id").asText(null);
        JsonNode stored = tariffId == null ? null : repo.object("tariffs", cc, pid, tariffId).map(EmspOcpi::read).orElse(null);
        String zone = repo.object("locations", cc, pid, cdr.path("cdr_location").path("id").asText())
                .map(b -> EmspOcpi.read(b).path("time_zone").asText(null)).orElse(null);
        pricing.price(cdr, stored, zone).ifPresentOrElse(r -> {
            repo.putPrice(cc, pid, id, r.cost().currency(), r.cpoExclVat(), r.cpoInclVat(), r.cost().exclVat(),
                    r.cost().inclVat(), r.mismatch(), clock.instant());
            if (r.mismatch()) {
                log.warn("CDR {} from {}: CPO total {} excl. VAT, our engine {}: flagged for the operator", id, cpo.name(),
                        r.cpoExclVat(), r.cost().exclVat());
            }
        }, () -> log.warn("CDR {} from {} has no tariff we know: not priced", id, cpo.name()));
    }
}
