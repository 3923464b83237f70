package io.evstack.emsp.ocpi;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.tariff.ChargingPeriod;
import io.evstack.tariff.TariffCost;
import io.evstack.tariff.TariffEngine;
import io.evstack.tariff.TariffParser;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prices a received CDR (section 10.3.1) with the tariff engine: the tariff the CDR carries (its
 * {@code tariffs} field), else the one its periods name as pushed to us; the location's time zone from
 * the pushed Location. The result is compared with the CDR's own total_cost at the currency's rounding;
 * a difference is flagged for the operator, never silently taken.
 */
final class CdrPricing {
    record Result(TariffCost cost, BigDecimal cpoExclVat, BigDecimal cpoInclVat, boolean mismatch) {}

    private final TariffEngine engine = new TariffEngine();

    Optional<Result> price(JsonNode cdr, JsonNode storedTariff, String timeZone) {
        JsonNode tariff = cdr.path("tariffs").isArray() && !cdr.path("tariffs").isEmpty() ? cdr.path("tariffs").get(0) : storedTariff;
        if (tariff == null || tariff.isMissingNode()) {
            return Optional.empty();
        }
        List<ChargingPeriod> periods = new ArrayList<>();
        for (JsonNode p : cdr.path("charging_periods")) {
            Map<String, BigDecimal> dims = new LinkedHashMap<>();
            for (JsonNode d : p.path("dimensions")) {
                dims.merge(d.path("type").asText(), d.path("volume").decimalValue(), BigDecimal::add);
            }
            periods.add(new ChargingPeriod(Instant.parse(p.path("start_date_time").asText()), dims));
        }
        ZoneId zone = timeZone == null ? ZoneId.of("UTC") : ZoneId.of(timeZone);
        TariffCost cost = engine.price(TariffParser.parse(tariff),
                new TariffEngine.Session(periods, Instant.parse(cdr.path("end_date_time").asText()), zone));
        int digits = TariffEngine.digits(cost.currency());
        BigDecimal cpoExcl = decimal(cdr.path("total_cost").path("excl_vat"));
        BigDecimal cpoIncl = decimal(cdr.path("total_cost").path("incl_vat"));
        boolean mismatch = cpoExcl == null || cpoExcl.setScale(digits, RoundingMode.HALF_UP).compareTo(cost.exclVat()) != 0
                || (cpoIncl != null && cpoIncl.setScale(digits, RoundingMode.HALF_UP).compareTo(cost.inclVat()) != 0);
        return Optional.of(new Result(cost, cpoExcl, cpoIncl, mismatch));
    }

    private static BigDecimal decimal(JsonNode n) {
        return n.isNumber() ? n.decimalValue() : null;
    }
}
