package io.evstack.csms.smartcharging.evaluation;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * The most energy any schedule could deliver with full knowledge of every arrival, for one site with a
 * single power limit. On one site this LP (maximise delivered energy subject to each car's need, its rate
 * times the step, and the site's limit times the step) is a transportation problem, so a maximum flow
 * solves it exactly: source → car (capacity: its need) → each step it is present (its max rate × step)
 * → sink (the site limit × step). Dinic's algorithm on doubles. It ignores the AC minimum of 6 A, so it
 * is an upper bound on what any online algorithm can reach.
 */
public final class OfflineOptimum {
    private OfflineOptimum() {}

    /** Delivered energy in kWh. */
    public static double energyKwh(List<WorkloadSession> sessions, double siteLimitKw, Duration step) {
        TimeGrid grid = TimeGrid.of(sessions, step);
        int n = sessions.size();
        int source = 0;
        int sink = 1;
        Flow f = new Flow(2 + n + grid.steps());
        for (int i = 0; i < n; i++) {
            WorkloadSession s = sessions.get(i);
            f.edge(source, 2 + i, s.energyKwh());
            for (int k = 0; k < grid.steps(); k++) {
                if (grid.usable(s, k)) {
                    f.edge(2 + i, 2 + n + k, s.maxKw() * grid.hours());
                }
            }
        }
        for (int k = 0; k < grid.steps(); k++) {
            f.edge(2 + n + k, sink, siteLimitKw * grid.hours());
        }
        return f.max(source, sink);
    }

    /** Dinic's maximum flow with double capacities. */
    private static final class Flow {
        private static final double EPS = 1e-9;
        private final int nodes;
        private int[] head;
        private int[] next = new int[16];
        private int[] to = new int[16];
        private double[] cap = new double[16];
        private int edges;
        private int[] level;
        private int[] it;

        Flow(int nodes) {
            this.nodes = nodes;
            head = new int[nodes];
            Arrays.fill(head, -1);
        }

        void edge(int u, int v, double c) {
            add(u, v, c);
            add(v, u, 0);
        }

        private void add(int u, int v, double c) {
            if (edges == to.length) {
                next = Arrays.copyOf(next, edges * 2);
                to = Arrays.copyOf(to, edges * 2);
                cap = Arrays.copyOf(cap, edges * 2);
            }
            to[edges] = v;
            cap[edges] = c;
            next[edges] = head[u];
            head[u] = edges++;
        }

        double max(int s, int t) {
            double total = 0;
            level = new int[nodes];
            it = new int[nodes];
            while (bfs(s, t)) {
                System.arraycopy(head, 0, it, 0, nodes);
                double pushed;
                while ((pushed = dfs(s, t, Double.POSITIVE_INFINITY)) > EPS) {
                    total += pushed;
                }
            }
            return total;
        }

        private boolean bfs(int s, int t) {
            Arrays.fill(level, -1);
            ArrayDeque<Integer> q = new ArrayDeque<>();
            level[s] = 0;
            q.add(s);
            while (!q.isEmpty()) {
                int u = q.poll();
                for (int e = head[u]; e >= 0; e = next[e]) {
                    if (cap[e] > EPS && level[to[e]] < 0) {
                        level[to[e]] = level[u] + 1;
                        q.add(to[e]);
                    }
                }
            }
            return level[t] >= 0;
        }

        private double dfs(int u, int t, double f) {
            if (u == t) {
                return f;
            }
            for (; it[u] >= 0; it[u] = next[it[u]]) {
                int e = it[u];
                int v = to[e];
                if (cap[e] > EPS && level[v] == level[u] + 1) {
                    double d = dfs(v, t, Math.min(f, cap[e]));
                    if (d > EPS) {
                        cap[e] -= d;
                        cap[e ^ 1] += d;
                        return d;
                    }
                }
            }
            return 0;
        }
    }
}
