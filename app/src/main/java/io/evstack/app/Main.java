package io.evstack.app;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import io.evstack.sim.Simulation;
import io.evstack.sim.scenario.Scenario;
import io.evstack.sim.scenario.ScenarioLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The stack's command line: {@code serve}, {@code demo}, and the tools the later issues add. */
@Command(name = "stack", mixinStandardHelpOptions = true, version = "evstack 0.1.0",
        description = "Integrated charge point operator and e-mobility service provider platform.",
        subcommands = {Main.Serve.class, Main.Demo.class, io.evstack.sim.SimCommand.class,
                SimulateDepotCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Command(name = "serve", description = "Run the stack: OCPP endpoint, operator API, database.")
    static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() {
            return run(StackConfig.load(System.getenv()), false);
        }
    }

    @Command(name = "demo", description = "Run the stack with demo data and a depot of simulated chargers.")
    static final class Demo implements Callable<Integer> {
        @Override
        public Integer call() {
            return run(StackConfig.load(System.getenv()), true);
        }
    }

    static int run(StackConfig config, boolean demo) {
        Launcher.Prepared prepared = Launcher.prepare(config, demo);
        Stack stack = new Stack(prepared.config(), Clock.systemUTC()).start();
        Simulation simulation = null;
        java.util.List<io.evstack.sim.PlugAndChargeContract> contracts = java.util.List.of();
        if (demo) {
            Scenario depot = new ScenarioLoader().load("demo-depot");
            Launcher.seedDemoData(stack, depot);
            if (stack.ocpi() != null) {
                // before the chargers connect, so their first location push already carries the prices
                new DemoTariffs("http://127.0.0.1:" + stack.ocpi().port(), prepared.config().adminUser(),
                        prepared.config().adminPassword()).apply(depot);
            }
            simulation = Launcher.startDemoDepot(stack, prepared.config(), depot);
            if (stack.emspServer() != null) {
                contracts = DemoContracts.create(stack.emspServer());
                simulation.offerContracts(contracts);
            }
        }
        Simulation demoDepot = simulation;
        // Ctrl-C or SIGTERM: stop the simulated chargers, then the stack in order (sockets, pending log
        // writes, database) before the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (demoDepot != null) {
                demoDepot.stop();
            }
            stack.close();
        }, "stack-shutdown"));
        Launcher.announce(stack, prepared, demo);
        if (demo) {
            Scenario depot = demoDepot.scenario();
            System.out.printf("  Demo depot: %d simulated chargers (password '%s'), id tags %s … %s, simulated time x%s%n%n",
                    depot.chargerCount(), depot.chargers().getFirst().password(), depot.idTags().getFirst(),
                    depot.idTags().getLast(), depot.speed());
            if (!contracts.isEmpty()) {
                System.out.printf("  Plug & Charge: EVs at the 2.0.1 stations charge with the contracts %s of our eMSP's "
                        + "driver %s (password '%s')%n%n", contracts.stream().map(c -> c.emaid()).toList(),
                        DemoContracts.EMAIL, DemoContracts.PASSWORD);
            }
        }
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
