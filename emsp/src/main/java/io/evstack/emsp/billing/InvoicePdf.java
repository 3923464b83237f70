package io.evstack.emsp.billing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * An invoice or credit note as an A4 PDF (Apache PDFBox, standard Helvetica, so nothing is embedded): seller
 * and buyer, number, issue date, period, the lines, the VAT breakdown per rate and the totals. Text the
 * standard fonts cannot show (WinAnsi) is written without accents, or as '?'.
 */
public final class InvoicePdf {
    private static final float MARGIN = 50;
    private static final float LEADING = 13;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** Column x positions: no, date, description, kWh (right), excl. (right), VAT % (right), incl. (right). */
    private static final float[] COLUMNS = {MARGIN, MARGIN + 22, MARGIN + 100, 385, 445, 490, 545};

    private InvoicePdf() {}

    public static byte[] render(Invoice inv, BillingConfig config) {
        try (PDDocument doc = new PDDocument(); Pages pages = new Pages(doc)) {
            ZoneId zone = config.zone();
            pages.text(bold(), 18, MARGIN, (inv.kind() == Invoice.DocumentKind.CREDIT_NOTE ? "Credit note " : "Invoice ") + inv.number());
            pages.down(8);
            float top = pages.y;
            pages.block(List.of(config.sellerName(), nz(config.sellerAddress()), "VAT " + nz(config.sellerVatId())), MARGIN, "From");
            float left = pages.y;
            pages.y = top;
            List<String> buyer = new ArrayList<>();
            buyer.add(inv.buyer().name());
            if (inv.buyer().address() != null) buyer.add(inv.buyer().address());
            if (inv.buyer().vatId() != null) buyer.add("VAT " + inv.buyer().vatId());
            pages.block(buyer, 320, "To");
            pages.y = Math.min(left, pages.y) - 6;
            pages.line(regular(), 10, MARGIN, "Date: " + DATE.format(inv.issuedAt().atZone(zone)) + "    Period: " + inv.periodMonth()
                    + " (" + DATE.format(inv.periodStart().atZone(zone)) + " to " + DATE.format(inv.periodEnd().atZone(zone).minusDays(1)) + ")"
                    + "    Currency: " + inv.currency());
            if (inv.creditedNumber() != null) {
                pages.line(regular(), 10, MARGIN, "Cancels invoice " + inv.creditedNumber() + (inv.reason() == null ? "" : ": " + inv.reason()));
            }
            if (inv.creditNoteNumber() != null) {
                pages.line(regular(), 10, MARGIN, "Cancelled by credit note " + inv.creditNoteNumber());
            }
            pages.down(8);
            header(pages);
            for (InvoiceLine l : inv.lines()) {
                List<String> desc = new ArrayList<>(pages.wrap(l.description(), COLUMNS[3] - COLUMNS[2] - 40, 8));
                if (l.cdrId() != null) {
                    desc.add("CDR " + l.cdrCountry() + "*" + l.cdrParty() + "*" + l.cdrId() + ", token " + nz(l.tokenUid())
                            + (l.vehiclePlate() == null ? "" : ", vehicle " + l.vehiclePlate())
                            + (l.driverName() == null ? "" : ", " + l.driverName()));
                }
                if (pages.y - desc.size() * 10 < MARGIN + 20) {
                    pages.newPage();
                    header(pages);
                }
                float y = pages.y;
                pages.at(regular(), 8, COLUMNS[0], y, String.valueOf(l.lineNo()));
                pages.at(regular(), 8, COLUMNS[1], y, l.sessionStart() == null ? "" : DATE_TIME.format(l.sessionStart().atZone(zone)));
                pages.right(regular(), 8, COLUMNS[3], y, l.kwh() == null ? "" : InvoiceCsv.quantity(l.kwh()));
                pages.right(regular(), 8, COLUMNS[4], y, InvoiceCsv.amount(l.amountExclVat()));
                pages.right(regular(), 8, COLUMNS[5], y, InvoiceCsv.quantity(l.vatPercent()) + " %");
                pages.right(regular(), 8, COLUMNS[6], y, InvoiceCsv.amount(l.amountInclVat()));
                for (String d : desc) {
                    pages.at(regular(), 8, COLUMNS[2], pages.y, d);
                    pages.down(10);
                }
                pages.down(2);
            }
            if (pages.y < MARGIN + 40 + 14 * (inv.vatBreakdown().size() + 4)) {
                pages.newPage();
            }
            pages.rule();
            pages.down(14);
            pages.line(bold(), 10, MARGIN, "VAT breakdown");
            for (Invoice.VatAmount v : inv.vatBreakdown()) {
                float y = pages.y;
                pages.at(regular(), 10, MARGIN, y, "VAT " + InvoiceCsv.quantity(v.ratePercent()) + " % of " + InvoiceCsv.amount(v.taxableAmount()));
                pages.right(regular(), 10, COLUMNS[6], y, InvoiceCsv.amount(v.vatAmount()));
                pages.down(LEADING);
            }
            pages.down(6);
            total(pages, regular(), "Total excl. VAT", inv.totalExclVat(), inv.currency());
            total(pages, regular(), "VAT", inv.totalVat(), inv.currency());
            total(pages, bold(), "Total incl. VAT", inv.totalInclVat(), inv.currency());
            pages.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void header(Pages pages) throws IOException {
        float y = pages.y;
        pages.at(bold(), 8, COLUMNS[0], y, "#");
        pages.at(bold(), 8, COLUMNS[1], y, "Start");
        pages.at(bold(), 8, COLUMNS[2], y, "Description");
        pages.right(bold(), 8, COLUMNS[3], y, "kWh");
        pages.right(bold(), 8, COLUMNS[4], y, "Excl. VAT");
        pages.right(bold(), 8, COLUMNS[5], y, "VAT");
        pages.right(bold(), 8, COLUMNS[6], y, "Incl. VAT");
        pages.down(4);
        pages.rule();
        pages.down(10);
    }

    private static void total(Pages pages, PDType1Font font, String label, BigDecimal amount, String currency) throws IOException {
        float y = pages.y;
        pages.at(font, 11, 330, y, label);
        pages.right(font, 11, COLUMNS[6], y, currency + " " + InvoiceCsv.amount(amount));
        pages.down(LEADING + 2);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static PDType1Font regular() {
        return new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    }

    private static PDType1Font bold() {
        return new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    }

    /** Writes top-down over as many A4 pages as it takes. */
    private static final class Pages implements AutoCloseable {
        private final PDDocument doc;
        private PDPageContentStream stream;
        float y;

        Pages(PDDocument doc) throws IOException {
            this.doc = doc;
            newPage();
        }

        void newPage() throws IOException {
            close();
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            stream = new PDPageContentStream(doc, page);
            y = page.getMediaBox().getHeight() - MARGIN;
        }

        void down(float by) throws IOException {
            y -= by;
            if (y < MARGIN) newPage();
        }

        void text(PDType1Font font, float size, float x, String s) throws IOException {
            at(font, size, x, y, s);
            down(size + 4);
        }

        void line(PDType1Font font, float size, float x, String s) throws IOException {
            text(font, size, x, s);
        }

        void block(List<String> lines, float x, String title) throws IOException {
            text(bold(), 9, x, title);
            for (String l : lines) {
                for (String w : wrap(l, 230, 10)) text(regular(), 10, x, w);
            }
        }

        void at(PDType1Font font, float size, float x, float atY, String s) throws IOException {
            stream.beginText();
            stream.setFont(font, size);
            stream.newLineAtOffset(x, atY);
            stream.showText(showable(font, s));
            stream.endText();
        }

        void right(PDType1Font font, float size, float x, float atY, String s) throws IOException {
            String t = showable(font, s);
            at(font, size, x - font.getStringWidth(t) / 1000 * size, atY, t);
        }

        void rule() throws IOException {
            stream.moveTo(MARGIN, y);
            stream.lineTo(COLUMNS[6], y);
            stream.setLineWidth(0.5f);
            stream.stroke();
        }

        List<String> wrap(String text, float width, float size) throws IOException {
            PDType1Font font = regular();
            List<String> out = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : showable(font, text).split(" ")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (!line.isEmpty() && font.getStringWidth(candidate) / 1000 * size > width) {
                    out.add(line.toString());
                    line = new StringBuilder(word);
                } else {
                    line = new StringBuilder(candidate);
                }
            }
            if (!line.isEmpty()) out.add(line.toString());
            return out;
        }

        /** What the font can encode: accents dropped where that helps, anything else as '?'. */
        static String showable(PDType1Font font, String s) {
            if (s == null) return "";
            String plain = s.replace('\r', ' ').replace('\n', ' ').replace('\t', ' ');
            StringBuilder out = new StringBuilder(plain.length());
            for (int i = 0; i < plain.length(); ) {
                int cp = plain.codePointAt(i);
                i += Character.charCount(cp);
                String c = new String(Character.toChars(cp));
                if (encodable(font, c)) {
                    out.append(c);
                    continue;
                }
                String base = Normalizer.normalize(c, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
                out.append(!base.isEmpty() && encodable(font, base) ? base : "?");
            }
            return out.toString();
        }

        private static boolean encodable(PDType1Font font, String c) {
            try {
                font.encode(c);
                return true;
            } catch (IllegalArgumentException | IOException e) {
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            if (stream != null) {
                stream.close();
                stream = null;
            }
        }
    }
}
