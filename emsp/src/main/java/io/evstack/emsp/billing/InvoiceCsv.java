package io.evstack.emsp.billing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Invoices and fleet reports as RFC 4180 CSV: comma-separated, CRLF line ends, a field quoted when it holds
 * a comma, quote or line break (quotes doubled). Amounts with a decimal point and the currency's digits,
 * whatever the locale; instants in ISO-8601 UTC.
 */
public final class InvoiceCsv {
    static final List<String> LINE_HEADER = List.of("invoice_number", "kind", "line_no", "line_kind", "description",
            "cdr_country", "cdr_party", "cdr_id", "token_uid", "driver", "vehicle_plate", "session_start", "session_end",
            "kwh", "amount_excl_vat", "vat_percent", "vat_amount", "amount_incl_vat", "currency");

    private InvoiceCsv() {}

    /** One row per line, then a TOTAL row whose amounts are the invoice's totals. */
    public static String invoice(Invoice inv) {
        StringBuilder out = new StringBuilder();
        row(out, LINE_HEADER);
        for (InvoiceLine l : inv.lines()) {
            row(out, List.of(inv.number(), inv.kind().name(), String.valueOf(l.lineNo()), l.kind().name(), l.description(),
                    text(l.cdrCountry()), text(l.cdrParty()), text(l.cdrId()), text(l.tokenUid()), text(l.driverName()),
                    text(l.vehiclePlate()), text(l.sessionStart()), text(l.sessionEnd()), quantity(l.kwh()),
                    amount(l.amountExclVat()), amount(l.vatPercent()), amount(l.vatAmount()), amount(l.amountInclVat()),
                    inv.currency()));
        }
        List<String> total = new ArrayList<>(java.util.Collections.nCopies(LINE_HEADER.size(), ""));
        total.set(0, inv.number());
        total.set(1, inv.kind().name());
        total.set(3, "TOTAL");
        total.set(14, amount(inv.totalExclVat()));
        total.set(16, amount(inv.totalVat()));
        total.set(17, amount(inv.totalInclVat()));
        total.set(18, inv.currency());
        row(out, total);
        return out.toString();
    }

    /** Per vehicle, then per driver, then the total. */
    public static String fleetReport(FleetReport r) {
        StringBuilder out = new StringBuilder();
        row(out, List.of("company", "month", "group", "key", "sessions", "kwh", "amount_excl_vat", "amount_incl_vat", "currency"));
        for (FleetReport.FleetRow v : r.vehicles()) reportRow(out, r, "vehicle", v);
        for (FleetReport.FleetRow d : r.drivers()) reportRow(out, r, "driver", d);
        reportRow(out, r, "total", r.total());
        return out.toString();
    }

    private static void reportRow(StringBuilder out, FleetReport r, String group, FleetReport.FleetRow row) {
        row(out, List.of(r.companyName(), r.month(), group, row.key(), String.valueOf(row.sessions()), quantity(row.kwh()),
                amount(row.exclVat()), amount(row.inclVat()), r.currency()));
    }

    static void row(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) out.append(',');
            out.append(field(fields.get(i)));
        }
        out.append("\r\n");
    }

    static String field(String value) {
        if (value == null) return "";
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /** toPlainString: a decimal point, never an exponent or a locale's comma. */
    static String amount(BigDecimal v) {
        return v == null ? "" : v.toPlainString();
    }

    static String quantity(BigDecimal v) {
        if (v == null) return "";
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }
}
