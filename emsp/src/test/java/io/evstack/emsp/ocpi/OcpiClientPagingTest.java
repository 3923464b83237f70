package io.evstack.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Paginated GETs as servers answer them on loopback: by Link next header (OCPI 2.2.1 section 4.1.4.1),
 * by offset and X-Total-Count alone, and a failing page that must not pass for a complete list.
 */
class OcpiClientPagingTest {
    static final List<String> IDS = IntStream.range(0, 5).mapToObj(i -> "LOC-" + i).toList();

    Javalin server;
    String base;
    final List<String> authorizations = new ArrayList<>();
    final OcpiClient client = new OcpiClient(new ObjectMapper(), Duration.ofSeconds(5));

    @BeforeEach
    void start() {
        server = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        server.get("/linked", ctx -> page(ctx, true, false));
        server.get("/counted", ctx -> page(ctx, false, false));
        server.get("/broken", ctx -> page(ctx, true, true));
        server.start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private void page(Context ctx, boolean link, boolean failSecond) {
        authorizations.add(ctx.header("Authorization"));
        int offset = ctx.queryParam("offset") == null ? 0 : Integer.parseInt(ctx.queryParam("offset"));
        int limit = 2;
        if (failSecond && offset > 0) {
            ctx.json(Map.of("status_code", 3000, "timestamp", "2026-01-01T00:00:00Z"));
            return;
        }
        List<Map<String, String>> data = IDS.subList(Math.min(offset, IDS.size()), Math.min(offset + limit, IDS.size()))
                .stream().map(id -> Map.of("id", id)).toList();
        ctx.header("X-Total-Count", Integer.toString(IDS.size()));
        ctx.header("X-Limit", Integer.toString(limit));
        if (link && offset + limit < IDS.size()) {
            ctx.header("Link", "<" + base + ctx.path() + "?offset=" + (offset + limit) + "&limit=" + limit
                    + "&date_from=2026-01-01T00%3A00%3A00Z>; rel=\"next\"");
        }
        ctx.json(Map.of("data", data, "status_code", 1000, "timestamp", "2026-01-01T00:00:00Z"));
    }

    @Test
    void followsTheLinkHeaderToTheLastPage() {
        List<String> seen = new ArrayList<>();
        int n = client.getAll(base + "/linked?limit=2&date_from=2026-01-01T00%3A00%3A00Z", "token-c",
                o -> seen.add(o.path("id").asText()));
        assertThat(n).isEqualTo(5);
        assertThat(seen).containsExactlyElementsOf(IDS);
        assertThat(authorizations).hasSize(3).allMatch(a -> a.equals("Token dG9rZW4tYw=="));
    }

    @Test
    void withoutLinkItPagesByOffsetUntilTheTotalCount() {
        List<String> seen = new ArrayList<>();
        assertThat(client.getAll(base + "/counted?limit=2", "t", o -> seen.add(o.path("id").asText()))).isEqualTo(5);
        assertThat(seen).containsExactlyElementsOf(IDS);
        assertThat(authorizations).hasSize(3);
    }

    @Test
    void aFailedPageFailsTheWholeList() {
        assertThatThrownBy(() -> client.getAll(base + "/broken", "t", o -> {})).hasMessageContaining("3000");
    }

    @Test
    void anUnreachableServerIsReportedAsSuch() {
        server.stop();
        assertThatThrownBy(() -> client.send("GET", base + "/linked", "t", null)).isInstanceOf(OcpiClient.Unreachable.class);
    }

    @Test
    void endpointsAreFoundByModuleAndRole() {
        String endpoints = "[{\"identifier\":\"commands\",\"role\":\"RECEIVER\",\"url\":\"http://cpo/commands\"},"
                + "{\"identifier\":\"locations\",\"role\":\"SENDER\",\"url\":\"http://cpo/locations\"},"
                + "{\"identifier\":\"tariffs\",\"url\":\"http://cpo/tariffs\"}]";
        assertThat(OcpiClient.endpoint(endpoints, "commands", "RECEIVER")).contains("http://cpo/commands");
        assertThat(OcpiClient.endpoint(endpoints, "commands", "SENDER")).isEmpty();
        assertThat(OcpiClient.endpoint(endpoints, "tariffs", "SENDER")).as("no role given").contains("http://cpo/tariffs");
        assertThat(OcpiClient.endpoint(null, "locations", "SENDER")).isEmpty();
    }
}
