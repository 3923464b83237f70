package io.evstack.csms.smartcharging.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

/** An independent check of an allocation against every limit of a site, written without the allocator's code. */
final class LimitCheck {
    private LimitCheck() {}

    static void assertWithinLimits(SiteSpec site, Allocation a, Map<String, Double> fixed) {
        Map<String, double[]> load = loads(site, a, fixed);
        for (Map.Entry<String, double[]> e : load.entrySet()) {
            double[] l = e.getValue();
            Double limitW = e.getKey() == null ? Double.valueOf(site.limitW()) : circuit(site, e.getKey()).limitW();
            Double limitA = e.getKey() == null ? site.limitAPerPhase() : circuit(site, e.getKey()).limitAPerPhase();
            double fixedOnly = 0;
            if (limitW != null) {
                assertThat(l[0]).as("power under %s", e.getKey()).isLessThanOrEqualTo(Math.max(limitW, l[4]) + 1e-3);
            }
            if (limitA != null) {
                for (int p = 1; p <= 3; p++) {
                    assertThat(l[p]).as("L%d under %s", p, e.getKey()).isLessThanOrEqualTo(limitA + 1e-3 + fixedOnly
                            + (l[4] > 0 ? l[4] : 0));
                }
            }
        }
    }

    /** Per node: [W, A on L1, L2, L3, W of fixed load alone] (the fixed load may exceed a limit by itself). */
    static Map<String, double[]> loads(SiteSpec site, Allocation a, Map<String, Double> fixed) {
        Map<String, double[]> load = new HashMap<>();
        load.put(null, new double[5]);
        site.circuits().forEach(c -> load.put(c.id(), new double[5]));
        for (EvseSpec e : site.evses()) {
            double w = a.limitW(e.id());
            double f = fixed.getOrDefault(e.id(), 0.0);
            String node = e.circuitId();
            while (true) {
                double[] l = load.get(node);
                l[0] += w + f;
                l[4] += f;
                for (int line = 0; line < 3; line++) {
                    l[line + 1] += (w + f) * e.ampsPerWatt(line);
                }
                if (node == null) {
                    break;
                }
                node = circuit(site, node).parentId();
            }
        }
        return load;
    }

    /** The least headroom (in W this EVSE could add) on the limits above an EVSE. */
    static double minSlackAbove(SiteSpec site, Allocation a, Map<String, Double> fixed, EvseSpec e) {
        Map<String, double[]> load = loads(site, a, fixed);
        double min = Double.POSITIVE_INFINITY;
        String node = e.circuitId();
        while (true) {
            double[] l = load.get(node);
            Double limitW = node == null ? Double.valueOf(site.limitW()) : circuit(site, node).limitW();
            Double limitA = node == null ? site.limitAPerPhase() : circuit(site, node).limitAPerPhase();
            if (limitW != null) {
                min = Math.min(min, limitW - l[0]);
            }
            if (limitA != null) {
                for (int line = 0; line < 3; line++) {
                    if (e.ampsPerWatt(line) > 0) {
                        min = Math.min(min, (limitA - l[line + 1]) / e.ampsPerWatt(line));
                    }
                }
            }
            if (node == null) {
                break;
            }
            node = circuit(site, node).parentId();
        }
        return min;
    }

    private static SiteSpec.Circuit circuit(SiteSpec site, String id) {
        return site.circuits().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }
}
