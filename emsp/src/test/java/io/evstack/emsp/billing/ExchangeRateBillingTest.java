package io.evstack.emsp.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.db.Database;
import io.evstack.emsp.account.Caller;
import io.evstack.emsp.account.Role;
import io.evstack.emsp.web.Json;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CDRs an external CPO prices in US dollars, billed to a driver whose plan is in euros, over real HTTP on
 * loopback and a real database (H2, and MariaDB when STACK_TEST_DB_URL is set). Alice is on PAYG20 (CPO price
 * + 20 %), VAT 21 %:
 * <pre>
 * U1 ends 12 March 11:00: USD 5.00 at the rate from 1 March, 0.9215 → EUR 4.6075, + 20 % = 5.529 → 5.53
 * U2 ends 13 March 00:30 (Amsterdam): USD 10.00 at the rate from 13 March, 0.95 → 9.50, + 20 % = 11.40
 * excl. 16.93, VAT 3.5553 → 3.56, incl. 20.49
 * </pre>
 * Before any rate is set they are not billed (no guessed rate) and the run tells the operator why.
 */
class ExchangeRateBillingTest {
    final BillingRoutesTest http = new BillingRoutesTest();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aCdrInAnotherCurrencyIsConvertedAtTheRateOfItsEndDayOrRefusedWithoutOne(Database db) throws Exception {
        BillingFixture f = new BillingFixture(db.dsl());
        BillingFixture.March m = f.march();
        f.cdr("U1", "ALICE01", "2026-03-12T10:00", "2026-03-12T11:00", "8", "5.00", null, "USD");
        f.cdr("U2", "ALICE01", "2026-03-12T23:30", "2026-03-13T00:30", "16", "10.00", null, "USD");
        BillingService billing = new BillingService(db.dsl(), BillingFixture.CLOCK, BillingConfig.DEFAULT);
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, true));
        });
        new BillingRoutes(billing, BillingRoutesTest::testCaller).register(app);
        new ExchangeRateRoutes(new ExchangeRates(db.dsl(), BillingFixture.CLOCK), BillingRoutesTest::testCaller).register(app);
        app.start("127.0.0.1", 0);
        try {
            String support = m.support + ",SUPPORT";
            String alice = m.alice + ",DRIVER";

            JsonNode first = http.call(app, "POST", "/api/v1/billing/runs", support, "{\"month\":\"2026-03\"}").json();
            assertThat(first.path("skipped")).extracting(JsonNode::asText)
                    .anyMatch(s -> s.contains("U1 is in USD and no USD→EUR exchange rate is known for 2026-03-12: not billed"))
                    .anyMatch(s -> s.contains("U2 is in USD and no USD→EUR exchange rate is known for 2026-03-13"));
            JsonNode aliceMarch = http.call(app, "GET", "/api/v1/invoices?month=2026-03", alice, null).json();
            String firstNumber = aliceMarch.get(0).path("number").asText();
            assertThat(http.call(app, "GET", "/api/v1/invoices/" + firstNumber, alice, null).json().path("lines"))
                    .extracting(l -> l.path("cdrId").asText()).containsExactly("A1", "A2");

            String rates = "/api/v1/billing/exchange-rates";
            assertThat(http.call(app, "POST", rates, alice, rate("USD", "EUR", "\"0.9215\"", "2026-03-01")).status()).isEqualTo(403);
            assertThat(http.call(app, "POST", rates, support, rate("USD", "XYZ", "\"0.9215\"", "2026-03-01")).status()).isEqualTo(400);
            assertThat(http.call(app, "POST", rates, support, rate("USD", "EUR", "\"-1\"", "2026-03-01")).status()).isEqualTo(400);
            BillingRoutesTest.Reply set = http.call(app, "POST", rates, support, rate("USD", "EUR", "\"0.9215\"", "2026-03-01"));
            assertThat(set.status()).isEqualTo(201);
            assertThat(set.json().path("rate").decimalValue()).isEqualByComparingTo("0.9215");
            assertThat(http.call(app, "POST", rates, support, rate("USD", "EUR", "0.93", "2026-03-01")).status())
                    .as("a rate set for a day is not replaced").isEqualTo(409);
            assertThat(http.call(app, "POST", rates, support, rate("USD", "EUR", "0.95", "2026-03-13")).status()).isEqualTo(201);
            assertThat(http.call(app, "GET", rates, support, null).json()).extracting(r -> r.path("effectiveFrom").asText()
                    + "=" + r.path("rate").decimalValue().toPlainString()).containsExactly("2026-03-01=0.9215", "2026-03-13=0.95");

            JsonNode second = http.call(app, "POST", "/api/v1/billing/runs", support, "{\"month\":\"2026-03\"}").json();
            assertThat(second.path("issued")).hasSize(1);
            JsonNode inv = http.call(app, "GET", "/api/v1/invoices/" + second.path("issued").get(0).asText(), alice, null).json();
            assertThat(inv.path("currency").asText()).isEqualTo("EUR");
            assertThat(inv.path("lines")).extracting(l -> l.path("cdrId").asText() + ":" + num(l.path("amountExclVat")) + ":"
                    + l.path("conversion").path("currency").asText() + " " + num(l.path("conversion").path("amount")) + " @"
                    + num(l.path("conversion").path("rate")))
                    .containsExactly("U1:5.53:USD 5 @0.9215", "U2:11.4:USD 10 @0.95");
            assertThat(inv.path("lines").get(0).path("description").asText()).endsWith("(CPO price + 20 %; CPO price USD 5.00 at 0.9215 EUR/USD)");
            assertThat(inv.path("totalExclVat").decimalValue()).isEqualByComparingTo("16.93");
            assertThat(inv.path("totalVat").decimalValue()).isEqualByComparingTo("3.56");
            assertThat(inv.path("totalInclVat").decimalValue()).isEqualByComparingTo("20.49");
            // the CSV shows the line as priced (EUR) and, in its description, the CPO's dollars and the rate
            String number = second.path("issued").get(0).asText();
            assertThat(http.call(app, "GET", "/api/v1/invoices/" + number + "/csv", alice, null).text()).contains("USD 5.00 at 0.9215 EUR/USD");
        } finally {
            app.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void withoutARateOfItsOwnAPairIsConvertedWithTheInverseOfTheOtherWayRound(Database db) throws Exception {
        BillingFixture f = new BillingFixture(db.dsl());
        BillingFixture.March m = f.march();
        f.cdr("C1", "ALICE01", "2026-03-12T10:00", "2026-03-12T11:00", "20", "10.00", null, "CHF");
        BillingService billing = new BillingService(db.dsl(), BillingFixture.CLOCK, BillingConfig.DEFAULT);
        // only EUR→CHF is set: CHF→EUR is 1 / 0.94 = 1.06382978723404…, 1.0638297872 at the rates' 10 places
        new ExchangeRates(db.dsl(), BillingFixture.CLOCK).add(new Caller(m.support,
                Role.SUPPORT, null), "EUR", "CHF", new BigDecimal("0.94"),
                LocalDate.parse("2026-03-01"));
        BillingRun run = billing.run(PlanChangeBillingTest.MARCH);
        Invoice inv = BillingServiceTest.invoiceOf(billing, new Caller(m.alice,
                Role.DRIVER, null), PlanChangeBillingTest.MARCH);
        // CHF 10.00 × 1.0638297872 = EUR 10.638297872, + 20 % = 12.7659574464 → 12.77; the line keeps the rate used
        assertThat(inv.lines()).filteredOn(l -> "C1".equals(l.cdrId())).singleElement().satisfies(l -> {
            assertThat(l.amountExclVat()).isEqualByComparingTo("12.77");
            assertThat(l.conversion().currency()).isEqualTo("CHF");
            assertThat(l.conversion().amount()).isEqualByComparingTo("10.00");
            assertThat(l.conversion().rate()).isEqualByComparingTo("1.0638297872");
        });
        assertThat(run.skipped()).noneMatch(s -> s.contains("C1"));
    }

    private static String num(JsonNode n) {
        return n.decimalValue().stripTrailingZeros().toPlainString();
    }

    private static String rate(String from, String to, String rate, String day) {
        return "{\"fromCurrency\":\"" + from + "\",\"toCurrency\":\"" + to + "\",\"rate\":" + rate + ",\"effectiveFrom\":\"" + day + "\"}";
    }
}
