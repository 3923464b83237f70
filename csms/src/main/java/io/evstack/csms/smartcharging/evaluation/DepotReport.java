package io.evstack.csms.smartcharging.evaluation;

/** What one simulated run of a workload gave. */
public record DepotReport(String algorithm, int sessions, int steps, double requestedKwh, double deliveredKwh,
        double peakKw, int violations, double meanAllocationMs, double maxAllocationMs) {

    public double deliveredPercent() {
        return requestedKwh == 0 ? 100 : 100 * deliveredKwh / requestedKwh;
    }
}
