package io.evstack.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import io.evstack.db.TestDatabases;
import io.evstack.emsp.ocpi.ConfiguredCpos;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * External CPOs from STACK_EMSP_CPOS_FILE: our eMSP registers at start-up with a partner platform (a second
 * stack, its OCPI bridge a real CPO) over the OCPI 2.2.1 credentials handshake; a CPO that cannot be reached
 * is logged without its token and does not stop start-up; a restart with the same file registers nobody twice.
 */
class EmspCposFileEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SUPPORT_EMAIL = "support@example.com";
    private static final String SUPPORT_PASSWORD = "support-password-1";
    private static final String GONE_TOKEN = "secret-token-a-of-gone-cpo";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void theEmspRegistersWithTheCposOfTheFileOnceAcrossRestarts(Database db) throws Exception {
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        var logger = (Logger) LoggerFactory.getLogger(ConfiguredCpos.class);
        logger.addAppender(appender);
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO); // the summary of each start is an INFO line
        try (Database partnerDb = TestDatabases.h2();
                Stack partner = new Stack(TestStacks.config(UnknownChargerPolicy.ACCEPT, Map.of(
                        "STACK_OCPI_COUNTRY_CODE", "BE", "STACK_OCPI_PARTY_ID", "PRT", "STACK_EMSP_PULL_INTERVAL", "0")),
                        Clock.systemUTC(), partnerDb).start()) {
            Path file = Files.createTempFile("cpos-", ".json");
            Files.writeString(file, JSON.writeValueAsString(List.of(
                    Map.of("name", "Partner CPO", "versionsUrl", partner.ocpi().config().versionsUrl(),
                            "tokenA", partner.ocpi().issueTokenA("evstack eMSP"), "countryCode", "BE", "partyId", "PRT"),
                    Map.of("name", "Gone CPO", "versionsUrl", "http://127.0.0.1:9/ocpi/versions", "tokenA", GONE_TOKEN))));
            Map<String, String> settings = Map.of("STACK_EMSP_CPOS_FILE", file.toString(),
                    "STACK_EMSP_SUPPORT_EMAIL", SUPPORT_EMAIL, "STACK_EMSP_SUPPORT_PASSWORD", SUPPORT_PASSWORD,
                    "STACK_EMSP_PULL_INTERVAL", "0");

            long partnerId;
            try (Stack ours = new Stack(TestStacks.config(UnknownChargerPolicy.ACCEPT, settings), Clock.systemUTC(), db)
                    .start()) {
                JsonNode cpos = cpos(ours);
                assertThat(names(cpos)).as("our own CPO and the partner; the unreachable one is not stored")
                        .containsExactlyInAnyOrder("own CPO", "Partner CPO");
                JsonNode partnerRow = row(cpos, "Partner CPO");
                assertThat(partnerRow.path("status").asText()).isEqualTo("REGISTERED");
                assertThat(partnerRow.path("countryCode").asText()).isEqualTo("BE");
                assertThat(partnerRow.path("partyId").asText()).isEqualTo("PRT");
                partnerId = partnerRow.path("id").asLong();
            }
            assertThat(appender.list).anyMatch(e -> e.getFormattedMessage().contains("Gone CPO"));
            assertThat(appender.list).noneMatch(e -> e.getFormattedMessage().contains(GONE_TOKEN));

            // A restart with the same file: the partner's token A was used once and is not sent again.
            appender.list.clear();
            try (Stack again = new Stack(TestStacks.config(UnknownChargerPolicy.ACCEPT, settings), Clock.systemUTC(), db)
                    .start()) {
                JsonNode cpos = cpos(again);
                assertThat(names(cpos)).containsExactlyInAnyOrder("own CPO", "Partner CPO");
                assertThat(row(cpos, "Partner CPO").path("id").asLong()).as("the same registration").isEqualTo(partnerId);
            }
            assertThat(appender.list).anyMatch(e -> e.getFormattedMessage().contains("already registered [Partner CPO]"));
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
    }

    private static JsonNode cpos(Stack stack) throws Exception {
        String v1 = "http://localhost:" + stack.emspServer().port() + "/api/v1";
        var login = post(v1 + "/driver/login", Map.of("email", SUPPORT_EMAIL, "password", SUPPORT_PASSWORD));
        var res = HTTP.send(HttpRequest.newBuilder(URI.create(v1 + "/roaming/cpos"))
                .header("Authorization", "Bearer " + login.path("token").asText()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    private static JsonNode post(String url, Object body) throws Exception {
        var res = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    private static List<String> names(JsonNode cpos) {
        return StreamSupport.stream(cpos.spliterator(), false).map(c -> c.path("name").asText()).toList();
    }

    private static JsonNode row(JsonNode cpos, String name) {
        return StreamSupport.stream(cpos.spliterator(), false).filter(c -> name.equals(c.path("name").asText()))
                .findFirst().orElseThrow();
    }
}
