package io.evstack.csms.smartcharging.allocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The allocation problem in linear form, shared by every algorithm: one variable per charging car (its
 * power in W, between 0 and an upper bound), one constraint per limit (the site's and every circuit's
 * power limit, and each of their per-phase current limits on lines L1..L3), each a sum of non-negative
 * coefficients times the powers below it, each limit less the site's safety margin. Keeps the slack of
 * every constraint as powers are raised, so
 * that no step of any algorithm can leave a limit exceeded.
 */
final class Problem {
    static final double EPS = 1e-6;

    final AllocationRequest request;
    final List<Demand> demands;
    final EvseSpec[] evse;
    final double[] minW;
    final double[] upperW;
    final double[] x;
    /** Per constraint: what is left of its limit (W or A). */
    final double[] slack;
    final double[] capacity;
    /** Per variable: the constraints it appears in and its coefficient in each. */
    final int[][] cons;
    final double[][] coef;
    final List<List<Integer>> members;

    Problem(AllocationRequest request) {
        this.request = request;
        SiteSpec site = request.site();
        Map<String, EvseSpec> evses = new HashMap<>();
        site.evses().forEach(e -> evses.put(e.id(), e));
        this.demands = request.demands().stream().filter(d -> evses.containsKey(d.evseId())).toList();
        int n = demands.size();
        evse = new EvseSpec[n];
        minW = new double[n];
        upperW = new double[n];
        x = new double[n];

        // constraints: per node (site = null key) a power row and up to three current rows
        Map<String, int[]> rows = new LinkedHashMap<>();
        List<Double> caps = new ArrayList<>();
        rows.put(null, rowsFor(site.limitW(), site.limitAPerPhase(), caps));
        Map<String, SiteSpec.Circuit> circuits = new HashMap<>();
        for (SiteSpec.Circuit c : site.circuits()) {
            circuits.put(c.id(), c);
            rows.put(c.id(), rowsFor(c.limitW(), c.limitAPerPhase(), caps));
        }
        // every algorithm allocates below each limit by the site's margin (fixed loads come off what is left)
        double usable = 1 - site.marginPct() / 100;
        capacity = caps.stream().mapToDouble(c -> c * usable).toArray();
        slack = capacity.clone();
        members = new ArrayList<>();
        for (int k = 0; k < capacity.length; k++) {
            members.add(new ArrayList<>());
        }

        // load that is not ours to steer comes off the slack first
        for (Map.Entry<String, Double> f : request.fixedW().entrySet()) {
            EvseSpec e = evses.get(f.getKey());
            if (e != null) {
                Row row = row(e, rows, circuits);
                for (int k = 0; k < row.cons.length; k++) {
                    slack[row.cons[k]] -= row.coef[k] * f.getValue();
                }
            }
        }
        for (int k = 0; k < slack.length; k++) {
            slack[k] = Math.max(0, slack[k]);
        }

        cons = new int[n][];
        coef = new double[n][];
        double stepHours = Math.max(1, request.step().toSeconds()) / 3600.0;
        for (int i = 0; i < n; i++) {
            Demand d = demands.get(i);
            EvseSpec e = evses.get(d.evseId());
            evse[i] = e;
            Row row = row(e, rows, circuits);
            cons[i] = row.cons;
            coef[i] = row.coef;
            for (int c : row.cons) {
                members.get(c).add(i);
            }
            double upper = Math.min(e.maxW(), d.maxW());
            // no more than it can take before the next allocation
            upper = Math.min(upper, Math.max(0, d.remainingWh()) / stepHours);
            // a car that uses much less than it was given keeps only what it uses, plus room to grow
            if (d.drawW() != null && d.lastLimitW() != null && d.lastLimitW() > 0 && d.drawW() < 0.8 * d.lastLimitW()) {
                upper = Math.min(upper, Math.max(e.minW(), d.drawW() * 1.1 + 0.05 * e.maxW()));
            }
            minW[i] = e.minW();
            if (upper < minW[i] && d.remainingWh() > 0 && Math.min(e.maxW(), d.maxW()) >= minW[i]) {
                // the last few Wh of an AC car still need the 6 A minimum; it stops by itself when full
                upper = minW[i];
            }
            upperW[i] = upper < minW[i] ? 0 : upper;
        }
    }

    private record Row(int[] cons, double[] coef) {}

