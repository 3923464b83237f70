package io.evstack.csms.smartcharging.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.evstack.csms.smartcharging.allocation.DeadlineAllocator;
import io.evstack.csms.smartcharging.allocation.FairShareAllocator;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DepotSimulationTest {
    static final Duration FIVE = Duration.ofMinutes(5);

    @Test
    void optimumOfAHandWorkedCaseIsExact() {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        // 10 kW for 2 h: A needs 10 kWh in the first hour at up to 20 kW, B 10 kWh over two hours
        var sessions = List.of(new WorkloadSession("A", t, t.plusSeconds(3600), 10, 20),
                new WorkloadSession("B", t, t.plusSeconds(7200), 10, 20));
        assertThat(OfflineOptimum.energyKwh(sessions, 10, FIVE)).isCloseTo(20, within(1e-6));
        // the deadline-aware online run reaches it; fair share splits the first hour and A leaves 5 kWh short
        assertThat(DepotSimulation.run(sessions, 10, FIVE, new DeadlineAllocator()).deliveredKwh()).isCloseTo(20, within(1e-6));
        assertThat(DepotSimulation.run(sessions, 10, FIVE, new FairShareAllocator()).deliveredKwh()).isCloseTo(15, within(1e-6));
    }

    @Test
    void deadlineAwareIsWithinOnePointOfTheOptimumOnEveryWorkloadWithoutViolations() {
        record Case(String name, List<WorkloadSession> sessions, double limitKw) {}
        for (Case c : List.of(new Case("bus", WorkloadGenerator.busDepot(1), 1000),
                new Case("bus-tight", WorkloadGenerator.busDepot(1), 700),
                new Case("van", WorkloadGenerator.vanDepot(2), 250), new Case("van-tight", WorkloadGenerator.vanDepot(2), 150),
                new Case("workplace", WorkloadGenerator.workplace(3), 200),
                new Case("workplace-tight", WorkloadGenerator.workplace(3), 150))) {
            double optimum = 100 * OfflineOptimum.energyKwh(c.sessions(), c.limitKw(), FIVE)
                    / c.sessions().stream().mapToDouble(WorkloadSession::energyKwh).sum();
            DepotReport deadline = DepotSimulation.run(c.sessions(), c.limitKw(), FIVE, new DeadlineAllocator());
            DepotReport fair = DepotSimulation.run(c.sessions(), c.limitKw(), FIVE, new FairShareAllocator());
            System.out.printf("%s: optimum %.2f %%, deadline %.2f %%, fair %.2f %%%n", c.name(), optimum,
                    deadline.deliveredPercent(), fair.deliveredPercent());
            assertThat(deadline.violations()).isZero();
            assertThat(fair.violations()).isZero();
            assertThat(deadline.peakKw()).isLessThanOrEqualTo(c.limitKw() + 1e-6);
            assertThat(deadline.deliveredPercent()).as(c.name()).isGreaterThanOrEqualTo(optimum - 1.0);
            assertThat(fair.deliveredPercent()).isLessThanOrEqualTo(optimum + 1e-6);
        }
    }

    @Test
    void withTheLiveMarginBothAlgorithmsStayBelowTheLimitLessTheMarginAndMatchTheOptimumUnderIt() {
        // the live balancer's default: 2 % of the site limit kept free
        for (double limitKw : List.of(150.0, 250.0)) {
            var sessions = WorkloadGenerator.vanDepot(2);
            double optimum = 100 * OfflineOptimum.energyKwh(sessions, limitKw * 0.98, FIVE)
                    / sessions.stream().mapToDouble(WorkloadSession::energyKwh).sum();
            for (var allocator : List.of(new DeadlineAllocator(), new FairShareAllocator())) {
                DepotReport r = DepotSimulation.run(sessions, limitKw, FIVE, allocator, 2);
                assertThat(r.violations()).isZero();
                assertThat(r.peakKw()).as(allocator.name()).isLessThanOrEqualTo(limitKw * 0.98 + 1e-6);
                if (allocator instanceof DeadlineAllocator) {
                    assertThat(r.deliveredPercent()).isGreaterThanOrEqualTo(optimum - 1.0);
                }
            }
        }
    }

    @Test
    void csvRoundTripsAndRefusesAWrongHeader() throws Exception {
        var sessions = WorkloadGenerator.vanDepot(2);
        StringWriter out = new StringWriter();
        WorkloadCsv.write(sessions, out);
        assertThat(WorkloadCsv.read(new StringReader(out.toString()))).isEqualTo(sessions);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkloadCsv.read(new StringReader("id,a,b\n")))
                .hasMessageContaining("session_id,arrival,departure,energy_kwh,max_kw");
    }
}
