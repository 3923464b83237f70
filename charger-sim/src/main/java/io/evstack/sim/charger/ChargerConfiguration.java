package io.evstack.sim.charger;

import io.evstack.ocpp.v16.ChangeConfigurationResponse;
import io.evstack.ocpp.v16.KeyValue;
import io.evstack.sim.model.ConfigKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A charger's OCPP configuration keys and their current values. Used on the charger's event loop only. */
public final class ChargerConfiguration {
    private static final Set<String> MEASURANDS = Set.of("Energy.Active.Import.Register", "Power.Active.Import",
            "Current.Import", "Voltage", "SoC", "Current.Offered", "Power.Offered", "Energy.Active.Import.Interval",
            "Frequency", "Temperature");

    private final Map<String, ConfigKey> keys = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();

    public ChargerConfiguration(List<ConfigKey> declared) {
        for (ConfigKey k : declared) {
            keys.put(k.key(), k);
            values.put(k.key(), k.defaultValue());
        }
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public int integer(String key, int fallback) {
        try {
            return Integer.parseInt(values.getOrDefault(key, "").trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public boolean bool(String key) {
        return Boolean.parseBoolean(values.getOrDefault(key, "false").trim());
    }

    public List<String> list(String key) {
        String v = values.getOrDefault(key, "").trim();
        return v.isEmpty() ? List.of() : Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Set by the firmware itself (the boot response's interval): read-only keys too. */
    public void setInternal(String key, String value) {
        values.put(key, value);
    }

    /** ChangeConfiguration, checked as firmware would. */
    public ChangeConfigurationResponse.Status change(String key, String value) {
        ConfigKey k = keys.get(key);
        if (k == null) {
            return ChangeConfigurationResponse.Status.NOT_SUPPORTED;
        }
        if (k.readonly() || value == null || !valid(k, value)) {
            return ChangeConfigurationResponse.Status.REJECTED;
        }
        values.put(key, value);
        return ChangeConfigurationResponse.Status.ACCEPTED;
    }

    /** GetConfiguration: known keys with values (write-only ones without), and the unknown ones asked for. */
    public record Report(List<KeyValue> known, List<String> unknown) {}

    public Report report(List<String> asked, int maxKeys) {
        List<KeyValue> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        Iterable<String> which = asked == null || asked.isEmpty() ? keys.keySet() : asked;
        for (String key : which) {
            ConfigKey k = keys.get(key);
            if (k == null) {
                unknown.add(key);
            } else if (known.size() < maxKeys || asked == null || asked.isEmpty()) {
                KeyValue kv = new KeyValue().withKey(key).withReadonly(k.readonly());
                known.add(k.writeOnly() ? kv : kv.withValue(values.get(key)));
            }
        }
        return new Report(known, unknown);
    }

    private static boolean valid(ConfigKey k, String value) {
        return switch (k.type()) {
            case INTEGER -> {
                try {
                    yield Integer.parseInt(value.trim()) >= 0;
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
            case BOOLEAN -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
            case CSL -> !k.key().endsWith("SampledData") && !k.key().endsWith("AlignedData")
                    || Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).allMatch(MEASURANDS::contains);
            case STRING -> value.length() <= 500;
        };
    }
}
