package io.evstack.csms.api;

import static io.evstack.db.generated.Tables.CHARGE_TRANSACTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.csms.transaction.MeterSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransactionApiTest {
    static TestApi api;
    long completed;
    long active;
    long other;

    @BeforeAll
    static void start() {
        api = new TestApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** Three transactions: completed on CP-1, running on CP-1, completed on CP-2. */
    @BeforeEach
    void data() {
        api.reset();
        api.chargePoints.register("CP-1", null, RegistrationStatus.Accepted, 0, null);
        api.chargePoints.register("CP-2", null, RegistrationStatus.Accepted, 0, null);
        completed = api.transactions.start("CP-1", 1, "TAG-A", 1000, Instant.parse("2025-01-01T10:00:00Z"), null)
                .transactionId();
        api.transactions.stop("CP-1", completed, "TAG-A", 8500, Instant.parse("2025-01-01T11:00:00Z"), null, List.of());
        active = api.transactions.start("CP-1", 2, "TAG-B", 0, Instant.parse("2025-01-02T10:00:00Z"), null)
                .transactionId();
        api.transactions.meterValues("CP-1", 2, (int) active, List.of(MeterSample.of(
                Instant.parse("2025-01-02T10:30:00Z"), "1.2", null, null, "kWh", null, null, null)));
        other = api.transactions.start("CP-2", 1, "TAG-A", 0, Instant.parse("2025-01-03T09:00:00Z"), null)
                .transactionId();
        api.transactions.stop("CP-2", other, null, 3000, Instant.parse("2025-01-03T09:45:00Z"), "EVDisconnected",
                List.of());
    }

    @Test
    void listsNewestFirstWithTotal() {
        JsonNode page = api.get("/api/v1/transactions").ok(200);
        assertThat(page.path("total").asInt()).isEqualTo(3);
        assertThat(page.path("offset").asInt()).isZero();
        assertThat(page.path("limit").asInt()).isEqualTo(50);
        assertThat(ids(page)).containsExactly(other, active, completed);

        JsonNode first = page.path("items").get(2);
        assertThat(first.path("chargePointId").asText()).isEqualTo("CP-1");
        assertThat(first.path("connectorId").asInt()).isEqualTo(1);
        assertThat(first.path("startTime").asText()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(first.path("stopTime").asText()).isEqualTo("2025-01-01T11:00:00Z");
        assertThat(first.path("energyWh").asLong()).isEqualTo(7500);
        assertThat(first.path("stopReason").asText()).isEqualTo("Local");
        assertThat(first.path("active").asBoolean()).isFalse();
        assertThat(first.has("meterValues")).isFalse();
        assertThat(page.path("items").get(1).path("active").asBoolean()).isTrue();
        assertThat(page.path("items").get(1).has("stopTime")).isFalse();
    }

    @Test
    void filters() {
        assertThat(ids(api.get("/api/v1/transactions?chargePointId=CP-1").ok(200))).containsExactly(active, completed);
        assertThat(ids(api.get("/api/v1/transactions?idTag=TAG-A").ok(200))).containsExactly(other, completed);
        assertThat(ids(api.get("/api/v1/transactions?status=active").ok(200))).containsExactly(active);
        assertThat(ids(api.get("/api/v1/transactions?status=completed").ok(200))).containsExactly(other, completed);
        assertThat(ids(api.get("/api/v1/transactions?from=2025-01-02").ok(200))).containsExactly(other, active);
        assertThat(ids(api.get("/api/v1/transactions?to=2025-01-02T00:00:00Z").ok(200))).containsExactly(completed);
        // An offset, percent-encoded or (as browsers leave it) a raw '+' that arrives as a space.
        assertThat(ids(api.get("/api/v1/transactions?from=2025-01-02T11:00:00%2B01:00").ok(200)))
                .containsExactly(other, active);
        assertThat(ids(api.get("/api/v1/transactions?from=2025-01-02T11:00:00+01:00").ok(200)))
                .containsExactly(other, active);
        assertThat(ids(api.get("/api/v1/transactions?chargePointId=CP-1&idTag=TAG-A&status=completed").ok(200)))
                .containsExactly(completed);

        JsonNode paged = api.get("/api/v1/transactions?offset=1&limit=1").ok(200);
        assertThat(ids(paged)).containsExactly(active);
        assertThat(paged.path("total").asInt()).isEqualTo(3);
        assertThat(api.get("/api/v1/transactions?chargePointId=NOPE").ok(200).path("total").asInt()).isZero();
    }

    @Test
    void badFiltersAre400s() {
        assertThat(api.get("/api/v1/transactions?status=running").error(400)).contains("status");
        api.get("/api/v1/transactions?limit=0").error(400);
        assertThat(api.get("/api/v1/transactions?limit=1001").error(400)).contains("1000");
        api.get("/api/v1/transactions?limit=ten").error(400);
        api.get("/api/v1/transactions?offset=-1").error(400);
        assertThat(api.get("/api/v1/transactions?from=last-week").error(400)).contains("from");
        api.get("/api/v1/transactions?from=2025-02-01&to=2025-01-01").error(400);
        api.get("/api/v1/transactions.csv?status=running").error(400);
    }

    @Test
    void oneWithItsMeterValues() {
        JsonNode t = api.get("/api/v1/transactions/" + active).ok(200);
        assertThat(t.path("id").asLong()).isEqualTo(active);
        assertThat(t.path("active").asBoolean()).isTrue();
        assertThat(t.path("energyWh").asLong()).isEqualTo(1200);
        JsonNode values = t.path("meterValues");
        assertThat(values).hasSize(1);
        assertThat(values.get(0).path("value").asText()).isEqualTo("1.2");
        assertThat(values.get(0).path("unit").asText()).isEqualTo("kWh");
        assertThat(values.get(0).path("measurand").asText()).isEqualTo("Energy.Active.Import.Register");
        assertThat(values.get(0).path("timestamp").asText()).isEqualTo("2025-01-02T10:30:00Z");
        assertThat(api.get("/api/v1/transactions/" + completed).ok(200).path("meterValues")).isEmpty();

        api.get("/api/v1/transactions/999999").error(404);
        assertThat(api.get("/api/v1/transactions/abc").error(400)).contains("transactionId");
    }

    @Test
    void csvExport() {
        api.transactions.start("CP-2", 2, "A,\"B\"", 5, Instant.parse("2024-12-31T23:00:00.5Z"), null);
        var csv = api.get("/api/v1/transactions.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).get().asString().startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition")).get().asString().contains("transactions.csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).containsExactly(
                "id,chargePointId,connectorId,idTag,startTime,stopTime,meterStartWh,meterStopWh,energyWh,stopReason",
                other + ",CP-2,1,TAG-A,2025-01-03T09:00:00Z,2025-01-03T09:45:00Z,0,3000,3000,EVDisconnected",
                active + ",CP-1,2,TAG-B,2025-01-02T10:00:00Z,,0,,1200,",
                completed + ",CP-1,1,TAG-A,2025-01-01T10:00:00Z,2025-01-01T11:00:00Z,1000,8500,7500,Local",
                lines.get(4));
        assertThat(lines.get(4)).endsWith(",CP-2,2,\"A,\"\"B\"\"\",2024-12-31T23:00:00.500Z,,5,,0,");
        assertThat(csv.body()).contains("\r\n");

        List<String> filtered = api.get("/api/v1/transactions.csv?chargePointId=CP-1&status=completed").body()
                .lines().toList();
        assertThat(filtered).hasSize(2);
        assertThat(filtered.get(1)).startsWith(completed + ",CP-1,");
        assertThat(api.get("/api/v1/transactions.csv?limit=1&offset=1").body().lines().toList())
                .hasSize(2).last().asString().startsWith(active + ",");
        assertThat(api.send("GET", "/api/v1/transactions.csv", null, null).status()).isEqualTo(401);
    }

    @Test
    void csvExportPagesThroughLargeResults() {
        long cpPk = api.chargePoints.requirePk("CP-2");
        Instant base = Instant.parse("2020-01-01T00:00:00Z");
        var insert = api.db.dsl().insertInto(CHARGE_TRANSACTION, CHARGE_TRANSACTION.CHARGE_POINT_PK,
                CHARGE_TRANSACTION.CONNECTOR_ID, CHARGE_TRANSACTION.ID_TAG, CHARGE_TRANSACTION.START_TIME,
                CHARGE_TRANSACTION.METER_START_WH, CHARGE_TRANSACTION.START_RECEIVED_AT);
        for (int i = 0; i < 2100; i++) {
            insert = insert.values(cpPk, 3, "BULK", base.plusSeconds(i), 0L, base);
        }
        insert.execute();

        List<String> lines = api.get("/api/v1/transactions.csv?idTag=BULK").body().lines().toList();
        assertThat(lines).hasSize(2101);
        assertThat(lines.stream().skip(1).distinct().count()).isEqualTo(2100);
        assertThat(api.get("/api/v1/transactions.csv?idTag=BULK&limit=1500").body().lines().count()).isEqualTo(1501);
        assertThat(api.get("/api/v1/transactions?idTag=BULK&limit=1000").ok(200).path("total").asInt()).isEqualTo(2100);
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("id").asLong()));
        return ids;
    }
}
