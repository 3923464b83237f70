package io.evstack.emsp.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An issued invoice or credit note, as stored and never changed. Totals equal the sums of the lines exactly;
 * {@code vatBreakdown} has one entry per VAT rate (taxable amount and VAT, EU Directive 2006/112/EC art.
 * 226 (8)-(10)). A credit note names the invoice it cancels in {@code creditedNumber}; an invoice that was
 * cancelled names its credit note in {@code creditNoteNumber}.
 */
public record Invoice(long pk, String number, DocumentKind kind, Buyer buyer, String periodMonth, Instant periodStart,
        Instant periodEnd, String currency, BigDecimal totalExclVat, BigDecimal totalVat, BigDecimal totalInclVat,
        String creditedNumber, String creditNoteNumber, String reason, Instant issuedAt, List<InvoiceLine> lines,
        List<VatAmount> vatBreakdown) {

    public enum DocumentKind { INVOICE, CREDIT_NOTE }

    /** Who is billed: a private driver (accountPk) or a fleet company (companyPk), as they were when issued. */
    public record Buyer(Long accountPk, Long companyPk, String name, String address, String vatId) {}

    /** The taxable amount and VAT of one rate. */
    public record VatAmount(BigDecimal ratePercent, BigDecimal taxableAmount, BigDecimal vatAmount) {}

    public Invoice {
        lines = List.copyOf(lines);
        vatBreakdown = List.copyOf(vatBreakdown);
    }

    /** Without the lines, for lists. */
    public record InvoiceSummary(String number, DocumentKind kind, Buyer buyer, String periodMonth, String currency, BigDecimal totalExclVat,
            BigDecimal totalVat, BigDecimal totalInclVat, String creditedNumber, String creditNoteNumber, Instant issuedAt) {}

    public InvoiceSummary summary() {
        return new InvoiceSummary(number, kind, buyer, periodMonth, currency, totalExclVat, totalVat, totalInclVat, creditedNumber,
                creditNoteNumber, issuedAt);
    }
}
