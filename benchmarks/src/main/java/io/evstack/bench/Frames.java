package io.evstack.bench;

/** Representative OCPP 1.6 frames, as chargers send them. */
final class Frames {
    private Frames() {}

    static final String HEARTBEAT = "[2,\"19223201\",\"Heartbeat\",{}]";

    static final String STATUS = "[2,\"19223202\",\"StatusNotification\",{\"connectorId\":1,\"errorCode\":\"NoError\","
            + "\"status\":\"Charging\",\"timestamp\":\"2025-03-01T10:15:30.123Z\"}]";

    static final String START = "[2,\"19223203\",\"StartTransaction\",{\"connectorId\":1,\"idTag\":\"DEMO-0001\","
            + "\"meterStart\":123456,\"timestamp\":\"2025-03-01T10:15:30.123Z\"}]";

    /** A three-phase sample: energy, power, current and voltage per phase, SoC. */
    static final String METER_VALUES = "[2,\"19223204\",\"MeterValues\",{\"connectorId\":1,\"transactionId\":4711,"
            + "\"meterValue\":[{\"timestamp\":\"2025-03-01T10:16:30.123Z\",\"sampledValue\":["
            + "{\"value\":\"123987\",\"context\":\"Sample.Periodic\",\"format\":\"Raw\",\"measurand\":\"Energy.Active.Import.Register\",\"location\":\"Outlet\",\"unit\":\"Wh\"},"
            + "{\"value\":\"22080.0\",\"context\":\"Sample.Periodic\",\"format\":\"Raw\",\"measurand\":\"Power.Active.Import\",\"location\":\"Outlet\",\"unit\":\"W\"},"
            + "{\"value\":\"32.0\",\"context\":\"Sample.Periodic\",\"measurand\":\"Current.Import\",\"phase\":\"L1\",\"unit\":\"A\"},"
            + "{\"value\":\"32.0\",\"context\":\"Sample.Periodic\",\"measurand\":\"Current.Import\",\"phase\":\"L2\",\"unit\":\"A\"},"
            + "{\"value\":\"32.0\",\"context\":\"Sample.Periodic\",\"measurand\":\"Current.Import\",\"phase\":\"L3\",\"unit\":\"A\"},"
            + "{\"value\":\"230.1\",\"context\":\"Sample.Periodic\",\"measurand\":\"Voltage\",\"phase\":\"L1-N\",\"unit\":\"V\"},"
            + "{\"value\":\"230.4\",\"context\":\"Sample.Periodic\",\"measurand\":\"Voltage\",\"phase\":\"L2-N\",\"unit\":\"V\"},"
            + "{\"value\":\"229.8\",\"context\":\"Sample.Periodic\",\"measurand\":\"Voltage\",\"phase\":\"L3-N\",\"unit\":\"V\"},"
            + "{\"value\":\"64\",\"context\":\"Sample.Periodic\",\"measurand\":\"SoC\",\"location\":\"EV\",\"unit\":\"Percent\"}]}]}]";
}
