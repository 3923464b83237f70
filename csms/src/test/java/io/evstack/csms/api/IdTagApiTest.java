package io.evstack.csms.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdTagApiTest {
    static TestApi api;

    @BeforeAll
    static void start() {
        api = new TestApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @BeforeEach
    void empty() {
        api.reset();
    }

    @Test
    void createReadListDelete() {
        var created = api.post("/api/v1/id-tags",
                "{\"idTag\":\"TAG-1\",\"expiryDate\":\"2030-01-01T00:00:00+01:00\",\"note\":\"fleet card\"}");
        JsonNode tag = created.ok(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/id-tags/TAG-1");
        assertThat(tag.path("idTag").asText()).isEqualTo("TAG-1");
        assertThat(tag.path("expiryDate").asText()).isEqualTo("2029-12-31T23:00:00Z");
        assertThat(tag.path("blocked").asBoolean()).isFalse();
        assertThat(tag.path("maxActiveTransactions").asInt()).isEqualTo(1);
        assertThat(tag.path("note").asText()).isEqualTo("fleet card");
        assertThat(tag.has("parentIdTag")).isFalse();

        api.post("/api/v1/id-tags", "{\"idTag\":\"CHILD\",\"parentIdTag\":\"TAG-1\",\"blocked\":true,"
                + "\"maxActiveTransactions\":0}").ok(201);
        assertThat(api.post("/api/v1/id-tags", "{\"idTag\":\"TAG-1\"}").error(409)).contains("TAG-1");

        JsonNode list = api.get("/api/v1/id-tags").ok(200);
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("idTag").asText()).isEqualTo("CHILD");
        assertThat(list.get(0).path("parentIdTag").asText()).isEqualTo("TAG-1");
        assertThat(list.get(0).path("blocked").asBoolean()).isTrue();
        assertThat(list.get(0).path("maxActiveTransactions").asInt()).isZero();

        assertThat(api.get("/api/v1/id-tags/TAG-1").ok(200).path("note").asText()).isEqualTo("fleet card");
        assertThat(api.delete("/api/v1/id-tags/TAG-1").status()).isEqualTo(204);
        api.get("/api/v1/id-tags/TAG-1").error(404);
        api.delete("/api/v1/id-tags/TAG-1").error(404);
    }

    @Test
    void putReplacesAndPatchChangesOnlyWhatIsGiven() {
        api.post("/api/v1/id-tags", "{\"idTag\":\"TAG-1\",\"expiryDate\":\"2030-01-01T00:00:00Z\",\"note\":\"n\","
                + "\"maxActiveTransactions\":3}").ok(201);

        JsonNode patched = api.patch("/api/v1/id-tags/TAG-1", "{\"blocked\":true}").ok(200);
        assertThat(patched.path("blocked").asBoolean()).isTrue();
        assertThat(patched.path("note").asText()).isEqualTo("n");
        assertThat(patched.path("expiryDate").asText()).isEqualTo("2030-01-01T00:00:00Z");

        JsonNode cleared = api.patch("/api/v1/id-tags/TAG-1", "{\"expiryDate\":null,\"note\":\"m\"}").ok(200);
        assertThat(cleared.has("expiryDate")).isFalse();
        assertThat(cleared.path("note").asText()).isEqualTo("m");
        assertThat(cleared.path("blocked").asBoolean()).isTrue();

        JsonNode replaced = api.put("/api/v1/id-tags/TAG-1", "{\"idTag\":\"TAG-1\",\"note\":\"replaced\"}").ok(200);
        assertThat(replaced.path("blocked").asBoolean()).isFalse();
        assertThat(replaced.path("note").asText()).isEqualTo("replaced");
        assertThat(replaced.path("maxActiveTransactions").asInt()).isEqualTo(3);

        assertThat(api.put("/api/v1/id-tags/TAG-1", "{\"idTag\":\"OTHER\"}").error(400)).contains("OTHER");
        api.put("/api/v1/id-tags/NOPE", "{}").error(404);
        api.patch("/api/v1/id-tags/NOPE", "{}").error(404);
        api.patch("/api/v1/id-tags/TAG-1", "{\"blocked\":null}").error(400);
        api.patch("/api/v1/id-tags/TAG-1", "[]").error(400);
    }

    @Test
    void validation() {
        api.post("/api/v1/id-tags", "{}").error(400);
        assertThat(api.post("/api/v1/id-tags", "{\"idTag\":\"" + "x".repeat(21) + "\"}").error(400)).contains("20");
        api.post("/api/v1/id-tags", "{\"idTag\":\"SELF\",\"parentIdTag\":\"SELF\"}").error(400);
        api.post("/api/v1/id-tags", "{\"idTag\":\"T\",\"maxActiveTransactions\":-1}").error(400);
        assertThat(api.post("/api/v1/id-tags", "{\"idTag\":\"T\",\"expiryDate\":\"tomorrow\"}").error(400))
                .contains("expiryDate").contains("ISO-8601");
        api.post("/api/v1/id-tags", "{\"idTag\":\"T\",\"blocked\":\"yes\"}").error(400);
        api.post("/api/v1/id-tags", "{\"idTag\":\"T\",\"note\":\"" + "n".repeat(256) + "\"}").error(400);
        api.post("/api/v1/id-tags", "{\"idTag\":\"T\"} trailing").error(400);
        assertThat(api.get("/api/v1/id-tags").ok(200)).isEmpty();
    }
}
