package io.evstack.app;

import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.db.Database;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Stacks for tests: ephemeral ports, the given database, short timeouts. */
final class TestStacks {
    private TestStacks() {}

    static StackConfig config(UnknownChargerPolicy unknownChargers) {
        Map<String, String> values = new HashMap<>();
        StackConfig.SETTINGS.forEach((k, v) -> values.put(k, v[0]));
        values.put("STACK_OCPP_PORT", "0");
        values.put("STACK_HTTP_PORT", "0");
        values.put("STACK_OCPI_PORT", "0");
        values.put("STACK_EMSP_PORT", "0");
        values.put("STACK_CALL_TIMEOUT", "3");
        values.put("STACK_NODE_ID", "test-node");
        values.put("STACK_ADMIN_PASSWORD", "test-admin-password");
        values.put("STACK_UNKNOWN_CHARGERS", unknownChargers.name());
        return StackConfig.from(values);
    }

    static Stack start(Database db, UnknownChargerPolicy unknownChargers) {
        return new Stack(config(unknownChargers), Clock.systemUTC(), db).start();
    }
}
