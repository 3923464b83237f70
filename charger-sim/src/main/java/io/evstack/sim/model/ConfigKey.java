package io.evstack.sim.model;

/**
 * An OCPP 1.6 configuration key as a charger model declares it.
 *
 * @param writeOnly readable by nobody (AuthorizationKey): GetConfiguration lists it without a value
 */
public record ConfigKey(String key, String defaultValue, boolean readonly, boolean writeOnly, Type type) {
    public enum Type { INTEGER, BOOLEAN, STRING, CSL }

    public static ConfigKey rw(String key, String value, Type type) {
        return new ConfigKey(key, value, false, false, type);
    }

    public static ConfigKey ro(String key, String value, Type type) {
        return new ConfigKey(key, value, true, false, type);
    }

    public static ConfigKey writeOnly(String key, String value) {
        return new ConfigKey(key, value, false, true, Type.STRING);
    }
}
