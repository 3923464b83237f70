package io.evstack.app;

import io.evstack.csms.CsmsException;
import io.evstack.csms.chargepoint.RegistrationStatus;
import io.evstack.sim.SimStats;
import io.evstack.sim.Simulation;
import io.evstack.sim.Simulator;
import io.evstack.sim.scenario.ChargerGroup;
import io.evstack.sim.scenario.Scenario;
import java.net.URI;
import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.security.PasswordHasher;

/** What {@code serve} and {@code demo} do around the stack: credentials, demo data, what to tell the user. */
final class Launcher {
    private Launcher() {}

    /**
     * The configuration to run with, whether the admin password was made up here, and whether the demo's
     * eMSP support account was.
     */
    record Prepared(StackConfig config, boolean generatedPassword, boolean generatedSupport) {}

    /** Fills in what the configuration left open: a generated admin password; for the demo, open doors. */
    static Prepared prepare(StackConfig config, boolean demo) {
        StackConfig c = config;
        boolean generated = false;
        if (c.adminPassword() == null) {
            c = c.withAdminPassword(new PasswordHasher(1).randomPassword());
            generated = true;
        }
        boolean support = false;
        if (demo) {
            c = c.withUnknownChargers(UnknownChargerPolicy.ACCEPT);
            if (c.emsp().supportEmail() == null) {
                // A fresh e-mail each run: the demo database outlives the run, and an existing account keeps
                // the password of the run that made it, which nobody could learn any more.
                String suffix = Long.toHexString(System.currentTimeMillis() / 1000);
                c = c.withEmsp(c.emsp().withSupport("support-" + suffix + "@demo.evstack",
                        new PasswordHasher(1).randomPassword()));
                support = true;
            }
        }
        return new Prepared(c, generated, support);
    }

    static void announce(Stack stack, Prepared prepared, boolean demo) {
        StackConfig config = prepared.config();
        boolean generatedPassword = prepared.generatedPassword();
        StringBuilder out = new StringBuilder();
        out.append("\n  evstack is running").append(demo ? " (demo)" : "").append('\n');
        out.append("  OCPP-J        ws://localhost:").append(stack.ocppPort()).append(config.ocppPathPrefix())
                .append("/{chargePointId}  (ocpp1.6, ocpp2.0.1)\n");
        out.append("  Operator API  http://localhost:").append(stack.httpPort()).append("/api/v1  (OpenAPI: http://localhost:")
                .append(stack.httpPort()).append("/openapi.json)\n");
        out.append("  Metrics       http://localhost:").append(stack.httpPort()).append("/metrics  (the operator login)\n");
        if (stack.ocpi() != null) {
            out.append("  OCPI 2.2.1    ").append(stack.ocpi().config().versionsUrl()).append('\n');
        }
        if (stack.emspServer() != null) {
            out.append("  eMSP          http://localhost:").append(stack.emspServer().port())
                    .append("/api/v1/driver  (OpenAPI: http://localhost:").append(stack.emspServer().port())
                    .append("/openapi.json)\n");
            out.append("  Driver app    http://localhost:").append(stack.emspServer().port()).append("/app/\n");
            if (prepared.generatedSupport()) {
                // Printed once, like the admin password: the demo's support account runs billing.
                out.append("  eMSP support  ").append(config.emsp().supportEmail()).append(" / ")
                        .append(config.emsp().supportPassword())
                        .append("   (generated; set STACK_EMSP_SUPPORT_EMAIL and _PASSWORD to choose)\n");
            }
        }
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

    /**
     * Registers the demo depot's chargers (security profile 1, with the scenario's password, so the demo
     * shows authenticated chargers) and its drivers' id tags; what exists already is left alone.
     */
    static void seedDemoData(Stack stack, Scenario depot) {
        for (ChargerGroup group : depot.chargers()) {
            for (int i = 1; i <= group.count(); i++) {
                String id = group.chargerId(i);
                int profile = group.password() == null ? 0 : 1;
                ignoreExisting(() -> stack.chargePoints().register(id, "demo " + group.model(), RegistrationStatus.Accepted,
                        profile, group.password()));
            }
        }
        int n = 0;
        for (String tag : depot.idTags()) {
            String note = "demo driver " + (++n);
            ignoreExisting(() -> stack.authorization().create(tag, null, null, false, 1, note));
        }
    }

    private static void ignoreExisting(Runnable create) {
        try {
            create.run();
        } catch (CsmsException e) {
            if (e.kind() != CsmsException.Kind.CONFLICT) {
                throw e;
            }
        }
    }

    /** Starts the demo depot against this stack and reports its progress every 30 seconds. */
    static Simulation startDemoDepot(Stack stack, StackConfig config, Scenario depot) {
        URI base = URI.create("ws://127.0.0.1:" + stack.ocppPort() + config.ocppPathPrefix());
        Simulation simulation = Simulator.start(depot, base);
        Thread.ofPlatform().daemon().name("demo-progress").start(() -> {
            while (!simulation.finished().isDone()) {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    return;
                }
                SimStats s = simulation.stats();
                System.out.printf("  demo depot: %d/%d chargers connected, %d transactions started, %d completed, %d vehicles%n",
                        s.connected(), depot.chargerCount(), s.transactionsStarted(), s.transactionsCompleted(),
                        s.vehiclesArrived());
            }
        });
        return simulation;
    }
}
