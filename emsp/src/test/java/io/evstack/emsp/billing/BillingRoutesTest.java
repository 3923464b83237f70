package io.evstack.emsp.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evstack.db.Database;
import io.evstack.emsp.account.Caller;
import io.evstack.emsp.account.Role;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The invoice routes over real HTTP on loopback. Who calls is given by a test-only header
 * ({@code X-Test-Caller: accountPk,ROLE[,companyPk]}) in place of the eMSP server's login check.
 */
class BillingRoutesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    static Caller testCaller(Context ctx) {
        String h = ctx.header("X-Test-Caller");
        if (h == null) throw new UnauthorizedResponse("Log in first");
        String[] p = h.split(",");
        return new Caller(Long.parseLong(p[0]), Role.valueOf(p[1]), p.length > 2 ? Long.valueOf(p[2]) : null);
    }

    record Reply(int status, String contentType, byte[] body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    Reply call(Javalin app, String method, String path, String caller, String body) throws Exception {
        var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (caller != null) req.header("X-Test-Caller", caller);
        HttpResponse<byte[]> res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(res.statusCode(), res.headers().firstValue("Content-Type").orElse(""), res.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void driversFleetManagersAndSupportUseTheirInvoicesOverHttp(Database db) throws Exception {
        BillingFixture f = new BillingFixture(db.dsl());
        BillingFixture.March m = f.march();
        BillingService billing = new BillingService(db.dsl(), BillingFixture.CLOCK, BillingConfig.DEFAULT);
        Javalin app = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        new BillingRoutes(billing, BillingRoutesTest::testCaller).register(app);
        app.start("127.0.0.1", 0);
        try {
            String support = m.support + ",SUPPORT";
            String alice = m.alice + ",DRIVER";
            String manager = m.manager + ",FLEET_MANAGER," + m.acme;

            assertThat(call(app, "POST", "/api/v1/billing/runs", alice, "{\"month\":\"2026-03\"}").status()).isEqualTo(403);
            assertThat(call(app, "POST", "/api/v1/billing/runs", support, "{\"month\":\"March\"}").json().path("error").asText())
                    .contains("not a month");
            assertThat(call(app, "POST", "/api/v1/billing/runs", support, "not json").status()).isEqualTo(400);
            Reply run = call(app, "POST", "/api/v1/billing/runs", support, "{\"month\":\"2026-03\"}");
            assertThat(run.status()).isEqualTo(200);
            assertThat(run.json().path("issued")).hasSize(3);

            Reply list = call(app, "GET", "/api/v1/invoices?month=2026-03", alice, null);
            assertThat(list.json()).hasSize(1);
            String number = list.json().get(0).path("number").asText();
            assertThat(list.json().get(0).path("totalInclVat").decimalValue()).isEqualByComparingTo("7.42");
            assertThat(call(app, "GET", "/api/v1/invoices?month=13-2026", alice, null).status()).isEqualTo(400);
            assertThat(call(app, "GET", "/api/v1/invoices", null, null).status()).isEqualTo(401);

            JsonNode invoice = call(app, "GET", "/api/v1/invoices/" + number, alice, null).json();
            assertThat(invoice.path("lines")).hasSize(2);
            assertThat(invoice.path("lines").get(0).path("cdrId").asText()).isEqualTo("A1");
            assertThat(invoice.path("vatBreakdown").get(0).path("vatAmount").decimalValue()).isEqualByComparingTo("1.29");
            // someone else's invoice is not found, for a driver and a fleet manager alike
            assertThat(call(app, "GET", "/api/v1/invoices/" + number, m.bob + ",DRIVER", null).status()).isEqualTo(404);
            assertThat(call(app, "GET", "/api/v1/invoices/" + number, manager, null).status()).isEqualTo(404);

            Reply pdf = call(app, "GET", "/api/v1/invoices/" + number + "/pdf", alice, null);
            assertThat(pdf.contentType()).isEqualTo("application/pdf");
            try (var doc = Loader.loadPDF(pdf.body())) {
                assertThat(new PDFTextStripper().getText(doc)).contains("Invoice " + number, "Alice Jansen", "EUR 7.42");
            }
            Reply csv = call(app, "GET", "/api/v1/invoices/" + number + "/csv", alice, null);
            assertThat(csv.contentType()).startsWith("text/csv");
            assertThat(csv.text()).endsWith(number + ",INVOICE,,TOTAL,,,,,,,,,,,6.13,,1.29,7.42,EUR\r\n");

            JsonNode report = call(app, "GET", "/api/v1/fleet/report?month=2026-03", manager, null).json();
            assertThat(report.path("total").path("exclVat").decimalValue()).isEqualByComparingTo("19.25");
            assertThat(call(app, "GET", "/api/v1/fleet/report/csv?month=2026-03&company=" + m.acme, support, null).text())
                    .contains("ACME Logistics B.V.,2026-03,vehicle,XY-987-Z,1,10,3.50,4.23,EUR");
            assertThat(call(app, "GET", "/api/v1/fleet/report?month=2026-03", alice, null).status()).isEqualTo(403);
            assertThat(call(app, "GET", "/api/v1/fleet/report?month=2026-03&company=x", support, null).status()).isEqualTo(400);

            assertThat(call(app, "POST", "/api/v1/invoices/" + number + "/credit-note", alice, "{\"reason\":\"mine\"}").status())
                    .isEqualTo(403);
            assertThat(call(app, "POST", "/api/v1/invoices/" + number + "/credit-note", support, "{}").status()).isEqualTo(400);
            Reply credit = call(app, "POST", "/api/v1/invoices/" + number + "/credit-note", support, "{\"reason\":\"Duplicate\"}");
            assertThat(credit.status()).isEqualTo(201);
            assertThat(credit.json().path("number").asText()).isEqualTo("EVC-2026-000001");
            assertThat(credit.json().path("totalInclVat").decimalValue()).isEqualByComparingTo("-7.42");
            assertThat(call(app, "POST", "/api/v1/invoices/" + number + "/credit-note", support, "{\"reason\":\"Again\"}").status())
                    .isEqualTo(409);
            assertThat(call(app, "GET", "/api/v1/invoices?month=2026-03", alice, null).json()).hasSize(2);
        } finally {
            app.stop();
        }
    }
}
