package io.evstack.emsp.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The PDF of an invoice too long for one page, with names the standard fonts cannot all show. */
class InvoicePdfTest {

    @Test
    void aLongInvoiceRunsOverPagesAndNamesOutsideWinAnsiStillPrint() throws Exception {
        List<InvoiceCalculator.Draft> drafts = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            drafts.add(new InvoiceCalculator.Draft(InvoiceLine.LineKind.CHARGE, "Charging at Łódź Główna – Straße " + i,
                    "PL", "CPO", "CDR" + i, "UID" + i, 1L, "Łukasz", null, Instant.parse("2026-03-01T10:00:00Z"),
                    Instant.parse("2026-03-01T11:00:00Z"), BigDecimal.TEN, new BigDecimal("3.45"), new BigDecimal("23")));
        }
        // 80 × 3.45 = 276.00; VAT 23 % = 63.48; 339.48
        var totals = InvoiceCalculator.calculate(drafts, "EUR");
        Invoice inv = new Invoice(1, "EVS-2026-000042", Invoice.DocumentKind.INVOICE,
                new Invoice.Buyer(1L, null, "Łukasz Żółć", "ul. Długa 1, Kraków", null), "2026-03",
                Instant.parse("2026-02-28T23:00:00Z"), Instant.parse("2026-03-31T22:00:00Z"), "EUR", totals.totalExclVat(),
                totals.totalVat(), totals.totalInclVat(), null, null, null, Instant.parse("2026-04-02T08:00:00Z"),
                totals.lines(), totals.vatBreakdown());

        byte[] pdf = InvoicePdf.render(inv, BillingConfig.DEFAULT);

        try (var doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(1);
            String text = new PDFTextStripper().getText(doc);
            // Ł and ł have no WinAnsi glyph and no accent-free form: "?"; ó and ß are WinAnsi; Ż and ć lose the accent
            assertThat(text).contains("Invoice EVS-2026-000042", "?ukasz Zó?c", "Kraków", "Straße 79", "CDR PL*CPO*CDR79",
                    "VAT 23 % of 276.00", "EUR 63.48", "EUR 339.48");
            var last = new PDFTextStripper();
            last.setStartPage(doc.getNumberOfPages());
            assertThat(last.getText(doc)).contains("Total incl. VAT");
        }
    }
}
