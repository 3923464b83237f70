package io.evstack.app;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The stack's command line: {@code serve}, {@code demo}, and the tools the later issues add. */
@Command(name = "stack", mixinStandardHelpOptions = true, version = "evstack 0.1.0",
        description = "Integrated charge point operator and e-mobility service provider platform.",
        subcommands = {Main.Serve.class, Main.Demo.class})
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
        // Ctrl-C or SIGTERM: stop in order (sockets, pending log writes, database) before the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stack-shutdown"));
        Launcher.announce(stack, prepared, demo);
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
