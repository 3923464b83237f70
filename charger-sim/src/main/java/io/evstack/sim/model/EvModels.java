package io.evstack.sim.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The built-in EV models: a compact car, a mid-size car, an 800 V premium car and an electric truck. */
public final class EvModels {
    private static final Map<String, EvModel> BUILT_IN = build();

    private EvModels() {}

    public static Optional<EvModel> find(String id) {
        return Optional.ofNullable(BUILT_IN.get(id));
    }

    public static EvModel get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown EV model '" + id + "'; built in: " + String.join(", ", BUILT_IN.keySet())));
    }

    public static List<EvModel> all() {
        return List.copyOf(BUILT_IN.values());
    }

    private static Map<String, EvModel> build() {
        Map<String, EvModel> m = new LinkedHashMap<>();
        add(m, new EvModel("compact-40", 40, 7_400, 1,
                ChargingCurve.of(0.0, 40, 0.1, 46, 0.5, 46, 0.8, 25, 0.9, 12, 1.0, 3), 360));
        add(m, new EvModel("midsize-60", 60, 11_000, 3,
                ChargingCurve.of(0.0, 90, 0.1, 125, 0.5, 110, 0.8, 60, 0.9, 30, 1.0, 6), 400));
        add(m, new EvModel("premium-100", 100, 11_000, 3,
                ChargingCurve.of(0.0, 180, 0.1, 250, 0.4, 230, 0.6, 160, 0.8, 90, 0.9, 45, 1.0, 10), 800));
        add(m, new EvModel("truck-500", 500, 22_000, 3,
                ChargingCurve.of(0.0, 550, 0.1, 700, 0.6, 650, 0.8, 400, 0.9, 200, 1.0, 30), 800));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static void add(Map<String, EvModel> m, EvModel model) {
        m.put(model.id(), model);
    }
}
