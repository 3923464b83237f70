package io.evstack.app;

import io.evstack.csms.smartcharging.allocation.Allocator;
import io.evstack.csms.smartcharging.evaluation.DepotReport;
import io.evstack.csms.smartcharging.evaluation.DepotSimulation;
import io.evstack.csms.smartcharging.evaluation.OfflineOptimum;
import io.evstack.csms.smartcharging.evaluation.WorkloadCsv;
import io.evstack.csms.smartcharging.evaluation.WorkloadSession;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stack simulate-depot}: runs the live balancer's allocator online over a workload of sessions and
 * compares it with the offline optimum (exact maximum flow with full knowledge).
 */
@Command(name = "simulate-depot", mixinStandardHelpOptions = true,
        description = "Evaluate the smart-charging allocator on a CSV of sessions "
                + "(session_id,arrival,departure,energy_kwh,max_kw) under one site limit.")
final class SimulateDepotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sessions", required = true, paramLabel = "FILE|NAME",
            description = "CSV file, or a built-in workload: bus-depot, van-depot, workplace.")
    String sessions;

    @Option(names = "--site-limit-kw", required = true, description = "The grid connection's limit, kW.")
    double siteLimitKw;

    @Option(names = "--step-minutes", defaultValue = "5", description = "Re-allocation interval (default: ${DEFAULT-VALUE}).")
    int stepMinutes;

    @Option(names = "--algorithm", defaultValue = "deadline",
            description = "fair-share, deadline, or all (default: ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(names = "--margin-pct", defaultValue = "2",
            description = "Headroom the allocator keeps below the site limit, percent, as the live balancer's "
                    + "STACK_BALANCER_MARGIN_PCT (default: ${DEFAULT-VALUE}); violations count against the limit itself.")
    double marginPct;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<WorkloadSession> workload;
        try (Reader r = open(sessions)) {
            workload = WorkloadCsv.read(r);
        }
        Duration step = Duration.ofMinutes(stepMinutes);
        List<Allocator> allocators = new ArrayList<>();
        if (algorithm.equalsIgnoreCase("all")) {
            allocators.add(Allocator.named("fair-share"));
            allocators.add(Allocator.named("deadline"));
        } else {
            allocators.add(Allocator.named(algorithm));
        }
        double requested = workload.stream().mapToDouble(WorkloadSession::energyKwh).sum();
        if (!(marginPct >= 0 && marginPct < 100)) {
            throw new IllegalArgumentException("--margin-pct must be at least 0 and below 100");
        }
        // the optimum under the same headroom: what the allocator could have delivered at best
        double usableKw = siteLimitKw * (1 - marginPct / 100);
        double optimum = requested == 0 ? 100 : 100 * OfflineOptimum.energyKwh(workload, usableKw, step) / requested;
        out.printf(Locale.ROOT, "%d sessions, %.1f kWh requested, site limit %.0f kW (margin %.1f %%: %.1f kW usable), "
                + "step %d min%n", workload.size(), requested, siteLimitKw, marginPct, usableKw, stepMinutes);
        out.printf(Locale.ROOT, "%-12s %10s %10s %10s %10s %12s %12s%n", "algorithm", "delivered", "vs optimum",
                "peak kW", "violations", "mean ms", "max ms");
        for (Allocator a : allocators) {
            DepotReport r = DepotSimulation.run(workload, siteLimitKw, step, a, marginPct);
            out.printf(Locale.ROOT, "%-12s %9.2f%% %+9.2f %10.1f %10d %12.3f %12.3f%n", r.algorithm(),
                    r.deliveredPercent(), r.deliveredPercent() - optimum, r.peakKw(), r.violations(),
                    r.meanAllocationMs(), r.maxAllocationMs());
        }
        out.printf(Locale.ROOT, "%-12s %9.2f%%   (offline optimum: exact max-flow over the whole horizon, same margin)%n", "optimum",
                optimum);
        out.flush();
        return 0;
    }

    private static Reader open(String name) throws Exception {
        Path path = Path.of(name);
        if (Files.exists(path)) {
            return Files.newBufferedReader(path, StandardCharsets.UTF_8);
        }
        String resource = "/workloads/" + (name.endsWith(".csv") ? name : name + ".csv");
        InputStream in = SimulateDepotCommand.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("no file " + name + " and no built-in workload of that name "
                    + "(bus-depot, van-depot, workplace)");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }
}
