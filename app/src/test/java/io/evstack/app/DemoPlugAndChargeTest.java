package io.evstack.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evstack.csms.chargepoint.UnknownChargerPolicy;
import io.evstack.csms.transaction.Transaction;
import io.evstack.csms.transaction.TransactionFilter;
import io.evstack.db.Database;
import io.evstack.sim.PlugAndChargeContract;
import io.evstack.sim.Simulation;
import io.evstack.sim.scenario.ScenarioLoader;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ./stack demo}'s Plug &amp; Charge: its eMSP driver's two contracts (made once, used again on the next
 * start of the same data), and the demo depot's first vehicle, which heads for a 2.0.1 station, charges with
 * one of them: its transaction carries the eMAID, accepted by the CSMS through our eMSP's PKI.
 */
class DemoPlugAndChargeTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void theDemosFirstVehicleChargesByPlugAndCharge(Database db) throws Exception {
        StackConfig config = TestStacks.config(UnknownChargerPolicy.REJECT);
        try (Stack stack = new Stack(config, java.time.Clock.systemUTC(), db).start()) {
            List<PlugAndChargeContract> contracts = DemoContracts.create(stack.emspServer());
            assertThat(contracts).hasSize(2);
            assertThat(DemoContracts.create(stack.emspServer())).as("the same contracts on the next start")
                    .isEqualTo(contracts);
            Set<String> emaids = contracts.stream().map(PlugAndChargeContract::emaid).collect(Collectors.toSet());

            var depot = new ScenarioLoader().load("demo-depot").withSpeed(30);
            Launcher.seedDemoData(stack, depot);
            java.time.Instant from = java.time.Instant.now().minusSeconds(5); // this run's, not an earlier one's
            try (Simulation sim = Launcher.startDemoDepot(stack, config, depot)) {
                sim.offerContracts(contracts);
                await().atMost(Duration.ofSeconds(60)).until(() -> pncTransaction(stack, emaids, from) != null);
                Transaction tx = pncTransaction(stack, emaids, from);
                assertThat(tx.chargePointId()).startsWith("DEMO-V2-");
            }
        }
    }

    private static Transaction pncTransaction(Stack stack, Set<String> emaids, java.time.Instant from) {
        return stack.transactions().list(new TransactionFilter(null, null, null, from, null, 0, 100)).stream()
                .filter(t -> emaids.contains(t.idTag())).findFirst().orElse(null);
    }
}
