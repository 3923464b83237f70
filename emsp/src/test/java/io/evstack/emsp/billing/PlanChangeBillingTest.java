package io.evstack.emsp.billing;

import static io.evstack.db.generated.Tables.EMSP_PLAN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.db.Database;
import io.evstack.db.TestClock;
import io.evstack.emsp.account.Caller;
import io.evstack.emsp.account.Role;
import io.evstack.emsp.web.Json;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plan changes in the middle of a month, made over real HTTP on loopback and billed on a real database (H2,
 * and MariaDB when STACK_TEST_DB_URL is set). The CDRs are those of {@link BillingFixture#march()}; on 10
 * March the plans change from 15 March (Amsterdam), 17 of March's 31 days. Amounts by hand, EUR, VAT 21 %:
 * <pre>
 * Alice, PAYG20 (CPO + 20 %) → SUB30 (9.99 a month, 30 kWh included, then 0.30):
 *   PAYG20 1–14 March, no fee: 0.00; SUB30 15–31 March: 9.99 × 17/31 = 5.4784 → 5.48, 30 × 17/31 → 16.452 kWh included
 *   A1 (5 March, PAYG20) CPO 4.00 → 4.80; A2 (31 March, SUB30) 3.333 kWh, all included → 0.00
 *   excl. 10.28, VAT 2.1588 → 2.16, incl. 12.44
 * Bob, SUB30 → SUB100 (19.99 a month, 100 kWh included, then 0.25):
 *   SUB30 1–14: 9.99 × 14/31 = 4.5116 → 4.51, 30 × 14/31 → 13.548 kWh; SUB100 15–31: 19.99 × 17/31 = 10.9623 → 10.96, 54.839 kWh
 *   B1 (2 March, SUB30) 10 kWh included → 0.00; B2 (10 March, SUB30) 25 kWh, 3.548 left: 21.452 × 0.30 = 6.4356 → 6.44;
 *   B3 (20 March, SUB100) 20 kWh included → 0.00
 *   excl. 21.91, VAT 4.6011 → 4.60, incl. 26.51
 * ACME, FLEET35 (0.35/kWh) → FLEET30 (0.30/kWh), changed by its fleet manager:
 *   one 0.00 line per plan period; D1 (3 March) 20 × 0.35 = 7.00; D2 (15 March 07:00) 25 × 0.30 = 7.50; E1 (16 March) 10 × 0.30 = 3.00
 *   excl. 17.50, VAT 3.675 → 3.68, incl. 21.18
 * </pre>
 */
class PlanChangeBillingTest {
    static final YearMonth MARCH = YearMonth.of(2026, 3);

    final BillingRoutesTest http = new BillingRoutesTest();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void eachCdrIsPricedWithThePlanInForceAtItsStartAndFeesAreProratedByDays(Database db) throws Exception {
        BillingFixture f = new BillingFixture(db.dsl());
        BillingFixture.March m = f.march();
        f.plan("SUB100", Plan.Kind.SUBSCRIPTION, null, "0.25", "19.99", "100");
        f.plan("FLEET30", Plan.Kind.FLEET, null, "0.30", null, null);
        long gbp = f.plan("GBP20", Plan.Kind.PAY_AS_YOU_GO, "20", null, null, null);
        db.dsl().update(EMSP_PLAN).set(EMSP_PLAN.CURRENCY, "GBP").where(EMSP_PLAN.PK.eq(gbp)).execute();
        long other = f.company("Other B.V.", f.fleet);
        long otherManager = f.account("Olga Other", "FLEET_MANAGER", other, null);

        TestClock clock = new TestClock("2026-03-10T10:00:00Z");
        BillingService billing = new BillingService(db.dsl(), clock, BillingConfig.DEFAULT);
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, true));
        });
        new BillingRoutes(billing, BillingRoutesTest::testCaller).register(app);
        new PlanRoutes(new PlanService(db.dsl(), clock, BillingConfig.DEFAULT.zone()), BillingRoutesTest::testCaller).register(app);
        app.start("127.0.0.1", 0);
        try {
            String alice = m.alice + ",DRIVER";
            String bob = m.bob + ",DRIVER";
            String dave = m.dave + ",DRIVER," + m.acme;
            String manager = m.manager + ",FLEET_MANAGER," + m.acme;
            String support = m.support + ",SUPPORT";
            String companyChanges = "/api/v1/fleet/companies/" + m.acme + "/plan/changes";

            assertThat(call(app, "GET", "/api/v1/driver/plans", alice, null).json()).extracting(p -> p.path("code").asText())
                    .contains("PAYG20", "SUB30", "SUB100").doesNotContain("FLEET35");

            // What a driver or manager may not do: date a change back, a fleet plan, another currency, another company.
            assertThat(change(app, "/api/v1/driver/plan/changes", alice, "SUB30", "2026-03-09")).satisfies(r -> {
                assertThat(r.status()).isEqualTo(400);
                assertThat(r.json().path("error").asText()).contains("today (2026-03-10) or later");
            });
            assertThat(change(app, "/api/v1/driver/plan/changes", alice, "FLEET35", "2026-03-15").status()).isEqualTo(400);
            assertThat(change(app, "/api/v1/driver/plan/changes", alice, "GBP20", "2026-03-15").status()).isEqualTo(409);
            assertThat(change(app, "/api/v1/driver/plan/changes", alice, "PAYG20", "2026-03-15").status()).isEqualTo(409);
            assertThat(change(app, "/api/v1/driver/plan/changes", dave, "SUB30", "2026-03-15").status()).isEqualTo(403);
            assertThat(change(app, companyChanges, otherManager + ",FLEET_MANAGER," + other, "FLEET30", "2026-03-15").status())
                    .isEqualTo(403);

            BillingRoutesTest.Reply aliceChange = change(app, "/api/v1/driver/plan/changes", alice, "SUB30", "2026-03-15");
            assertThat(aliceChange.status()).isEqualTo(201);
            JsonNode history = aliceChange.json();
            assertThat(history.path("current").path("code").asText()).isEqualTo("PAYG20");
            assertThat(history.path("history")).extracting(p -> p.path("plan").path("code").asText() + "@" + p.path("effectiveFrom").asText()
                    + ".." + p.path("effectiveUntil").asText() + ":" + p.path("current").asBoolean())
                    .containsExactly("PAYG20@2026-01-01T00:00:00Z..2026-03-14T23:00:00Z:true",
                            "SUB30@2026-03-14T23:00:00Z..null:false");
            assertThat(change(app, "/api/v1/driver/plan/changes", bob, "SUB100", "2026-03-15").status()).isEqualTo(201);
            assertThat(change(app, companyChanges, manager, "FLEET30", "2026-03-15").status()).isEqualTo(201);
            // A fleet driver sees the company's plan, with the change its manager scheduled.
            assertThat(call(app, "GET", "/api/v1/driver/plan", dave, null).json().path("history")).extracting(p -> p.path("plan").path("code").asText())
                    .containsExactly("FLEET35", "FLEET30");

            // On the 15th the new plans are in force; the month is billed on 2 April.
            clock.set(Instant.parse("2026-03-15T12:00:00Z"));
            assertThat(call(app, "GET", "/api/v1/driver/plan", alice, null).json().path("current").path("code").asText()).isEqualTo("SUB30");
            clock.set(Instant.parse("2026-04-02T08:00:00Z"));
            assertThat(call(app, "POST", "/api/v1/billing/runs", support, "{\"month\":\"2026-03\"}").status()).isEqualTo(200);

            Invoice a = BillingServiceTest.invoiceOf(billing, new Caller(m.alice, Role.DRIVER, null), MARCH);
            assertThat(a.lines()).extracting(l -> l.kind() + ":" + l.planCode() + ":" + (l.cdrId() == null ? "" : l.cdrId()) + ":" + l.amountExclVat())
                    .containsExactly("FEE:PAYG20::0.00", "FEE:SUB30::5.48", "CHARGE:PAYG20:A1:4.80", "CHARGE:SUB30:A2:0.00");
            assertThat(a.lines().get(0).description()).isEqualTo("Plan PAYG20 plan (no monthly fee), 2026-03-01 – 2026-03-14 (14 of 31 days)");
            assertThat(a.lines().get(1).description()).isEqualTo("Monthly fee SUB30 plan, 2026-03-15 – 2026-03-31 (17 of 31 days)");
            assertThat(a.lines().get(3).description()).contains("3.333 of 3.333 kWh included");
            assertTotals(a, "10.28", "2.16", "12.44");

            Invoice b = BillingServiceTest.invoiceOf(billing, new Caller(m.bob, Role.DRIVER, null), MARCH);
            assertThat(b.lines()).extracting(l -> l.kind() + ":" + l.planCode() + ":" + (l.cdrId() == null ? "" : l.cdrId()) + ":" + l.amountExclVat())
                    .containsExactly("FEE:SUB30::4.51", "FEE:SUB100::10.96", "CHARGE:SUB30:B1:0.00", "CHARGE:SUB30:B2:6.44",
                            "CHARGE:SUB100:B3:0.00");
            assertThat(b.lines().get(3).description()).contains("3.548 of 25 kWh included; 21.452 kWh × 0.30");
            assertTotals(b, "21.91", "4.60", "26.51");

            Invoice acme = BillingServiceTest.invoiceOf(billing, new Caller(m.manager, Role.FLEET_MANAGER, m.acme), MARCH);
            assertThat(acme.lines()).extracting(l -> l.kind() + ":" + l.planCode() + ":" + (l.cdrId() == null ? "" : l.cdrId()) + ":" + l.amountExclVat())
                    .containsExactly("FEE:FLEET35::0.00", "FEE:FLEET30::0.00", "CHARGE:FLEET35:D1:7.00", "CHARGE:FLEET30:D2:7.50",
                            "CHARGE:FLEET30:E1:3.00");
            assertTotals(acme, "17.50", "3.68", "21.18");

            // A billed month's plan history is settled: even support cannot change it without a credit note first.
            BillingRoutesTest.Reply back = change(app, companyChanges, support, "FLEET35", "2026-03-20");
            assertThat(back.status()).isEqualTo(409);
            assertThat(back.json().path("error").asText()).contains("already invoiced");
            // April: the plan in force is the new one, for the whole month.
            billing.run(YearMonth.of(2026, 4));
            Invoice bobApril = BillingServiceTest.invoiceOf(billing, new Caller(m.bob, Role.DRIVER, null), YearMonth.of(2026, 4));
            assertThat(bobApril.lines()).extracting(l -> l.description() + ":" + l.amountExclVat())
                    .containsExactly("Monthly fee SUB100 plan, 2026-04:19.99");
        } finally {
            app.stop();
        }
    }

    private BillingRoutesTest.Reply change(Javalin app, String path, String caller, String plan, String from) throws Exception {
        return call(app, "POST", path, caller, "{\"planCode\":\"" + plan + "\",\"effectiveFrom\":\"" + from + "\"}");
    }

    private BillingRoutesTest.Reply call(Javalin app, String method, String path, String caller, String body) throws Exception {
        return http.call(app, method, path, caller, body);
    }

    private static void assertTotals(Invoice inv, String excl, String vat, String incl) {
        assertThat(List.of(inv.totalExclVat(), inv.totalVat(), inv.totalInclVat())).extracting(BigDecimal::toPlainString)
                .containsExactly(excl, vat, incl);
        assertThat(inv.lines().stream().map(InvoiceLine::amountExclVat).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(excl);
        assertThat(inv.lines().stream().map(InvoiceLine::vatAmount).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(vat);
        assertThat(inv.lines().stream().map(InvoiceLine::amountInclVat).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(incl);
    }
}
