package io.evstack.emsp.billing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A company's charging in one month, per vehicle and per driver, as invoiced: the CHARGE lines of its
 * invoices and credit notes of that month (a credit note's line subtracts its session, kWh and amounts).
 * Lines without a vehicle (a card not tied to one) are under the plate "-".
 */
public record FleetReport(long companyPk, String companyName, String month, String currency, List<FleetRow> vehicles,
        List<FleetRow> drivers, FleetRow total) {

    /** {@code key} is the plate or the driver's name; amounts as on the invoices' lines. */
    public record FleetRow(String key, int sessions, BigDecimal kwh, BigDecimal exclVat, BigDecimal inclVat) {}

    public FleetReport {
        vehicles = List.copyOf(vehicles);
        drivers = List.copyOf(drivers);
    }

    static FleetReport of(long companyPk, String companyName, String month, String currency, List<InvoiceLine> lines) {
        Map<String, Sums> vehicles = new TreeMap<>();
        Map<String, Sums> drivers = new TreeMap<>();
        Sums total = new Sums();
        for (InvoiceLine l : lines) {
            if (l.kind() != InvoiceLine.LineKind.CHARGE) continue;
            vehicles.computeIfAbsent(l.vehiclePlate() == null ? "-" : l.vehiclePlate(), k -> new Sums()).add(l);
            drivers.computeIfAbsent(l.driverName() == null ? "#" + l.driverPk() : l.driverName(), k -> new Sums()).add(l);
            total.add(l);
        }
        return new FleetReport(companyPk, companyName, month, currency, rows(vehicles), rows(drivers), total.row("total"));
    }

    private static List<FleetRow> rows(Map<String, Sums> sums) {
        return sums.entrySet().stream().map(e -> e.getValue().row(e.getKey())).toList();
    }

    private static final class Sums {
        int sessions;
        BigDecimal kwh = BigDecimal.ZERO;
        BigDecimal excl = BigDecimal.ZERO;
        BigDecimal incl = BigDecimal.ZERO;

        void add(InvoiceLine l) {
            boolean credited = l.amountExclVat().signum() < 0 || (l.kwh() != null && l.kwh().signum() < 0);
            sessions += credited ? -1 : 1;
            kwh = kwh.add(l.kwh() == null ? BigDecimal.ZERO : l.kwh());
            excl = excl.add(l.amountExclVat());
            incl = incl.add(l.amountInclVat());
        }

        FleetRow row(String key) {
            BigDecimal k = kwh.stripTrailingZeros();
            return new FleetRow(key, sessions, k.scale() < 0 ? k.setScale(0) : k, excl, incl);
        }
    }
}
