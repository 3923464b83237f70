package io.evstack.csms.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiServerTest {
    static TestApi api;

    @BeforeAll
    static void start() {
        api = new TestApi(app -> {
            app.get("/metrics", ctx -> ctx.contentType("text/plain").result("up 1\n"));
            app.get("/api/v1/test-failure", ctx -> {
                throw new IllegalStateException("secret internals");
            });
        });
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void apiRequiresBasicCredentials() {
        var none = api.send("GET", "/api/v1/charge-points", null, null);
        assertThat(none.error(401)).isNotBlank();
        assertThat(none.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Basic realm=");

        var wrongPassword = api.send("GET", "/api/v1/charge-points", null, TestApi.basic(TestApi.USER, "wrong"));
        wrongPassword.error(401);
        assertThat(wrongPassword.headers().firstValue("WWW-Authenticate")).isPresent();

        api.send("GET", "/api/v1/charge-points", null, TestApi.basic("admin", TestApi.PASSWORD)).error(401);
        api.send("GET", "/api/v1/charge-points", null, "Basic !!!not-base64").error(401);
        api.send("GET", "/api/v1/charge-points", null, "Bearer abc").error(401);
        // Unknown paths under the API are not revealed without credentials either.
        api.send("GET", "/api/v1/nothing-here", null, null).error(401);

        assertThat(api.get("/api/v1/charge-points").ok(200).isArray()).isTrue();
        // Remembered: the second request takes the memo path and still passes.
        assertThat(api.get("/api/v1/charge-points").status()).isEqualTo(200);
    }

    @Test
    void healthAndOpenApiNeedNoCredentials() {
        var health = api.send("GET", ApiServer.HEALTH_PATH, null, null);
        assertThat(health.ok(200).path("status").asText()).isEqualTo("UP");

        var doc = api.send("GET", ApiServer.OPENAPI_PATH, null, null).ok(200);
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        JsonNode paths = doc.path("paths");
        assertThat(paths.has("/api/v1/charge-points")).isTrue();
        assertThat(paths.has("/api/v1/transactions.csv")).isTrue();
        assertThat(paths.has("/api/v1/charge-points/{chargePointId}/operations/{action}")).isTrue();
        assertThat(paths.has("/api/v1/charge-points/{chargePointId}/security-profile-upgrade")).isTrue();
        assertThat(doc.path("components").path("securitySchemes").path("BasicAuth").path("scheme").asText())
                .isEqualTo("basic");
        // Every API operation requires Basic, summarised and answered.
        List<String> problems = new ArrayList<>();
        paths.properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String where = op.getKey() + " " + path.getKey();
            if (!op.getValue().path("security").toString().contains("BasicAuth")) {
                problems.add(where + " has no security");
            }
            if (op.getValue().path("summary").asText().isBlank()) {
                problems.add(where + " has no summary");
            }
            if (op.getValue().path("responses").isEmpty()) {
                problems.add(where + " has no responses");
            }
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void openApiDescribesOcppPayloadsWithTheirSchemas() {
        JsonNode doc = api.send("GET", ApiServer.OPENAPI_PATH, null, null).ok(200);
        JsonNode reset = doc.path("components").path("schemas").path("Ocpp16.Reset");
        assertThat(reset.path("properties").path("type").path("enum").toString()).isEqualTo("[\"Hard\",\"Soft\"]");
        assertThat(reset.path("required").toString()).contains("type");
        assertThat(doc.path("paths").path("/api/v1/charge-points/{chargePointId}/reset").path("post")
                .path("requestBody").toString()).contains("#/components/schemas/Ocpp16.Reset");
        // The generic endpoint offers every action's request; its description names each action.
        JsonNode generic = doc.path("paths").path("/api/v1/charge-points/{chargePointId}/operations/{action}")
                .path("post");
        String text = generic.toString();
        for (String action : List.of("Reset", "GetLog", "SetChargingProfile", "UnlockConnector")) {
            assertThat(text).contains("#/components/schemas/Ocpp16." + action + "\"");
        }
        // Definitions of the Security Whitepaper schemas are moved to components and their refs follow.
        assertThat(doc.path("components").path("schemas").has("Ocpp16.GetLog.LogParametersType")).isTrue();
        assertThat(doc.toString()).doesNotContain("#/definitions/").doesNotContain("javaType").doesNotContain("ocpp16:");
        // Every reference resolves.
        List<String> dangling = new ArrayList<>();
        doc.findValues("$ref").forEach(ref -> {
            String name = ref.asText().substring("#/components/schemas/".length());
            if (!doc.path("components").path("schemas").has(name)) {
                dangling.add(ref.asText());
            }
        });
        assertThat(dangling).isEmpty();
        assertThat(doc.path("components").path("schemas").has("OffsetDateTime")).isFalse();
    }

    @Test
    void operationListInTheDocumentMatchesTheService() {
        List<String> actions = new ArrayList<>();
        api.get("/api/v1/operations").ok(200).forEach(a -> actions.add(a.asText()));
        assertThat(actions).isNotEmpty();
        assertThat(List.of(OperationRoutes.ACTIONS.split(", "))).containsExactlyInAnyOrderElementsOf(actions);
    }

    @Test
    void unknownPathsAreJson404s() {
        assertThat(api.get("/api/v1/nothing-here").error(404)).contains("/api/v1/nothing-here");
        api.send("GET", "/nothing", null, null).error(404);
        api.send("POST", "/api/v1/transactions", "{}", TestApi.basic(TestApi.USER, TestApi.PASSWORD)).error(404);
    }

    @Test
    void extraRoutesAreServedAndMetricsNeedTheOperatorsCredentials() {
        api.send("GET", "/metrics", null, null).error(401);
        api.send("GET", "/metrics", null, TestApi.basic(TestApi.USER, "wrong")).error(401);
        var metrics = api.send("GET", "/metrics", null, TestApi.basic(TestApi.USER, TestApi.PASSWORD));
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).isEqualTo("up 1\n");
    }

    @Test
    void unexpectedFailuresAreGeneric500s() {
        String message = api.get("/api/v1/test-failure").error(500);
        assertThat(message).doesNotContain("secret");
    }
}
