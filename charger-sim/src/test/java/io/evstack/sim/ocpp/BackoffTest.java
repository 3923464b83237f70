package io.evstack.sim.ocpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evstack.ocpp.OcppJson;
import io.evstack.sim.SimHarness;
import io.evstack.sim.TestCsms;
import io.evstack.sim.charger.SimulatedCharger;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysGrowExponentiallyWithinJitterUpToTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.25);
        SplittableRandom random = new SplittableRandom(1);
        for (int failures = 1; failures <= 10; failures++) {
            double base = Math.min(30_000, 1000 * Math.pow(2, failures - 1));
            for (int i = 0; i < 50; i++) {
                long ms = b.delay(failures, random).toMillis();
                assertThat(ms).isBetween((long) (base * 0.75) - 1, (long) Math.min(30_000, base * 1.25));
            }
        }
    }

    @Test
    void reconnectsToARefusingServerWithGrowingDelays() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: connections are refused
        }
        List<Duration> delays = new CopyOnWriteArrayList<>();
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        ClientOptions options = ClientOptions.DEFAULT.withIoThreads(1)
                .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), 2.0, 0.1));
        try (OcppClientGroup group = new OcppClientGroup(options, OcppJson.mapper())) {
            ChargerLink link = group.link(ChargerEndpoint.under(URI.create("ws://127.0.0.1:" + port + "/ocpp"), "CP-B", null),
                    group.nextLoop(), (action, payload) -> null, new LinkListener() {
                        @Override public void opened() {}
                        @Override public void closed() {}
                        @Override public void connectFailed(int attempt, Throwable cause, Duration retryIn) {
                            attempts.add(attempt);
                            delays.add(retryIn);
                        }
                    }, LinkMetrics.NONE);
            link.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> attempts.size() >= 6);
            link.stop().join();
        }
        assertThat(attempts.subList(0, 6)).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(delays.get(0).toMillis()).isBetween(44L, 56L);
        assertThat(delays.get(1).toMillis()).isBetween(89L, 111L);
        assertThat(delays.get(2).toMillis()).isBetween(179L, 221L);
        assertThat(delays.subList(4, 6)).allSatisfy(d -> assertThat(d.toMillis()).isBetween(359L, 400L));
    }

    @Test
    void droppedSocketReconnectsWithoutRebooting() {
        try (TestCsms csms = new TestCsms(null); SimHarness sim = new SimHarness(1)) {
            SimulatedCharger charger = sim.charger("ac-11", csms.url(), "CP-DROP", null);
            charger.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-DROP", "StatusNotification").size() >= 2);
            charger.dropConnection();
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.of("CP-DROP", "StatusNotification").size() >= 4);
            assertThat(SimHarness.snapshot(charger).connected()).isTrue();
            assertThat(csms.of("CP-DROP", "BootNotification")).hasSize(1);
        }
    }
}
