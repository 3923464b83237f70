package io.evstack.sim.model;

import io.evstack.sim.model.ConfigKey.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The built-in charger models, from a 7.4 kW wallbox to a 720 kW liquid-cooled DC unit: {@code ac-7.4}
 * (1 phase, 32 A), {@code ac-11} (3 x 16 A), {@code ac-22} (3 x 32 A), {@code ac-22-twin} (two 22 kW
 * sockets), {@code dc-50}, {@code dc-150}, {@code dc-150-twin} (two connectors sharing 150 kW),
 * {@code dc-350}, {@code dc-720} (liquid-cooled, two EVSEs splitting 720 kW as their vehicles demand).
 * DC models accept profiles in A as well as W; a DC limit in A is read as grid-side current per phase
 * (W = A x 230 V x 3), the convention of most DC firmware that offers it at all.
 */
public final class ChargerModels {
    private static final Map<String, ChargerModel> BUILT_IN = build();

    private ChargerModels() {}

    public static Optional<ChargerModel> find(String id) {
        return Optional.ofNullable(BUILT_IN.get(id));
    }

    public static ChargerModel get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown charger model '" + id + "'; built in: " + String.join(", ", BUILT_IN.keySet())));
    }

    public static List<ChargerModel> all() {
        return List.copyOf(BUILT_IN.values());
    }

    public static ChargerModel ac(String id, String name, int phases, double amps, int connectors, double stationW) {
        double perConnectorW = amps * ChargerModel.NOMINAL_VOLTAGE * phases;
        List<ConnectorSpec> specs = IntStream.rangeClosed(1, connectors)
                .mapToObj(i -> new ConnectorSpec(i, "Type2", perConnectorW, amps)).toList();
        return new ChargerModel(id, "EVstackSim", name, CurrentType.AC, phases, amps, stationW, specs,
                configuration(connectors, false));
    }

    public static ChargerModel dc(String id, String name, double stationW, double connectorW, double connectorA,
            int connectors) {
        List<ConnectorSpec> specs = IntStream.rangeClosed(1, connectors)
                .mapToObj(i -> new ConnectorSpec(i, "CCS2", connectorW, connectorA)).toList();
        return new ChargerModel(id, "EVstackSim", name, CurrentType.DC, 3, connectorA, stationW, specs,
                configuration(connectors, true));
    }

    /** The OCPP 1.6 keys every model has, with the defaults a typical firmware ships. */
    public static List<ConfigKey> configuration(int connectors, boolean dc) {
        List<ConfigKey> keys = new ArrayList<>();
        String sampled = "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage" + (dc ? ",SoC" : "");
        keys.add(ConfigKey.rw("HeartbeatInterval", "300", Type.INTEGER));
        keys.add(ConfigKey.rw("MeterValueSampleInterval", "60", Type.INTEGER));
        keys.add(ConfigKey.rw("MeterValuesSampledData", sampled, Type.CSL));
        keys.add(ConfigKey.ro("MeterValuesSampledDataMaxLength", "8", Type.INTEGER));
        keys.add(ConfigKey.rw("StopTxnSampledData", "Energy.Active.Import.Register", Type.CSL));
        keys.add(ConfigKey.rw("ClockAlignedDataInterval", "0", Type.INTEGER));
        keys.add(ConfigKey.rw("MeterValuesAlignedData", "Energy.Active.Import.Register", Type.CSL));
        keys.add(ConfigKey.rw("StopTxnAlignedData", "", Type.CSL));
        keys.add(ConfigKey.ro("NumberOfConnectors", Integer.toString(connectors), Type.INTEGER));
        keys.add(ConfigKey.ro("SupportedFeatureProfiles",
                "Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger", Type.CSL));
        keys.add(ConfigKey.ro("ChargeProfileMaxStackLevel", "10", Type.INTEGER));
        keys.add(ConfigKey.ro("ChargingScheduleAllowedChargingRateUnit", "Current,Power", Type.CSL));
        keys.add(ConfigKey.ro("ChargingScheduleMaxPeriods", "24", Type.INTEGER));
        keys.add(ConfigKey.ro("MaxChargingProfilesInstalled", "20", Type.INTEGER));
        keys.add(ConfigKey.ro("ConnectorSwitch3to1PhaseSupported", "false", Type.BOOLEAN));
        keys.add(ConfigKey.rw("ConnectionTimeOut", "60", Type.INTEGER));
        keys.add(ConfigKey.rw("AuthorizeRemoteTxRequests", "false", Type.BOOLEAN));
        keys.add(ConfigKey.rw("LocalAuthorizeOffline", "true", Type.BOOLEAN));
        keys.add(ConfigKey.rw("LocalPreAuthorize", "false", Type.BOOLEAN));
        keys.add(ConfigKey.rw("AllowOfflineTxForUnknownId", "false", Type.BOOLEAN));
        keys.add(ConfigKey.rw("AuthorizationCacheEnabled", "true", Type.BOOLEAN));
        keys.add(ConfigKey.rw("LocalAuthListEnabled", "true", Type.BOOLEAN));
        keys.add(ConfigKey.ro("LocalAuthListMaxLength", "1000", Type.INTEGER));
        keys.add(ConfigKey.ro("SendLocalListMaxLength", "100", Type.INTEGER));
        keys.add(ConfigKey.rw("StopTransactionOnInvalidId", "true", Type.BOOLEAN));
        keys.add(ConfigKey.rw("StopTransactionOnEVSideDisconnect", "true", Type.BOOLEAN));
        keys.add(ConfigKey.rw("UnlockConnectorOnEVSideDisconnect", "true", Type.BOOLEAN));
        keys.add(ConfigKey.rw("TransactionMessageAttempts", "3", Type.INTEGER));
        keys.add(ConfigKey.rw("TransactionMessageRetryInterval", "60", Type.INTEGER));
        keys.add(ConfigKey.rw("ResetRetries", "1", Type.INTEGER));
        keys.add(ConfigKey.rw("MinimumStatusDuration", "0", Type.INTEGER));
        keys.add(ConfigKey.rw("WebSocketPingInterval", "0", Type.INTEGER));
        keys.add(ConfigKey.ro("ReserveConnectorZeroSupported", "false", Type.BOOLEAN));
        keys.add(ConfigKey.ro("GetConfigurationMaxKeys", "100", Type.INTEGER));
        keys.add(ConfigKey.rw("SecurityProfile", "1", Type.INTEGER));
        keys.add(ConfigKey.writeOnly("AuthorizationKey", ""));
        return keys;
    }

    private static Map<String, ChargerModel> build() {
        Map<String, ChargerModel> m = new LinkedHashMap<>();
        put(m, ac("ac-7.4", "Wallbox 7.4 kW", 1, 32, 1, 7_360));
        put(m, ac("ac-11", "Wallbox 11 kW", 3, 16, 1, 11_040));
        put(m, ac("ac-22", "AC Pillar 22 kW", 3, 32, 1, 22_080));
        put(m, ac("ac-22-twin", "AC Pillar 2x22 kW", 3, 32, 2, 44_160));
        put(m, dc("dc-50", "DC Compact 50 kW", 50_000, 50_000, 125, 1));
        put(m, dc("dc-150", "DC Fast 150 kW", 150_000, 150_000, 375, 1));
        put(m, dc("dc-150-twin", "DC Fast 2x75..150 kW", 150_000, 150_000, 375, 2));
        put(m, dc("dc-350", "DC HPC 350 kW", 350_000, 350_000, 500, 1));
        put(m, dc("dc-720", "DC HPC 720 kW LC", 720_000, 720_000, 900, 2));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static void put(Map<String, ChargerModel> m, ChargerModel model) {
        m.put(model.id(), model);
    }
}
