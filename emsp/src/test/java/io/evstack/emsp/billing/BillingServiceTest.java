package io.evstack.emsp.billing;

import static io.evstack.db.generated.Tables.EMSP_INVOICE;
import static io.evstack.db.generated.Tables.EMSP_INVOICE_COUNTER;
import static io.evstack.db.generated.Tables.EMSP_INVOICE_LINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evstack.db.Database;
import io.evstack.emsp.account.Caller;
import io.evstack.emsp.account.Role;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Billing a month on a real database (H2, and MariaDB when STACK_TEST_DB_URL is set). The March 2026 of
 * {@link BillingFixture#march()}, amounts by hand, EUR, VAT 21 %:
 * <pre>
 * Alice, pay-as-you-go (CPO price + 20 %):
 *   A1 10 kWh, CPO 4.00 → 4.80;  A2 3.333 kWh, CPO 1.1111 → 1.33332 → 1.33
 *   (A3 ends 1 April 00:30 in Amsterdam, 31 March 22:30 UTC: April's, not March's)
 *   excl. 6.13, VAT 6.13 × 21 % = 1.2873 → 1.29, incl. 7.42
 * Bob, subscription (9.99 a month, 30 kWh included, then 0.30/kWh):
 *   fee 9.99; B1 10 kWh → 0.00; B2 25 kWh, 20 still included → 5 × 0.30 = 1.50; B3 20 kWh → 6.00
 *   excl. 17.49, VAT 3.6729 → 3.67, incl. 21.16
 * ACME, fleet (0.35/kWh), one invoice: Dave (AB-123-C) D1 20 kWh → 7.00, D2 25 kWh → 8.75; Erin (XY-987-Z) E1 10 kWh → 3.50
 *   excl. 19.25, VAT 4.0425 → 4.04, incl. 23.29
 * X1's token is not ours: not billed.
 * </pre>
 */
class BillingServiceTest {
    static final YearMonth MARCH = YearMonth.of(2026, 3);
    static final Caller SUPPORT = new Caller(0, Role.SUPPORT, null);

    static BillingService service(Database db) {
        return new BillingService(db.dsl(), BillingFixture.CLOCK, BillingConfig.DEFAULT);
    }

    static Invoice invoiceOf(BillingService billing, Caller caller, YearMonth month) {
        List<Invoice.InvoiceSummary> list = billing.invoices(caller, month);
        assertThat(list).hasSize(1);
        return billing.invoice(caller, list.get(0).number());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void billsEachDriverAndEachCompanyOnceWithTotalsEqualToTheLinesAndTheCdrPrices(Database db) {
        BillingFixture f = new BillingFixture(db.dsl());
        BillingFixture.March m = f.march();
        BillingService billing = service(db);

        BillingRun run = billing.run(MARCH);

        assertThat(run.issued()).containsExactlyInAnyOrder("EVS-2026-000001", "EVS-2026-000002", "EVS-2026-000003");
        assertThat(run.cdrsBilled()).isEqualTo(8);
        assertThat(run.skipped()).anyMatch(s -> s.contains("STRANGER"));

        Invoice alice = invoiceOf(billing, new Caller(m.alice, Role.DRIVER, null), MARCH);
        assertThat(alice.lines()).extracting(InvoiceLine::cdrId).containsExactly("A1", "A2");
        assertThat(alice.lines()).extracting(l -> l.amountExclVat().toPlainString()).containsExactly("4.80", "1.33");
        assertTotals(alice, "6.13", "1.29", "7.42");
        assertThat(alice.buyer().name()).isEqualTo("Alice Jansen");
        assertThat(alice.lines().get(0)).satisfies(l -> {
            assertThat(l.cdrCountry() + "*" + l.cdrParty() + "*" + l.cdrId()).isEqualTo("NL*CPO*A1");
            assertThat(l.tokenUid()).isEqualTo("ALICE01");
            assertThat(l.kwh()).isEqualByComparingTo("10");
            assertThat(l.sessionStart()).isEqualTo(java.time.LocalDateTime.parse("2026-03-05T18:00").atZone(BillingFixture.AMS).toInstant());
            assertThat(l.vatPercent()).isEqualByComparingTo("21");
        });

        Invoice bob = invoiceOf(billing, new Caller(m.bob, Role.DRIVER, null), MARCH);
        assertThat(bob.lines()).extracting(l -> l.kind() + ":" + l.amountExclVat())
                .containsExactly("FEE:9.99", "CHARGE:0.00", "CHARGE:1.50", "CHARGE:6.00");
        assertTotals(bob, "17.49", "3.67", "21.16");

        Invoice acme = invoiceOf(billing, new Caller(m.manager, Role.FLEET_MANAGER, m.acme), MARCH);
        assertThat(acme.buyer().companyPk()).isEqualTo(m.acme);
        assertThat(acme.buyer().vatId()).isEqualTo("NL123456789B01");
        assertThat(acme.lines()).extracting(l -> l.cdrId() + ":" + l.vehiclePlate() + ":" + l.driverName() + ":" + l.amountExclVat())
                .containsExactly("D1:AB-123-C:Dave Driver:7.00", "D2:AB-123-C:Dave Driver:8.75", "E1:XY-987-Z:Erin Driver:3.50");
        assertTotals(acme, "19.25", "4.04", "23.29");

        // total = sum of the lines = sum of the plan prices of the CDRs behind them (+ the fee), priced apart
        PlanPricing pricing = new PlanPricing();
        Plan sub = new Plan(f.subscription, "SUB30", "SUB30 plan", Plan.Kind.SUBSCRIPTION, "EUR", null, new BigDecimal("0.30"),
                new BigDecimal("9.99"), new BigDecimal("30"), new BigDecimal("21"));
        BigDecimal used = BigDecimal.ZERO;
        BigDecimal expected = new BigDecimal("9.99");
        for (String[] c : new String[][] {{"B1", "10", "4.00"}, {"B2", "25", "11.25"}, {"B3", "20", null}}) {
            BillableCdr cdr = new BillableCdr("NL", "CPO", c[0], "BOB01", "EUR", null, null, new BigDecimal(c[1]),
                    c[2] == null ? null : new BigDecimal(c[2]), new BigDecimal("7.10"), null);
            expected = expected.add(pricing.price(sub, cdr, used).exclVat());
            used = used.add(cdr.kwh());
        }
        assertThat(bob.totalExclVat()).isEqualByComparingTo(expected);
        for (Invoice inv : List.of(alice, bob, acme)) {
            assertThat(sum(inv, InvoiceLine::amountExclVat)).isEqualByComparingTo(inv.totalExclVat());
            assertThat(sum(inv, InvoiceLine::vatAmount)).isEqualByComparingTo(inv.totalVat());
            assertThat(sum(inv, InvoiceLine::amountInclVat)).isEqualByComparingTo(inv.totalInclVat());
        }

        // A3 is April's (Amsterdam time), with nothing else of Alice's
        billing.run(YearMonth.of(2026, 4));
        assertThat(invoiceOf(billing, new Caller(m.alice, Role.DRIVER, null), YearMonth.of(2026, 4)).lines())
                .extracting(InvoiceLine::cdrId).containsExactly("A3");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aSecondRunOfTheMonthIssuesNothingAndALateCdrGetsAnInvoiceOfItsOwn(Database db) {
        BillingFixture f = new BillingFixture(db.dsl());
        BillingFixture.March m = f.march();
        BillingService billing = service(db);
        billing.run(MARCH);

        BillingRun again = billing.run(MARCH);

        assertThat(again.issued()).isEmpty();
        assertThat(again.cdrsBilled()).isZero();
        assertThat(billing.invoices(SUPPORT, MARCH)).hasSize(3);

        // Bob's CDR of 28 March arrives in April: billed alone, after the 55 kWh already billed, all beyond the
        // 30 included: 4 kWh × 0.30 = 1.20; no second fee.
        f.cdr("B4", "BOB01", "2026-03-28T08:00", "2026-03-28T09:00", "4", "1.80", null);
        BillingRun late = billing.run(MARCH);
        assertThat(late.issued()).containsExactly("EVS-2026-000004");
        Invoice inv = billing.invoice(SUPPORT, "EVS-2026-000004");
        assertThat(inv.buyer().accountPk()).isEqualTo(m.bob);
        assertThat(inv.lines()).extracting(l -> l.cdrId() + ":" + l.amountExclVat()).containsExactly("B4:1.20");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aCreditNoteCancelsAnInvoiceOnceAndLetsItsCdrsBeBilledAgain(Database db) {
        BillingFixture f = new BillingFixture(db.dsl());
        BillingFixture.March m = f.march();
        BillingService billing = service(db);
        billing.run(MARCH);
        Caller alice = new Caller(m.alice, Role.DRIVER, null);
        Invoice original = invoiceOf(billing, alice, MARCH);

        Invoice credit = billing.creditNote(original.number(), "Wrong plan applied");

        assertThat(credit.number()).isEqualTo("EVC-2026-000001");
        assertThat(credit.kind()).isEqualTo(Invoice.DocumentKind.CREDIT_NOTE);
        assertThat(credit.creditedNumber()).isEqualTo(original.number());
        assertThat(credit.reason()).isEqualTo("Wrong plan applied");
        assertTotals(credit, "-6.13", "-1.29", "-7.42");
        assertThat(credit.lines()).extracting(l -> l.cdrId() + ":" + l.amountExclVat()).containsExactly("A1:-4.80", "A2:-1.33");
        assertThat(billing.invoice(alice, original.number()).creditNoteNumber()).isEqualTo(credit.number());
        assertThat(billing.invoice(alice, original.number()).totalInclVat()).isEqualByComparingTo("7.42");

        assertThatThrownBy(() -> billing.creditNote(original.number(), "again"))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThatThrownBy(() -> billing.creditNote(credit.number(), "a credit of a credit"))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThatThrownBy(() -> billing.creditNote("EVS-2026-999999", "none"))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.status()).isEqualTo(404));

        // the CDRs are free again: the next run bills them on a new invoice, numbers still without a gap
        BillingRun rebill = billing.run(MARCH);
        assertThat(rebill.issued()).containsExactly("EVS-2026-000004");
        assertThat(billing.invoice(alice, "EVS-2026-000004").lines()).extracting(InvoiceLine::cdrId).containsExactly("A1", "A2");
        assertThat(billing.creditNote("EVS-2026-000004", "test").number()).isEqualTo("EVC-2026-000002");
        assertThat(billing.invoices(alice, MARCH)).extracting(Invoice.InvoiceSummary::number)
                .containsExactly(original.number(), "EVC-2026-000001", "EVS-2026-000004", "EVC-2026-000002");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void numbersStayGaplessWhenTwoThreadsIssueAtOnce(Database db) throws Exception {
        BillingFixture f = new BillingFixture(db.dsl());
        // 10 drivers charge in February, 10 in March; 6 more in April, billed by both threads at once
        for (int i = 0; i < 26; i++) {
            long a = f.account("Driver " + i, "DRIVER", null, f.payg);
            f.token("T" + i, a, null);
            String day = i < 10 ? "2026-02-10" : i < 20 ? "2026-03-10" : "2026-04-10";
            f.cdr("C" + i, "T" + i, day + "T08:00", day + "T09:00", "10", "4.00", null);
        }
        BillingService billing = service(db);
        List<YearMonth> months = List.of(YearMonth.of(2026, 2), YearMonth.of(2026, 3));
        List<BillingRun> runs = concurrently(billing, months);
        List<BillingRun> sameMonth = concurrently(billing, List.of(YearMonth.of(2026, 4), YearMonth.of(2026, 4)));

        assertThat(runs).allSatisfy(r -> assertThat(r.issued()).hasSize(10));
        // April: the six invoices are issued once, between the two runs
        assertThat(sameMonth.stream().mapToInt(r -> r.issued().size()).sum()).isEqualTo(6);
        assertThat(sameMonth.stream().mapToInt(BillingRun::cdrsBilled).sum()).isEqualTo(6);
        List<String> numbers = db.dsl().select(EMSP_INVOICE.INVOICE_NUMBER).from(EMSP_INVOICE).orderBy(EMSP_INVOICE.INVOICE_NUMBER)
                .fetch(EMSP_INVOICE.INVOICE_NUMBER);
        assertThat(numbers).containsExactlyElementsOf(IntStream.rangeClosed(1, 26).mapToObj(n -> BillingService.number("EVS", 2026, n)).toList());
        assertThat(db.dsl().select(EMSP_INVOICE_COUNTER.LAST_NUMBER).from(EMSP_INVOICE_COUNTER)
                .where(EMSP_INVOICE_COUNTER.SERIES.eq("EVS")).fetchOne().value1()).isEqualTo(26L);
        assertThat(db.dsl().fetchCount(EMSP_INVOICE_LINE)).isEqualTo(26);
    }

    private static List<BillingRun> concurrently(BillingService billing, List<YearMonth> months) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(months.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<BillingRun>> futures = new ArrayList<>();
            for (YearMonth month : months) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return billing.run(month);
                }));
            }
            go.countDown();
            List<BillingRun> out = new ArrayList<>();
            for (Future<BillingRun> future : futures) out.add(future.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void theFleetReportSumsTheMonthPerVehicleAndPerDriver(Database db) {
        BillingFixture f = new BillingFixture(db.dsl());
        BillingFixture.March m = f.march();
        BillingService billing = service(db);
        billing.run(MARCH);

        FleetReport r = billing.fleetReport(new Caller(m.manager, Role.FLEET_MANAGER, m.acme), null, MARCH);

        // AB-123-C: D1 + D2 = 45 kWh, 15.75 excl.; XY-987-Z: E1 10 kWh, 3.50. Incl. VAT as on the lines:
        // the rate's 4.04 shared as 1.47 (7.00: 1.47 exact), 1.84 (8.75: 1.8375), 0.73 (3.50: 0.735) → 4.04
        assertThat(r.vehicles()).extracting(v -> v.key() + ":" + v.sessions() + ":" + v.kwh().toPlainString() + ":" + v.exclVat() + ":" + v.inclVat())
                .containsExactly("AB-123-C:2:45:15.75:19.06", "XY-987-Z:1:10:3.50:4.23");
        assertThat(r.drivers()).extracting(d -> d.key() + ":" + d.kwh().toPlainString() + ":" + d.exclVat())
                .containsExactly("Dave Driver:45:15.75", "Erin Driver:10:3.50");
        assertThat(r.total().exclVat()).isEqualByComparingTo("19.25");
        assertThat(r.total().inclVat()).isEqualByComparingTo("23.29");

        assertThat(billing.fleetReport(SUPPORT, m.acme, MARCH)).isEqualTo(r);
        assertThatThrownBy(() -> billing.fleetReport(new Caller(m.dave, Role.DRIVER, m.acme), null, MARCH))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> billing.fleetReport(new Caller(m.manager, Role.FLEET_MANAGER, m.acme), m.acme + 1, MARCH))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void eachCallerSeesOnlyTheInvoicesTheyMay(Database db) {
        BillingFixture f = new BillingFixture(db.dsl());
        BillingFixture.March m = f.march();
        BillingService billing = service(db);
        billing.run(MARCH);
        Invoice bobs = invoiceOf(billing, new Caller(m.bob, Role.DRIVER, null), MARCH);

        assertThat(billing.invoices(SUPPORT, null)).hasSize(3);
        assertThat(billing.invoices(new Caller(m.dave, Role.DRIVER, m.acme), null)).isEmpty();
        assertThatThrownBy(() -> billing.invoice(new Caller(m.alice, Role.DRIVER, null), bobs.number()))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> billing.invoice(new Caller(m.manager, Role.FLEET_MANAGER, m.acme), bobs.number()))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void anIssuedInvoiceCannotBeChangedInTheDatabase(Database db) {
        BillingFixture f = new BillingFixture(db.dsl());
        f.march();
        service(db).run(MARCH);
        if (db.dialect() == SQLDialect.H2) {
            return; // H2 runs no SQL trigger bodies; there the code, which has no update path, is the guard
        }
        assertThatThrownBy(() -> db.dsl().update(EMSP_INVOICE).set(EMSP_INVOICE.TOTAL_INCL_VAT, BigDecimal.ONE).execute())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("immutable");
        assertThatThrownBy(() -> db.dsl().update(EMSP_INVOICE_LINE).set(EMSP_INVOICE_LINE.AMOUNT_EXCL_VAT, BigDecimal.ONE).execute())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("immutable");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void csvAndPdfCarryTheLinesAndTheTotals(Database db) throws Exception {
        BillingFixture f = new BillingFixture(db.dsl());
        BillingFixture.March m = f.march();
        BillingService billing = service(db);
        billing.run(MARCH);
        Invoice acme = invoiceOf(billing, new Caller(m.manager, Role.FLEET_MANAGER, m.acme), MARCH);

        String csv = InvoiceCsv.invoice(acme);
        String[] rows = csv.split("\r\n");
        assertThat(rows).hasSize(1 + 3 + 1);
        assertThat(rows[0]).startsWith("invoice_number,kind,line_no,line_kind,description,cdr_country,cdr_party,cdr_id");
        // the description holds commas and quotes: quoted, quotes doubled (RFC 4180)
        assertThat(rows[1]).startsWith(acme.number() + ",INVOICE,1,CHARGE,\"Charging at Station Zuid, Main St 1, \"\"B\"\", Utrecht (20 kWh × 0.35)\",NL,CPO,D1,DAVE01,Dave Driver,AB-123-C,");
        assertThat(rows[1]).endsWith(",20,7.00,21.00,1.47,8.47,EUR");
        assertThat(rows[4]).isEqualTo(acme.number() + ",INVOICE,,TOTAL,,,,,,,,,,,19.25,,4.04,23.29,EUR");

        byte[] pdf = InvoicePdf.render(acme, BillingConfig.DEFAULT);
        String text;
        try (var doc = Loader.loadPDF(pdf)) {
            text = new PDFTextStripper().getText(doc);
        }
        assertThat(text).contains("Invoice " + acme.number(), "ACME Logistics B.V.", "NL123456789B01", "evstack eMSP B.V.",
                "Period: 2026-03 (2026-03-01 to 2026-03-31)", "NL*CPO*D1", "AB-123-C", "VAT 21 % of 19.25",
                "Total excl. VAT", "EUR 19.25", "EUR 4.04", "Total incl. VAT", "EUR 23.29");

        String report = InvoiceCsv.fleetReport(billing.fleetReport(SUPPORT, m.acme, MARCH));
        assertThat(report.split("\r\n")).contains("ACME Logistics B.V.,2026-03,vehicle,AB-123-C,2,45,15.75,19.06,EUR",
                "ACME Logistics B.V.,2026-03,total,total,3,55,19.25,23.29,EUR");
    }

    private static void assertTotals(Invoice inv, String excl, String vat, String incl) {
        assertThat(List.of(inv.totalExclVat(), inv.totalVat(), inv.totalInclVat())).extracting(BigDecimal::toPlainString)
                .containsExactly(excl, vat, incl);
        assertThat(inv.vatBreakdown()).singleElement().satisfies(v -> {
            assertThat(v.taxableAmount()).isEqualByComparingTo(excl);
            assertThat(v.vatAmount()).isEqualByComparingTo(vat);
        });
    }

    private static BigDecimal sum(Invoice inv, java.util.function.Function<InvoiceLine, BigDecimal> f) {
        return inv.lines().stream().map(f).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
