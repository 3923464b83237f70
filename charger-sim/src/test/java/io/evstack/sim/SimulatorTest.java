package io.evstack.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evstack.ocpp.v16.StartTransaction;
import io.evstack.sim.scenario.Scenario;
import io.evstack.sim.scenario.ScenarioLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulatorTest {

    @Test
    void demoDepotRunsAgainstTheServer() throws Exception {
        // the demo depot, two simulated hours at x1200 (6 s real), every car arriving in the first half hour
        // TestCsms speaks 1.6 only: the depot's 2.0.1 chargers run as 1.6 here (SimOcpp201ChargerTest in app runs 2.0.1)
        Scenario demo = new ScenarioLoader().load("demo-depot").withSpeed(1200).withDuration(Duration.ofHours(2))
                .withProtocol(io.evstack.sim.ocpp.OcppProtocol.OCPP16);
        try (TestCsms csms = new TestCsms("demo-charger-secret")) {
            csms.received.clear();
            Simulation sim = Simulator.start(demo, csms.url(), SimHarness.OPTIONS);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> sim.stats().connected() == 9);
                SimStats end = sim.finished().get(20, TimeUnit.SECONDS);
                assertThat(end.vehiclesArrived()).isGreaterThanOrEqualTo(2);
                assertThat(end.transactionsStarted()).isGreaterThanOrEqualTo(2);
                assertThat(csms.callErrors).isEmpty();
                assertThat(end.callErrors()).isZero();
                assertThat(end.callTimeouts()).isZero();
            } finally {
                sim.stop();
            }
            assertThat(csms.received).extracting(TestCsms.Received::action)
                    .contains("BootNotification", "Authorize", "StartTransaction", "MeterValues");
            assertThat(csms.received).filteredOn(r -> r.action().equals("StartTransaction"))
                    .extracting(r -> ((StartTransaction) r.request()).getIdTag()).allMatch(tag -> tag.startsWith("DEMO-00"));
        }
    }

    @Test
    void simCommandRunsChargersForADuration() {
        try (TestCsms csms = new TestCsms(null)) {
            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new SimCommand());
            cli.setOut(new PrintWriter(out));
            int code = cli.execute("--url", csms.url().toString(), "--chargers", "3", "--model", "dc-350",
                    "--id-prefix", "CLI-", "--speed", "60", "--duration", "3m");
            assertThat(code).isZero();
            assertThat(out.toString()).contains("3 chargers").contains("connected");
            assertThat(csms.received).filteredOn(r -> r.action().equals("BootNotification"))
                    .extracting(TestCsms.Received::chargerId).containsExactlyInAnyOrder("CLI-001", "CLI-002", "CLI-003");
        }
    }
}
