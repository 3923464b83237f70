package io.evstack.app;

import static io.evstack.app.OcpiBridgeEndToEndTest.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import io.evstack.db.TestDatabases;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The driver's web app at /app/ of the eMSP, in a real (headless) Chromium at a phone's width, against a
 * whole stack: the driver signs up, logs in, finds our charger with their own price, starts charging
 * (OCPI START_SESSION, OCPP 1.6 RemoteStartTransaction at a test charger), watches kWh and cost rise,
 * stops, and finds the session in the history and the month's invoice with its PDF and CSV. The test
 * asserts on what the page shows. H2 only: the database is not what is tested here.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver}; without them the test is skipped, except
 * under CI ({@code CI=true}), where it fails so that it really runs there.
 */
class DriverAppBrowserTest {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final String SUPPORT_EMAIL = "support@example.com";
    private static final String SUPPORT_PASSWORD = "support-password-1";
    private static final String CP = "APP-CP1";
    private static final String EVSE = CP + "-1";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private WebDriver browser;

    @BeforeEach
    void openBrowser() {
        boolean present = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(present).as("CI runs the browser test: install chromium and chromium-driver").isTrue();
        }
        Assumptions.assumeTrue(present, "chromium and chromedriver are not installed");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // A phone's width; no sandbox because CI runs as root; /tmp rather than a small /dev/shm.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=412,915",
                "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aDriverChargesFromTheWebApp() throws Exception {
        try (Database db = TestDatabases.h2();
                Stack stack = new Stack(TestStacks.config(UnknownChargerPolicy.ACCEPT, Map.of("STACK_EMSP_SUPPORT_EMAIL",
                        SUPPORT_EMAIL, "STACK_EMSP_SUPPORT_PASSWORD", SUPPORT_PASSWORD)), Clock.systemUTC(), db).start();
                TestCharger cp = TestCharger.connect(stack.ocppPort(), CP, null)) {
            String emsp = "http://localhost:" + stack.emspServer().port();
            cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
            cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
            cp.answer("RemoteStartTransaction", req -> Map.of("status", "Accepted"));
            cp.answer("RemoteStopTransaction", req -> Map.of("status", "Accepted"));
            // The CPO's tariff: 0.30 per started kWh and 1.00 a session, excl. VAT; the pay-as-you-go plan adds
            // 20 % and 21 % VAT: 0.4356 per kWh, 1.452 a session.
            var tariff = Map.of("currency", "EUR", "elements", List.of(Map.of("price_components", List.of(
                    Map.of("type", "ENERGY", "price", 0.30, "vat", 20.0, "step_size", 1000),
                    Map.of("type", "FLAT", "price", 1.00, "vat", 20.0, "step_size", 1)))));
            assertThat(call(stack, "PUT", "/ocpi/admin/tariffs/T-APP", admin(), tariff).code()).isEqualTo(1000);
            assertThat(call(stack, "PUT", "/ocpi/admin/connectors/" + CP + "/1", admin(), Map.of("tariff_id", "T-APP"))
                    .code()).isEqualTo(1000);

            // Three files, each with its type, and nothing fetched from elsewhere.
            for (var file : Map.of("/app/", "text/html", "/app/app.js", "text/javascript", "/app/app.css", "text/css")
                    .entrySet()) {
                var got = HTTP.send(HttpRequest.newBuilder(URI.create(emsp + file.getKey())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(got.statusCode()).isEqualTo(200);
                assertThat(got.headers().firstValue("Content-Type").orElse("")).startsWith(file.getValue())
                        .containsIgnoringCase("charset=utf-8");
                assertThat(got.body()).doesNotContain("http://", "https://", "url(", "@import");
            }
            // The eMSP's root leads to the app.
            browser.get(emsp + "/");
            page(() -> browser.getCurrentUrl().endsWith("/app/") && visible("login-form"));

            // A wrong password: the API's message, not a blank page.
            String email = "app-" + System.nanoTime() + "@example.com";
            fill("login-form", Map.of("email", email, "password", "not my password"));
            submit("login-form");
            page(() -> text("error").contains("Wrong e-mail or password"));

            fill("signup-form", Map.of("name", "App Driver", "email", email, "password", "correct horse battery"));
            submit("signup-form");
            page(() -> text("notice").contains("Account created"));
            assertThat(byId("error").isDisplayed()).isFalse();
            fill("login-form", Map.of("password", "correct horse battery"));
            submit("login-form");
            page(() -> visible("near-form"));
            assertThat(text("who")).isEqualTo("Logged in as App Driver");

            // Our CPO's default location is in Berlin. The eMSP pulls the location with its tariff.
            fill("near-form", Map.of("lat", "52.52", "lon", "13.40", "radiusKm", "2"));
            page(Duration.ofMillis(500), () -> {
                stack.emsp().pullSync().syncAll();
                submit("near-form");
                page(() -> byId("chargers").getAttribute("aria-busy") == null);
                return evse().getText().contains("0.4356 EUR per kWh");
            });
            String charger = evse().getText();
            assertThat(charger).contains("AVAILABLE").containsPattern("up to \\d+(\\.\\d+)? kW").contains("1.452 EUR per session")
                    .contains("(0.36 excl. VAT)").contains("incl. 21 % VAT");

            // Start: the app's Start button -> START_SESSION -> RemoteStartTransaction with the driver's app token.
            click("[data-evse-uid='" + EVSE + "'] button.start");
            JsonNode remoteStart = await().atMost(WAIT).until(() -> cp.receivedCalls.stream()
                    .filter(f -> f.get(2).asText().equals("RemoteStartTransaction")).findFirst().orElse(null),
                    f -> f != null);
            String idTag = remoteStart.get(3).path("idTag").asText();
            page(() -> visible("live") && text("notice").contains("The charger accepted")
                    && text("live").contains("Waiting for the charger"));

            Instant startedAt = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            int txId = cp.call("StartTransaction", Map.of("connectorId", 1, "idTag", idTag, "meterStart", 0,
                    "timestamp", startedAt.toString())).path("transactionId").asInt();
            cp.call("MeterValues", Map.of("connectorId", 1, "transactionId", txId, "meterValue", List.of(Map.of(
                    "timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), "sampledValue", List.of(
                            Map.of("value", "4000", "measurand", "Energy.Active.Import.Register", "unit", "Wh"),
                            Map.of("value", "11000", "measurand", "Power.Active.Import", "unit", "W"))))));

            // The live session, refreshed by the page itself: 4 kWh, 2.20 at the CPO's price, 3.19 incl. VAT for the driver.
            page(() -> liveField("kwh").equals("4.00 kWh") && liveField("cost").startsWith("3.19"));
            assertThat(liveField("cost")).isEqualTo("3.19 EUR incl. VAT");
            assertThat(liveField("duration")).startsWith("0:3");
            // Our CPO's Session has no POWER dimension: the page shows the average so far (4 kWh in about half an hour).
            assertThat(liveField("power")).matches("(≈ )?\\d+\\.\\d kW.*");

            click(".live-session button.stop");
            await().atMost(WAIT).until(() -> cp.receivedCalls.stream().anyMatch(f -> f.get(2).asText()
                    .equals("RemoteStopTransaction") && f.get(3).path("transactionId").asInt() == txId));
            Instant stoppedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            cp.call("StopTransaction", Map.of("transactionId", txId, "meterStop", 7500, "timestamp", stoppedAt.toString(),
                    "reason", "Remote"));
            cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
            page(() -> text("notice").startsWith("Stopped"));
            page(() -> text("live").contains("No session running"));

            // History: the CDR of 7.5 kWh.
            page(Duration.ofSeconds(1), () -> {
                nav("history");
                return text("history").contains("7.50 kWh");
            });
            assertThat(text("history")).contains("1 session").contains(CP).contains("Completed");

            // Support bills the month; the driver's invoice shows with its PDF and CSV.
            String month = YearMonth.from(stoppedAt.atZone(ZoneId.of("Europe/Amsterdam"))).toString();
            String support = "Bearer " + call(stack, "POST", emsp + "/api/v1/driver/login", null,
                    Map.of("email", SUPPORT_EMAIL, "password", SUPPORT_PASSWORD)).json().path("token").asText();
            assertThat(call(stack, "POST", emsp + "/api/v1/billing/runs", support, Map.of("month", month)).status())
                    .isEqualTo(200);
            nav("invoices");
            page(() -> text("invoices").contains("4.94 EUR incl. VAT"));
            WebElement invoice = browser.findElement(By.cssSelector(".invoice"));
            assertThat(invoice.getText()).contains(month).contains("PDF").contains("CSV");
            assertThat(invoice.findElements(By.cssSelector("a.download"))).extracting(a -> a.getAttribute("href"))
                    .allMatch(href -> href.startsWith(emsp + "/api/v1/invoices/"))
                    .anyMatch(href -> href.endsWith("/pdf")).anyMatch(href -> href.endsWith("/csv"));
            assertThat(byId("error").isDisplayed()).as(text("error")).isFalse();
        }
    }

