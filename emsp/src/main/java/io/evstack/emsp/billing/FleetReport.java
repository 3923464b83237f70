package io.evstack.emsp.billing;

import java.math.BigDecimal;
import java.util.List;

/**
 * A company's charging in one month, per vehicle and per driver, as invoiced (credit notes subtract). Rows
 * without a vehicle (a card not tied to one) are under the plate "-".
 */
public record FleetReport(long companyPk, String companyName, String month, String currency, List<FleetRow> vehicles,
        List<FleetRow> drivers, FleetRow total) {

    /** {@code key} is the plate or the driver's name; amounts as on the invoices' lines. */
    public record FleetRow(String key, int sessions, BigDecimal kwh, BigDecimal exclVat, BigDecimal inclVat) {}

    public FleetReport {
        vehicles = List.copyOf(vehicles);
        drivers = List.copyOf(drivers);
    }
}
