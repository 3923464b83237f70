package io.evstack.sim.load;

/**
 * One second of a load run, for the live display.
 *
 * @param messagesPerSecond CALLs and answers the chargers sent in the last interval, per second
 * @param latency reply latency of the calls answered in the last interval
 */
public record LoadProgress(String phase, double elapsedSeconds, int chargers, int connected, int booted,
        double messagesPerSecond, double transactionsPerSecond, long transactionsCompleted, Latency latency, long errors) {}