    /** Waits until the page shows what the condition looks for; on a timeout, says what the page showed. */
    private void page(java.util.concurrent.Callable<Boolean> condition) {
        page(Duration.ofMillis(200), condition);
    }

    private void page(Duration poll, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(WAIT).pollInterval(poll).ignoreExceptions().until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("The page shows: " + browser.findElement(By.tagName("main")).getText(), e);
        }
    }

    private WebElement byId(String id) {
        return browser.findElement(By.id(id));
    }

    private boolean visible(String id) {
        return byId(id).isDisplayed();
    }

    private String text(String id) {
        return byId(id).getText();
    }

    private WebElement evse() {
        return browser.findElement(By.cssSelector("[data-evse-uid='" + EVSE + "']"));
    }

    /** A field of the live session, read in one step: the page re-renders it every few seconds. */
    private String liveField(String name) {
        Object text = ((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", ".live-session dd." + name);
        return String.valueOf(text);
    }

    /** Clicks the element, found again if the page re-rendered it between finding and clicking. */
    private void click(String css) {
        page(() -> {
            browser.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    private void nav(String screen) {
        browser.findElement(By.cssSelector("#nav [data-screen='" + screen + "']")).click();
    }

    private void fill(String formId, Map<String, String> values) {
        WebElement form = byId(formId);
        values.forEach((name, value) -> {
            WebElement input = form.findElement(By.name(name));
            input.clear();
            input.sendKeys(value);
        });
    }

    private void submit(String formId) {
        byId(formId).findElement(By.cssSelector("button[type=submit]")).click();
    }

    private static OcpiBridgeEndToEndTest.Res call(Stack stack, String method, String url, String authorization, Object body)
            throws Exception {
        return OcpiBridgeEndToEndTest.call(stack, method, url, authorization, body);
    }
}
