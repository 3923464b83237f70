package io.evstack.app;

import static io.evstack.app.OcpiBridgeEndToEndTest.admin;
import static io.evstack.app.OcpiBridgeEndToEndTest.call;
import static io.evstack.app.OcpiBridgeEndToEndTest.token;
import static io.evstack.app.OcpiCommandsEndToEndTest.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.app.OcpiBridgeEndToEndTest.Res;
import io.evstack.db.Database;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The paginated GET of every Sender list (locations 8.2.1.1, sessions 9.2.1.1, CDRs 10.2.1.1, tariffs
 * 11.2.1.1) with the query parameters of OCPI 2.2.1 section 4.1.4.1, over real HTTP: {@code date_from}
 * inclusive and {@code date_to} exclusive on last_updated, {@code offset}, {@code limit} capped at the
 * server's maximum (X-Limit shows the cap), X-Total-Count of what matches, and a Link to the next page
 * that keeps the filters and is absent on the last page.
 */
class OcpiSenderPaginationEndToEndTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void everySenderListPagesAndFiltersAsTheSpecificationSays(Database db) throws Exception {
        try (Stack stack = OcpiCommandsEndToEndTest.start(db); TestEmsp emsp = new TestEmsp("NL", "TST")) {
            String tokenC = OcpiCommandsEndToEndTest.register(stack, emsp, "PAGE1");
            // three chargers (three locations), one completed transaction each (three sessions, three CDRs)
            Instant t0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            for (int i = 1; i <= 3; i++) {
                try (TestCharger cp = TestCharger.connect(stack.ocppPort(), "PAGE-CP" + i, null)) {
                    cp.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
                    cp.call("StatusNotification", Map.of("connectorId", 1, "status", "Available", "errorCode", "NoError"));
                    Instant start = t0.plus(10L * i, ChronoUnit.MINUTES);
                    int tx = cp.call("StartTransaction", Map.of("connectorId", 1, "idTag", "PAGE1", "meterStart", 0,
                            "timestamp", start.toString())).path("transactionId").asInt();
                    cp.call("StopTransaction", Map.of("transactionId", tx, "meterStop", 1000 * i,
                            "timestamp", start.plus(5, ChronoUnit.MINUTES).toString(), "reason", "Local"));
                }
                var tariff = Map.of("currency", "EUR", "elements", List.of(Map.of("price_components",
                        List.of(Map.of("type", "ENERGY", "price", 0.25 + i / 100.0, "step_size", 1)))));
                assertThat(call(stack, "PUT", "/ocpi/admin/tariffs/PT" + i, admin(), tariff).code()).isEqualTo(1000);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> total(call(stack, "GET", BASE + "/cdrs", token(tokenC), null)) == 3
                    && total(call(stack, "GET", BASE + "/sessions", token(tokenC), null)) == 3);

            for (String module : List.of("locations", "sessions", "cdrs", "tariffs")) {
                checkPaging(stack, tokenC, BASE + "/" + module);
            }
        }
    }

    private static void checkPaging(Stack stack, String tokenC, String path) throws Exception {
        // limit above the server's maximum: capped, and X-Limit says the cap, not the count returned
        Res all = call(stack, "GET", path + "?limit=1000", token(tokenC), null);
        assertThat(all.code()).as(path).isEqualTo(1000);
        JsonNode objects = all.json().path("data");
        assertThat(objects.size()).as(path).isGreaterThanOrEqualTo(3);
        assertThat(header(all, "X-Limit")).as(path + " X-Limit capped at the maximum").isEqualTo("100");
        assertThat(header(all, "X-Total-Count")).as(path).isEqualTo(Integer.toString(objects.size()));
        assertThat(all.raw().headers().firstValue("Link")).as(path + ": one page, so no Link").isEmpty();
        List<String> ids = ids(objects);

        // offset and limit: the pages, followed by their Link, give the same objects in the same order
        List<String> walked = new ArrayList<>();
        String next = path + "?limit=2";
        int pages = 0;
        while (next != null) {
            Res page = call(stack, "GET", next, token(tokenC), null);
            assertThat(header(page, "X-Limit")).isEqualTo("2");
            assertThat(header(page, "X-Total-Count")).isEqualTo(Integer.toString(ids.size()));
            walked.addAll(ids(page.json().path("data")));
            next = link(page);
            pages++;
        }
        assertThat(walked).as(path + " walked page by page").containsExactlyElementsOf(ids);
        assertThat(pages).isEqualTo((ids.size() + 1) / 2);
        Res offset = call(stack, "GET", path + "?offset=1&limit=1", token(tokenC), null);
        assertThat(ids(offset.json().path("data"))).containsExactly(ids.get(1));
        assertThat(link(offset)).contains("offset=2").contains("limit=1");
        assertThat(call(stack, "GET", path + "?offset=" + ids.size(), token(tokenC), null).json().path("data")).isEmpty();

        // date_from includes an object updated exactly then, date_to excludes it (section 4.1.4.1)
        JsonNode middle = objects.get(1);
        Instant at = Instant.parse(middle.path("last_updated").asText());
        String q = URLEncoder.encode(at.toString(), StandardCharsets.UTF_8);
        Res from = call(stack, "GET", path + "?date_from=" + q, token(tokenC), null);
        Res to = call(stack, "GET", path + "?date_to=" + q, token(tokenC), null);
        List<String> expectedFrom = new ArrayList<>();
        List<String> expectedTo = new ArrayList<>();
        for (JsonNode o : objects) {
            boolean before = Instant.parse(o.path("last_updated").asText()).isBefore(at);
            (before ? expectedTo : expectedFrom).add(id(o));
        }
        assertThat(ids(from.json().path("data"))).as(path + " date_from inclusive").containsExactlyElementsOf(expectedFrom)
                .contains(id(middle));
        assertThat(ids(to.json().path("data"))).as(path + " date_to exclusive").containsExactlyElementsOf(expectedTo)
                .doesNotContain(id(middle));
        assertThat(header(from, "X-Total-Count")).isEqualTo(Integer.toString(expectedFrom.size()));
        // both together, one per page: the Link keeps the filters
        Instant end = Instant.EPOCH;
        for (JsonNode o : objects) {
            Instant lu = Instant.parse(o.path("last_updated").asText());
            end = lu.isAfter(end) ? lu : end;
        }
        end = end.plusMillis(1);
        String both = "date_from=" + q + "&date_to=" + URLEncoder.encode(end.toString(), StandardCharsets.UTF_8);
        Res first = call(stack, "GET", path + "?limit=1&" + both, token(tokenC), null);
        assertThat(header(first, "X-Total-Count")).isEqualTo(Integer.toString(expectedFrom.size()));
        if (expectedFrom.size() > 1) {
            String link = link(first);
            assertThat(link).contains("date_from=").contains("date_to=").contains("offset=1");
            assertThat(ids(call(stack, "GET", link, token(tokenC), null).json().path("data")))
                    .containsExactly(expectedFrom.get(1));
        }

        // bad filters are the client's error (2001), never a server error
        for (String bad : List.of("?date_from=yesterday", "?limit=-1", "?offset=x")) {
            Res res = call(stack, "GET", path + bad, token(tokenC), null);
            assertThat(res.status()).as(path + bad).isLessThan(500);
            assertThat(res.code()).as(path + bad).isEqualTo(2001);
        }
        // limit=0 gives only the count, and no Link back to the same page
        Res none = call(stack, "GET", path + "?limit=0", token(tokenC), null);
        assertThat(none.json().path("data")).isEmpty();
        assertThat(header(none, "X-Total-Count")).isEqualTo(Integer.toString(ids.size()));
        assertThat(none.raw().headers().firstValue("Link")).isEmpty();
    }

    private static int total(Res res) {
        return Integer.parseInt(header(res, "X-Total-Count"));
    }

    private static String header(Res res, String name) {
        return res.raw().headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
    }

    /** The next page's URL from {@code Link: <url>; rel="next"}, or null on the last page. */
    private static String link(Res res) {
        return res.raw().headers().firstValue("Link").map(l -> {
            assertThat(l).endsWith("; rel=\"next\"");
            return l.substring(l.indexOf('<') + 1, l.indexOf('>'));
        }).orElse(null);
    }

    private static String id(JsonNode o) {
        return o.path("id").asText();
    }

    private static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(o -> out.add(id(o)));
        return out;
    }
}
