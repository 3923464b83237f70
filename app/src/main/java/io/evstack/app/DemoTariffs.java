package io.evstack.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evstack.sim.model.ChargerModel;
import io.evstack.sim.model.ChargerModels;
import io.evstack.sim.model.ConnectorSpec;
import io.evstack.sim.scenario.ChargerGroup;
import io.evstack.sim.scenario.Scenario;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's prices: two OCPI 2.2.1 tariffs (section 11.3.1) and every demo connector's attributes with
 * one of them, set through the bridge's own admin API as an operator would, so they are pushed to the
 * eMSP like any operator change and the driver API shows real prices. AC 0.39 EUR/kWh; DC 0.59 EUR/kWh
 * plus 0.10 EUR a minute of parking once the session has lasted 60 minutes; 21 % VAT on both.
 */
final class DemoTariffs {
    static final String AC = "DEMO-AC";
    static final String DC = "DEMO-DC";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String adminUrl;
    private final String authorization;

    /** @param ocpiUrl the bridge's base URL (its admin API is {@code /ocpi/admin} below it) */
    DemoTariffs(String ocpiUrl, String adminUser, String adminPassword) {
        this.adminUrl = ocpiUrl + "/ocpi/admin";
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((adminUser + ":" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    /** Puts both tariffs, then attaches them to the connectors of every demo charger. */
    void apply(Scenario depot) {
        put("/tariffs/" + AC, acTariff());
        put("/tariffs/" + DC, dcTariff());
        for (ChargerGroup group : depot.chargers()) {
            ChargerModel model = ChargerModels.get(group.model());
            for (int i = 1; i <= group.count(); i++) {
                for (ConnectorSpec c : model.connectors()) {
                    put("/connectors/" + group.chargerId(i) + "/" + c.connectorId(), connector(model, c));
                }
            }
        }
    }

    static Map<String, Object> acTariff() {
        return tariff(List.of(element(List.of(component("ENERGY", "0.39", 1)), null)));
    }

    /**
     * OCPI prices PARKING_TIME per hour (section 11.4.2): 0.10 a minute is 6.00 an hour, billed per started
     * minute (step_size 60 s); the min_duration restriction (11.4.6, seconds) starts it after 60 minutes.
     */
    static Map<String, Object> dcTariff() {
        return tariff(List.of(
                element(List.of(component("ENERGY", "0.59", 1)), null),
                element(List.of(component("PARKING_TIME", "6.00", 60)), Map.of("min_duration", 3600))));
    }

    /** OCPI connector attributes (section 8.3.3) of a simulated connector, with the tariff for its current. */
    static Map<String, Object> connector(ChargerModel model, ConnectorSpec c) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (model.dc()) {
            m.put("standard", "IEC_62196_T2_COMBO");
            m.put("format", "CABLE");
            m.put("power_type", "DC");
            m.put("max_voltage", (int) Math.round(c.maxPowerW() / c.maxCurrentA()));
        } else {
            m.put("standard", "IEC_62196_T2");
            m.put("format", "SOCKET");
            m.put("power_type", model.phases() == 3 ? "AC_3_PHASE" : "AC_1_PHASE");
            m.put("max_voltage", (int) ChargerModel.NOMINAL_VOLTAGE);
        }
        m.put("max_amperage", (int) Math.round(c.maxCurrentA()));
        m.put("max_electric_power", (int) Math.round(c.maxPowerW()));
        m.put("tariff_id", model.dc() ? DC : AC);
        return m;
    }

    private static Map<String, Object> tariff(List<Object> elements) {
        return Map.of("currency", "EUR", "elements", elements);
    }

    private static Object element(List<Object> components, Map<String, Object> restrictions) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("price_components", components);
        if (restrictions != null) {
            e.put("restrictions", restrictions);
        }
        return e;
    }

    private static Object component(String type, String price, int stepSize) {
        // prices as JSON numbers; VAT 21 % (Dutch/Belgian rate, as the demo tells)
        return Map.of("type", type, "price", new java.math.BigDecimal(price), "vat", new java.math.BigDecimal("21.0"),
                "step_size", stepSize);
    }

    private void put(String path, Object body) {
        try {
            var req = HttpRequest.newBuilder(URI.create(adminUrl + path)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", authorization).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            var res = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() / 100 != 2 || JSON.readTree(res.body()).path("status_code").asInt() != 1000) {
                throw new IllegalStateException("Demo tariffs: PUT " + path + " answered " + res.statusCode() + " " + res.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Demo tariffs: PUT " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
