package io.evstack.sim.load;

import io.evstack.sim.ocpp.Backoff;
import io.evstack.sim.ocpp.ClientOptions;
import io.evstack.sim.ocpp.OcppProtocol;
import io.evstack.sim.ocpp.TlsTrust;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sim load}: thousands of lean simulated chargers from this one JVM, a message mix at a given rate,
 * a live progress line, and a JSON report. The benchmark commands in docs/benchmarks.md use it.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load an OCPP 1.6 or 2.0.1 server with many simulated chargers and report reply latency and throughput.")
public final class LoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "ws://localhost:8180/ocpp", description = "Server base URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--chargers", defaultValue = "1000", description = "How many chargers (default: ${DEFAULT-VALUE}).")
    int chargers;

    @Option(names = "--id-prefix", defaultValue = "LOAD-", description = "Charger id prefix; ids are <prefix>00001 … (default: ${DEFAULT-VALUE}).")
    String idPrefix;

    @Option(names = "--password", description = "HTTP Basic password of every charger (security profile 1/2).")
    String password;

    @Option(names = "--connect-rate", defaultValue = "1000", description = "New connections per second while ramping up (default: ${DEFAULT-VALUE}).")
    double connectRate;

    @Option(names = "--interval", defaultValue = "60s",
            description = "Each charger sends a Heartbeat, a StatusNotification and a MeterValues once per interval (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--tx-rate", defaultValue = "0",
            description = "Complete transactions per second (Authorize, StartTransaction, 3 x MeterValues, StopTransaction) (default: ${DEFAULT-VALUE}).")
    double txRate;

    @Option(names = "--id-tag", defaultValue = "LOAD-TAG",
            description = "Id tag of every transaction; must exist and allow concurrent transactions (default: ${DEFAULT-VALUE}).")
    String idTag;

    @Option(names = "--duration", defaultValue = "60s", description = "Steady phase after every charger is booted (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--storm", description = "Afterwards drop every socket at once and time until all are booted again.")
    boolean storm;

    @Option(names = "--settle", defaultValue = "5m", description = "Longest wait for the ramp-up and for the storm (default: ${DEFAULT-VALUE}).")
    String settle;

    @Option(names = "--io-threads", defaultValue = "0", description = "Client event loop threads (0: twice the cores).")
    int ioThreads;

    @Option(names = "--call-timeout", defaultValue = "30s", description = "How long a CALL waits for its answer (default: ${DEFAULT-VALUE}).")
    String callTimeout;

    @Option(names = "--report", defaultValue = "load-report.json", description = "Where the JSON report goes (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--protocol", defaultValue = "ocpp1.6",
            description = "OCPP version of every charger: ocpp1.6 or ocpp2.0.1 (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--trust-all", description = "wss://: accept any server certificate (tests only).")
    boolean trustAll;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LoadPlan plan = new LoadPlan(url, idPrefix, chargers, password, connectRate, duration(interval), txRate, idTag,
                duration(duration), storm, duration(settle), OcppProtocol.of(protocol));
        ClientOptions options = ClientOptions.DEFAULT.withIoThreads(ioThreads).withCallTimeout(duration(callTimeout))
                .withBackoff(Backoff.DEFAULT).withTrust(trustAll ? TlsTrust.TRUST_ALL : TlsTrust.SYSTEM);
        out.printf(Locale.ROOT, "load: %d chargers -> %s, %.0f connections/s, mix every %s, %.1f transactions/s for %s%s, %s%n",
                chargers, url, connectRate, interval, txRate, duration, storm ? ", then a reconnect storm" : "", plan.protocol());
        LoadReport result = new LoadRun(plan, options, p -> {
            out.print(line(p));
            out.flush();
        }).run();
        out.println();
        result.write(report);
        print(out, result);
        out.printf("report: %s%n", report.toAbsolutePath());
        return result.ok() ? 0 : 1;
    }

    static String line(LoadProgress p) {
        Latency l = p.latency();
        return String.format(Locale.ROOT,
                "\r[%-7s %5.0fs] connected %d/%d booted %d | %6.0f msg/s | tx %6.1f/s (%d) | reply ms p50 %.1f p95 %.1f p99 %.1f max %.1f | errors %d   ",
                p.phase(), p.elapsedSeconds(), p.connected(), p.chargers(), p.booted(), p.messagesPerSecond(),
                p.transactionsPerSecond(), p.transactionsCompleted(), l.p50(), l.p95(), l.p99(), l.max(), p.errors());
    }

    static void print(PrintWriter out, LoadReport r) {
        out.printf(Locale.ROOT, "ramp-up: %d/%d booted in %.1f s%n", r.rampUp().booted(), r.setup().chargers(), r.rampUp().seconds());
        LoadReport.Steady s = r.steady();
        out.printf(Locale.ROOT, "steady:  %.0f s, %.0f msg/s, %d transactions (%.1f/s), %d failed, %d skipped%n",
                s.seconds(), s.messagesPerSecond(), s.transactionsCompleted(), s.transactionsPerSecond(), s.transactionsFailed(),
                s.transactionsSkipped());
        latencies(out, s.latency());
        if (r.storm() != null) {
            out.printf(Locale.ROOT, "storm:   %d dropped, %d booted again after %.1f s%s%n", r.storm().dropped(),
                    r.storm().bootedAgain(), r.storm().secondsUntilAllBooted(), r.storm().complete() ? "" : " (INCOMPLETE)");
        }
        LoadReport.Errors e = r.errors();
        out.printf("errors:  %d CALLERRORs %s, %d timeouts, %d failed connects, %d disconnects, %d boots not accepted, %d transactions failed%n",
                e.callErrors(), e.callErrorsByAction(), e.timeouts(), e.connectFailures(), e.disconnects(), e.bootsNotAccepted(), e.transactionsFailed());
        out.printf(Locale.ROOT, "load average %.2f -> %.2f on %d cpus%n", r.machine().loadAverageAtStart(),
                r.machine().loadAverageAtEnd(), r.machine().cpus());
    }

    private static void latencies(PrintWriter out, Map<String, Latency> byAction) {
        byAction.forEach((action, l) -> out.printf(Locale.ROOT,
                "  %-20s %8d calls  p50 %7.1f  p95 %7.1f  p99 %7.1f  max %8.1f ms%n", action, l.count(), l.p50(), l.p95(),
                l.p99(), l.max()));
    }

    private static Duration duration(String text) {
        return io.evstack.sim.SimCommand.parseDuration(text);
    }
}