    private static int[] rowsFor(Double limitW, Double limitA, List<Double> caps) {
        List<Integer> ids = new ArrayList<>();
        if (limitW != null) {
            ids.add(caps.size());
            caps.add(limitW);
        } else {
            ids.add(-1);
        }
        for (int line = 0; line < 3; line++) {
            if (limitA != null) {
                ids.add(caps.size());
                caps.add(limitA);
            } else {
                ids.add(-1);
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Row row(EvseSpec e, Map<String, int[]> rows, Map<String, SiteSpec.Circuit> circuits) {
        List<Integer> cs = new ArrayList<>();
        List<Double> ks = new ArrayList<>();
        String node = e.circuitId();
        while (true) {
            int[] r = rows.get(node);
            if (r[0] >= 0) {
                cs.add(r[0]);
                ks.add(1.0);
            }
            for (int line = 0; line < 3; line++) {
                double a = e.ampsPerWatt(line);
                if (r[line + 1] >= 0 && a > 0) {
                    cs.add(r[line + 1]);
                    ks.add(a);
                }
            }
            if (node == null) {
                break;
            }
            node = circuits.get(node).parentId();
        }
        return new Row(cs.stream().mapToInt(Integer::intValue).toArray(), ks.stream().mapToDouble(Double::doubleValue).toArray());
    }

    int size() {
        return x.length;
    }

    /** How much more variable i could take without breaking any limit (its own bound not included). */
    double headroom(int i) {
        double h = Double.POSITIVE_INFINITY;
        for (int k = 0; k < cons[i].length; k++) {
            h = Math.min(h, slack[cons[i][k]] / coef[i][k]);
        }
        return Math.max(0, h);
    }

    void add(int i, double w) {
        x[i] += w;
        for (int k = 0; k < cons[i].length; k++) {
            slack[cons[i][k]] -= coef[i][k] * w;
        }
    }

    /**
     * Gives every car in {@code order} its minimum rate if it still fits, else nothing for this round
     * (AC: 6 A or nothing, IEC 61851-1); those left out get an upper bound of 0.
     */
    void admit(List<Integer> order) {
        for (int i : order) {
            if (upperW[i] <= EPS) {
                upperW[i] = 0;
                continue;
            }
            if (minW[i] > 0) {
                if (headroom(i) + EPS >= minW[i]) {
                    add(i, minW[i]);
                } else {
                    upperW[i] = 0;
                }
            }
        }
    }

    /**
     * Raises each car in order towards {@code target} (at most its upper bound) as far as the limits allow;
     * a car not charging yet starts only if its minimum rate fits (AC: 6 A or nothing).
     */
    void greedy(List<Integer> order, double[] target) {
        for (int i : order) {
            double goal = Math.min(Math.max(target[i], x[i] == 0 ? minW[i] : 0), upperW[i]);
            double want = goal - x[i];
            if (want > EPS) {
                double room = headroom(i);
                if (x[i] == 0 && room + EPS < minW[i]) {
                    continue;
                }
                add(i, Math.min(want, room));
            }
        }
    }

    /**
     * Progressive filling: raises every unfrozen car at once, each in proportion to its weight, until it
     * reaches its upper bound or a limit it sits under is used up; repeats with the rest (max-min fair
     * above the minimum rates).
     */
    void waterFill(List<Integer> candidates, double[] weight) {
        boolean[] active = new boolean[size()];
        double[] rate = new double[slack.length];
        int left = 0;
        for (int i : candidates) {
            if (upperW[i] - x[i] > EPS && weight[i] > 0) {
                active[i] = true;
                left++;
                for (int k = 0; k < cons[i].length; k++) {
                    rate[cons[i][k]] += coef[i][k] * weight[i];
                }
            }
        }
        boolean[] tight = new boolean[slack.length];
        while (left > 0) {
            double delta = Double.POSITIVE_INFINITY;
            for (int i : candidates) {
                if (active[i]) {
                    delta = Math.min(delta, (upperW[i] - x[i]) / weight[i]);
                }
            }
            for (int c = 0; c < slack.length; c++) {
                if (!tight[c] && rate[c] > EPS * 1e-3) {
                    delta = Math.min(delta, slack[c] / rate[c]);
                }
            }
            delta = Math.max(0, delta);
            for (int i : candidates) {
                if (active[i]) {
                    x[i] += delta * weight[i];
                }
            }
            for (int c = 0; c < slack.length; c++) {
                slack[c] -= rate[c] * delta;
            }
            for (int c = 0; c < slack.length; c++) {
                if (!tight[c] && rate[c] > 0 && slack[c] <= EPS * Math.max(1, capacity[c])) {
                    tight[c] = true;
                    slack[c] = Math.max(0, slack[c]);
                    for (int i : members.get(c)) {
                        if (active[i]) {
                            left -= freeze(i, active, rate, weight);
                        }
                    }
                }
            }
            for (int i : candidates) {
                if (active[i] && upperW[i] - x[i] <= EPS) {
                    left -= freeze(i, active, rate, weight);
                }
            }
        }
    }

    private int freeze(int i, boolean[] active, double[] rate, double[] weight) {
        active[i] = false;
        for (int k = 0; k < cons[i].length; k++) {
            rate[cons[i][k]] -= coef[i][k] * weight[i];
        }
        return 1;
    }

    Allocation result(String algorithm) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < size(); i++) {
            double w = x[i];
            // float dust below the minimum would be "charge at 5.99 A": the rule is 6 A or nothing
            if (w + EPS < minW[i] || w < EPS) {
                w = 0;
            }
            out.put(demands.get(i).evseId(), w);
        }
        return new Allocation(algorithm, out);
    }

    /** Hours until the car leaves, at least one step; a car without a departure is given a day. */
    double hoursLeft(int i) {
        Demand d = demands.get(i);
        Duration left = d.departure() == null ? Duration.ofHours(24) : Duration.between(request.now(), d.departure());
        return Math.max(left.toSeconds(), Math.max(1, request.step().toSeconds())) / 3600.0;
    }
}
