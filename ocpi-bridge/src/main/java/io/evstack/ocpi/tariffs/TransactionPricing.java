package io.evstack.ocpi.tariffs;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.transaction.MeterSample;
import io.evstack.csms.transaction.StoredMeterValue;
import io.evstack.csms.transaction.Transaction;
import io.evstack.csms.transaction.TransactionService;
import io.evstack.ocpi.OcpiConfig;
import io.evstack.ocpi.locations.LocationMapping;
import io.evstack.ocpi.locations.LocationRepository;
import io.evstack.ocpi.sessions.OcpiSession;
import io.evstack.tariff.ChargingPeriod;
import io.evstack.tariff.TariffCost;
import io.evstack.tariff.TariffEngine;
import io.evstack.tariff.TariffParser;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The charging periods and cost of a transaction under the tariff of its connector, for a running
 * session (section 9.3.1: kwh, charging_periods and total_cost as they stand) and for the CDR of a
 * finished one (10.3.1), so that the eMSP sees during the session the same arithmetic the CDR will use.
 * The periods come from the energy register readings: the start meter, the samples, and the stop meter
 * once there is one; a running session ends at its latest reading. The cost is the ocpi-tariff engine's
 * on exactly those periods, in the location's time zone, so restrictions (time of day, min_duration,
 * kWh, ...) and multiple elements count as the spec says (11.3.1), and an eMSP that prices the CDR's own
 * periods with the same rules gets the same total.
 */
public final class TransactionPricing {
    /** Costs by dimension (excl. VAT, exact to 4 decimals), and the totals rounded to the currency. */
    public record Cost(BigDecimal energy, BigDecimal time, BigDecimal parking, BigDecimal flat, BigDecimal exclVat,
            BigDecimal inclVat) {
        public static final Cost ZERO = new Cost(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /**
     * @param readings the energy register readings the periods were made from
     * @param samples  every meter sample of the transaction (all measurands), for what a Session shows beyond
     *                 a CDR (power, current, state of charge)
     */
    public record Priced(Optional<TariffService.StoredTariff> tariff, String currency,
            LocationRepository.ConnectorAttributes connector, ChargingPeriods.Result periods, Cost cost,
            List<ChargingPeriods.Reading> readings, List<MeterSample> samples) {

        public String tariffId() {
            return tariff.map(TariffService.StoredTariff::id).orElse(null);
        }
    }

    private static final TariffEngine ENGINE = new TariffEngine();

    private final DSLContext dsl;
    private final OcpiConfig config;
    private final TransactionService transactions;
    private final TariffService tariffs;
    private final LocationMapping mapping;

    public TransactionPricing(DSLContext dsl, OcpiConfig config, TransactionService transactions, TariffService tariffs,
            LocationMapping mapping) {
        this.dsl = dsl;
        this.mapping = mapping;
        this.config = config;
        this.transactions = transactions;
        this.tariffs = tariffs;
    }

    /**
     * The cost so far including VAT, empty when the connector has no tariff; the tariff is looked up first
     * so that the common case of a tariffless connector costs one query, not the whole pricing.
     */
    public Optional<BigDecimal> runningCost(Transaction tx) {
        var attrs = mapping.connectorAttributes(tx.chargePointId()).get(tx.connectorId());
        if (attrs == null || attrs.tariffId() == null) {
            return Optional.empty();
        }
        var priced = price(tx);
        return priced.tariff().map(t -> priced.cost().inclVat());
    }

    public Priced price(Transaction tx) {
        var locations = new LocationRepository(dsl);
        var attrs = mapping.connectorAttributes(tx.chargePointId())
                .getOrDefault(tx.connectorId(), LocationRepository.ConnectorAttributes.defaults(tx.startTime()));
        Optional<TariffService.StoredTariff> tariff = Optional.ofNullable(attrs.tariffId()).flatMap(tariffs::find);
        String currency = tariff.map(t -> t.body().path("currency").asText()).orElse(config.defaultCurrency());

        List<ChargingPeriods.Reading> readings = new ArrayList<>();
        readings.add(new ChargingPeriods.Reading(tx.startTime(), tx.meterStartWh()));
        List<MeterSample> samples = transactions.meterValues(tx.id()).stream().map(StoredMeterValue::sample)
                .filter(s -> s.timestamp().isAfter(tx.startTime()) && (tx.active() || !s.timestamp().isAfter(tx.stopTime())))
                .toList();
        samples.stream()
                .filter(s -> s.energyImportWh().isPresent())
                .filter(s -> tx.active() || s.timestamp().isBefore(tx.stopTime())) // the stop meter is the last reading
                .sorted(Comparator.comparing(MeterSample::timestamp))
                .forEach(s -> readings.add(new ChargingPeriods.Reading(s.timestamp(), s.energyImportWh().getAsLong())));
        if (!tx.active()) {
            readings.add(new ChargingPeriods.Reading(tx.stopTime(), tx.meterStopWh()));
        }
        var periods = ChargingPeriods.of(readings, tariff.map(TariffService.StoredTariff::id).orElse(null));
        if (tariff.isEmpty()) {
            return new Priced(tariff, currency, attrs, periods, Cost.ZERO, readings, samples);
        }
        String locationId = mapping.locationId(tx.chargePointId());
        String timeZone = locations.details(locationId).map(LocationRepository.Details::timeZone)
                .orElse(config.defaultTimeZone());
        Instant end = readings.getLast().at();
        return new Priced(tariff, currency, attrs, periods, cost(tariff.get().body(), periods, end, zone(timeZone)), readings,
                samples);
    }

    /**
     * The cost of these periods (ending at {@code end}) under an OCPI tariff, in the location's zone. The
     * engine reads the same dimension volumes the Session/CDR carries, so what we bill is what an eMSP
     * recomputes from the CDR.
     */
    public static Cost cost(JsonNode tariff, ChargingPeriods.Result periods, Instant end, ZoneId zone) {
        List<ChargingPeriod> enginePeriods = new ArrayList<>();
        for (OcpiSession.ChargingPeriod p : periods.periods()) {
            Map<String, BigDecimal> dims = new LinkedHashMap<>();
            for (OcpiSession.Dimension d : p.dimensions()) {
                dims.merge(d.type(), d.volume(), BigDecimal::add);
            }
            enginePeriods.add(new ChargingPeriod(p.startDateTime(), dims));
        }
        TariffCost c = ENGINE.price(TariffParser.parse(tariff), new TariffEngine.Session(enginePeriods, end, zone));
        return new Cost(money(c.exclVat("ENERGY")), money(c.exclVat("TIME")), money(c.exclVat("PARKING_TIME")),
                money(c.exclVat("FLAT")), c.exclVat(), c.inclVat());
    }

    /** The location's zone for time-of-day restrictions; UTC when none or not a zone id. */
    static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private static BigDecimal money(BigDecimal v) {
        return v.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
