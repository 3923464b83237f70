package io.evstack.sim.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The outcome of a load run, written as JSON by {@code sim load --report FILE}. Latencies are reply
 * latencies (CALL written to CALLRESULT read) in milliseconds, per action and "all".
 */
public record LoadReport(Instant startedAt, Setup setup, Machine machine, RampUp rampUp, Steady steady, Storm storm,
        Errors errors) {

    public record Setup(String serverBase, int chargers, double connectRatePerSecond, double intervalSeconds,
            double targetTransactionsPerSecond, double steadySeconds, boolean storm) {}

    /** The client's machine, which the server may share: the load average says how busy it was. */
    public record Machine(int cpus, long maxHeapBytes, double loadAverageAtStart, double loadAverageAtEnd) {}

    /** Connecting and booting every charger. */
    public record RampUp(double seconds, int booted, boolean complete, Map<String, Latency> latency) {}

    /** The message mix once all are booted. */
    public record Steady(double seconds, long messagesSent, double messagesPerSecond, long transactionsStarted,
            long transactionsCompleted, double transactionsPerSecond, long transactionsFailed, long transactionsSkipped,
            Map<String, Latency> latency) {}

    /** Every socket dropped at once; the time until every charger was booted again. */
    public record Storm(int dropped, double secondsUntilAllBooted, int bootedAgain, boolean complete, long connectFailures,
            Map<String, Latency> latency) {}

    /** @param callErrorsByAction the CALLERRORs by the action of the CALL they answered */
    public record Errors(long callErrors, Map<String, Long> callErrorsByAction, long timeouts, long connectFailures,
            long disconnects, long bootsNotAccepted, long transactionsFailed) {}

    public boolean ok() {
        return rampUp.complete() && (storm == null || storm.complete()) && errors.callErrors() == 0 && errors.timeouts() == 0
                && errors.transactionsFailed() == 0;
    }

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        mapper().writeValue(file.toFile(), this);
    }

    public static LoadReport read(Path file) throws IOException {
        return mapper().readValue(file.toFile(), LoadReport.class);
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }
}
