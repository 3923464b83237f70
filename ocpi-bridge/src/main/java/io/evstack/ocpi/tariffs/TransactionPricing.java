package io.evstack.ocpi.tariffs;

import io.evstack.csms.transaction.MeterSample;
import io.evstack.csms.transaction.StoredMeterValue;
import io.evstack.csms.transaction.Transaction;
import io.evstack.csms.transaction.TransactionService;
import io.evstack.ocpi.OcpiConfig;
import io.evstack.ocpi.locations.LocationRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The charging periods and cost of a transaction under the tariff of its connector, for a running
 * session (section 9.3.1: kwh, charging_periods and total_cost as they stand) and for the CDR of a
 * finished one (10.3.1), so that the eMSP sees during the session the same arithmetic the CDR will use.
 * The periods come from the energy register readings: the start meter, the samples, and the stop meter
 * once there is one; a running session ends at its latest reading.
 */
public final class TransactionPricing {
    public record Priced(Optional<TariffService.StoredTariff> tariff, String currency,
            LocationRepository.ConnectorAttributes connector, ChargingPeriods.Result periods, CostCalculator.Cost cost) {

        public String tariffId() {
            return tariff.map(TariffService.StoredTariff::id).orElse(null);
        }
    }

    private final DSLContext dsl;
    private final OcpiConfig config;
    private final TransactionService transactions;
    private final TariffService tariffs;

    public TransactionPricing(DSLContext dsl, OcpiConfig config, TransactionService transactions, TariffService tariffs) {
        this.dsl = dsl;
        this.config = config;
        this.transactions = transactions;
        this.tariffs = tariffs;
    }

    /**
     * The cost so far including VAT, empty when the connector has no tariff; the tariff is looked up first
     * so that the common case of a tariffless connector costs one query, not the whole pricing.
     */
    public Optional<java.math.BigDecimal> runningCost(Transaction tx) {
        var attrs = new LocationRepository(dsl).connectors(tx.chargePointId()).get(tx.connectorId());
        if (attrs == null || attrs.tariffId() == null) {
            return Optional.empty();
        }
        var priced = price(tx);
        return priced.tariff().map(t -> priced.cost().inclVat());
    }

    public Priced price(Transaction tx) {
        var attrs = new LocationRepository(dsl).connectors(tx.chargePointId())
                .getOrDefault(tx.connectorId(), LocationRepository.ConnectorAttributes.defaults(tx.startTime()));
        Optional<TariffService.StoredTariff> tariff = Optional.ofNullable(attrs.tariffId()).flatMap(tariffs::find);
        String currency = tariff.map(t -> t.body().path("currency").asText()).orElse(config.defaultCurrency());

        List<ChargingPeriods.Reading> readings = new ArrayList<>();
        readings.add(new ChargingPeriods.Reading(tx.startTime(), tx.meterStartWh()));
        transactions.meterValues(tx.id()).stream().map(StoredMeterValue::sample)
                .filter(s -> s.energyImportWh().isPresent())
                .filter(s -> s.timestamp().isAfter(tx.startTime()) && (tx.active() || s.timestamp().isBefore(tx.stopTime())))
                .sorted(Comparator.comparing(MeterSample::timestamp))
                .forEach(s -> readings.add(new ChargingPeriods.Reading(s.timestamp(), s.energyImportWh().getAsLong())));
        if (!tx.active()) {
            readings.add(new ChargingPeriods.Reading(tx.stopTime(), tx.meterStopWh()));
        }
        var periods = ChargingPeriods.of(readings, tariff.map(TariffService.StoredTariff::id).orElse(null));
        var cost = CostCalculator.price(tariff.map(TariffService.StoredTariff::body).orElse(null), tx.energyWh(),
                periods.chargingSeconds(), periods.parkingSeconds());
        return new Priced(tariff, currency, attrs, periods, cost);
    }
}
