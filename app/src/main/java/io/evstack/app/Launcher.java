package io.evstack.app;

import io.evstack.csms.CsmsException;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.security.PasswordHasher;

/** What {@code serve} and {@code demo} do around the stack: credentials, demo data, what to tell the user. */
final class Launcher {
    static final int DEMO_ID_TAGS = 10;

    private Launcher() {}

    /** The configuration to run with, and whether the admin password was made up here. */
    record Prepared(StackConfig config, boolean generatedPassword) {}

    /** Fills in what the configuration left open: a generated admin password; for the demo, open doors. */
    static Prepared prepare(StackConfig config, boolean demo) {
        StackConfig c = config;
        boolean generated = false;
        if (c.adminPassword() == null) {
            c = c.withAdminPassword(new PasswordHasher(1).randomPassword());
            generated = true;
        }
        if (demo) {
            c = c.withUnknownChargers(UnknownChargerPolicy.ACCEPT);
        }
        return new Prepared(c, generated);
    }

    static void announce(Stack stack, Prepared prepared, boolean demo) {
        StackConfig config = prepared.config();
        boolean generatedPassword = prepared.generatedPassword();
        if (demo) {
            seedDemoData(stack);
        }
        StringBuilder out = new StringBuilder();
        out.append("\n  evstack is running").append(demo ? " (demo)" : "").append('\n');
        out.append("  OCPP 1.6J     ws://localhost:").append(stack.ocppPort()).append(config.ocppPathPrefix())
                .append("/{chargePointId}\n");
        out.append("  Operator API  http://localhost:").append(stack.httpPort()).append("/api/v1  (OpenAPI: http://localhost:")
                .append(stack.httpPort()).append("/openapi)\n");
        out.append("  Metrics       http://localhost:").append(stack.httpPort()).append("/metrics\n");
        out.append("  Login         ").append(config.adminUser());
        if (generatedPassword) {
            // Printed once, on the console only, because the operator has no other way to learn it.
            out.append(" / ").append(config.adminPassword()).append("   (generated; set STACK_ADMIN_PASSWORD to choose)");
        } else {
            out.append(" / (STACK_ADMIN_PASSWORD)");
        }
        out.append('\n');
        out.append("  Unknown chargers: ").append(config.unknownChargers().name().toLowerCase()).append('\n');
        System.out.println(out);
    }

    /** Id tags DEMO-0001 … DEMO-0010 that the simulated drivers use. */
    static void seedDemoData(Stack stack) {
        for (int i = 1; i <= DEMO_ID_TAGS; i++) {
            String tag = String.format("DEMO-%04d", i);
            try {
                stack.authorization().create(tag, null, null, false, 1, "demo driver " + i);
            } catch (CsmsException e) {
                if (e.kind() != CsmsException.Kind.CONFLICT) {
                    throw e;
                }
            }
        }
    }
}
