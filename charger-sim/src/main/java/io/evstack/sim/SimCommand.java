package io.evstack.sim;

import io.evstack.sim.model.ChargerModels;
import io.evstack.sim.ocpp.ClientOptions;
import io.evstack.sim.ocpp.OcppProtocol;
import io.evstack.sim.ocpp.TlsTrust;
import io.evstack.sim.scenario.Scenario;
import io.evstack.sim.scenario.ScenarioLoader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sim}: connects simulated chargers to an OCPP server and prints a live progress line until the
 * scenario's duration is over or it is interrupted. Mounted by the app as {@code ./stack sim}.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Connect simulated chargers (and their EVs) to an OCPP 1.6 server.",
        subcommands = io.evstack.sim.load.LoadCommand.class)
public final class SimCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "ws://localhost:8180/ocpp",
            description = "Server base URL; each charger connects to <url>/<chargerId>; wss:// for TLS (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--scenario", paramLabel = "FILE|NAME",
            description = "A scenario JSON file, or a built-in scenario name (demo-depot).")
    String scenario;

    @Option(names = "--chargers", defaultValue = "1", description = "Without --scenario: how many chargers (default: ${DEFAULT-VALUE}).")
    int chargers;

    @Option(names = "--model", defaultValue = "ac-22",
            description = "Without --scenario: the charger model, one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--id-prefix", defaultValue = "SIM-", description = "Without --scenario: charger id prefix (default: ${DEFAULT-VALUE}).")
    String idPrefix;

    @Option(names = "--speed", description = "Simulated seconds per real second (overrides the scenario's).")
    Double speed;

    @Option(names = "--password", description = "HTTP Basic password of every charger (security profile 1/2; overrides the scenario's).")
    String password;

    @Option(names = "--protocol", converter = ProtocolConverter.class,
            description = "OCPP version of every charger: ocpp1.6 or ocpp2.0.1 (overrides the scenario's; default: per charger group, ocpp1.6).")
    OcppProtocol protocol;

    @Option(names = "--duration", description = "Simulated time to run, e.g. PT8H, 90m, 2h (overrides the scenario's; default: until interrupted).")
    String duration;

    @Option(names = "--trust-all", description = "wss://: accept any server certificate (tests only).")
    boolean trustAll;

    @Option(names = "--truststore", description = "wss://: trust the certificates in this PKCS#12/JKS file.")
    Path trustStore;

    @Option(names = "--truststore-password", description = "Password of --truststore.")
    String trustStorePassword;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Scenario s = scenario != null ? new ScenarioLoader().load(scenario)
                : Scenario.chargersOnly(model, chargers, idPrefix, null, 1.0);
        if (speed != null) {
            s = s.withSpeed(speed);
        }
        if (password != null) {
            s = s.withPassword(password);
        }
        if (protocol != null) {
            s = s.withProtocol(protocol);
        }
        if (duration != null) {
            s = s.withDuration(parseDuration(duration));
        }
        TlsTrust trust = trustAll ? TlsTrust.TRUST_ALL : trustStore != null ? TlsTrust.of(trustStore, trustStorePassword)
                : TlsTrust.SYSTEM;
        Simulation sim = Simulator.start(s, url, ClientOptions.DEFAULT.withTrust(trust));
        Thread hook = new Thread(sim::stop, "sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf("%s: %d chargers -> %s, speed x%s%s%n", s.name(), s.chargerCount(), url, s.speed(),
                s.duration() == null ? "" : ", for " + s.duration() + " simulated");
        ProgressLine progress = new ProgressLine(out);
        while (!sim.finished().isDone()) {
            try {
                sim.finished().get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                progress.print(sim.stats());
            }
        }
        progress.print(sim.finished().join());
        out.println();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
        return 0;
    }

    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("duration like PT8H, 90m, 2h or 1d: " + text);
        };
    }

    /** One line, rewritten in place: connected, messages per second, transactions, errors. */
    static final class ProgressLine {
        private final PrintWriter out;
        private long lastFrames;
        private long lastNanos = System.nanoTime();

        ProgressLine(PrintWriter out) {
            this.out = out;
        }

        void print(SimStats s) {
            long now = System.nanoTime();
            double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
            double rate = (s.frames() - lastFrames) / seconds;
            lastFrames = s.frames();
            lastNanos = now;
            out.printf(Locale.ROOT, "\r[%s] connected %d/%d | %.0f msg/s | tx %d started, %d done | vehicles %d | errors %d   ",
                    TIME.format(s.simulatedTime()), s.connected(), s.chargers(), rate, s.transactionsStarted(),
                    s.transactionsCompleted(), s.vehiclesArrived(), s.problems());
            out.flush();
        }
    }

    /** The built-in model ids, for --model's help and completion. */
    static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ChargerModels.all().stream().map(m -> m.id()).iterator();
        }
    }

    /** {@code ocpp2.0.1} as well as the enum name. */
    static final class ProtocolConverter implements picocli.CommandLine.ITypeConverter<OcppProtocol> {
        @Override
        public OcppProtocol convert(String value) {
            return OcppProtocol.of(value);
        }
    }
}
