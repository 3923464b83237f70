package io.evstack.ocpp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evstack.ocpp.v16.Reset;
import io.evstack.ocpp.v16.ResetResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionTest extends ServerTestBase {

    @Test
    void listenersAreToldOnVirtualThreads() throws Exception {
        TestCharger charger = connect("CP-1");
        await().until(() -> connections.size() == 1);
        charger.closeBlocking();

        await().until(() -> connections.size() == 2);
        assertThat(connections).extracting(Connection::event).containsExactly("connected", "disconnected");
        assertThat(connections).extracting(Connection::virtualThread).containsOnly(true);
        assertThat(connections.get(0).session().connectionId()).isEqualTo(connections.get(1).session().connectionId());
        assertThat(server.gateway().isConnected("CP-1")).isFalse();
    }

    @Test
    void reconnectReplacesTheOldSocketAndItsCloseLeavesTheNewOne() throws Exception {
        TestCharger old = connect("CP-1");
        await().until(() -> server.gateway().isConnected("CP-1"));
        String oldId = server.gateway().session("CP-1").orElseThrow().connectionId();

        TestCharger fresh = connect("CP-1");

        assertThat(old.awaitClosed(Duration.ofSeconds(5))).isTrue();
        await().until(() -> connections.stream().anyMatch(c -> c.event().equals("disconnected")));
        Connection disconnected = connections.stream().filter(c -> c.event().equals("disconnected")).findFirst().orElseThrow();
        assertThat(disconnected.session().connectionId()).isEqualTo(oldId);
        ChargerSession current = server.gateway().session("CP-1").orElseThrow();
        assertThat(current.connectionId()).isNotEqualTo(oldId);
        assertThat(server.gateway().sessions()).hasSize(1);

        CompletableFuture<ResetResponse> reset = server.gateway()
                .call("CP-1", "Reset", new Reset().withType(Reset.Type.SOFT), ResetResponse.class);
        fresh.sendJson("[3,'" + fresh.next().get(1).asText() + "',{'status':'Accepted'}]");
        assertThat(reset.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(ResetResponse.Status.ACCEPTED);
    }

    @Test
    void silentSocketIsClosedAfterUnansweredPings() throws Exception {
        server = start(b -> b.pingInterval(Duration.ofMillis(150)));
        TestCharger deaf = track(TestCharger.to(server.port(), "/ocpp/CP-DEAF").connect());
        deaf.answerPings = false;
        TestCharger alive = track(TestCharger.to(server.port(), "/ocpp/CP-ALIVE").connect());

        assertThat(deaf.awaitClosed(Duration.ofSeconds(3))).isTrue();
        assertThat(alive.isOpen()).isTrue();
        await().until(() -> !server.gateway().isConnected("CP-DEAF"));
        assertThat(server.gateway().isConnected("CP-ALIVE")).isTrue();
    }

    @Test
    void closingTheServerDisconnectsEveryone() throws Exception {
        TestCharger charger = connect("CP-1");
        await().until(() -> server.gateway().isConnected("CP-1"));

        server.close();

        assertThat(charger.awaitClosed(Duration.ofSeconds(5))).isTrue();
        assertThat(server.gateway().isConnected("CP-1")).isFalse();
    }

    @Test
    void metricsCountChargersFramesAndErrors() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OcppServer metered = new OcppServer(OcppServerConfig.builder().host("127.0.0.1").port(0).build(),
                ServerTestBase::script, ChargerAuthenticator.ACCEPT_ALL, ConnectionListener.NONE, FrameListener.NONE, meters);
        metered.start();
        try {
            TestCharger charger = track(TestCharger.to(metered.port(), "/ocpp/CP-1").connect());
            charger.call("hb-1", "Heartbeat", "{}");
            charger.call("x-1", "Teleport", "{}");

            await().until(() -> meters.get("ocpp.chargers.connected").gauge().value() == 1.0);
            assertThat(meters.get("ocpp.frames").tag("direction", "in").counter().count()).isEqualTo(2.0);
            await().until(() -> meters.get("ocpp.frames").tag("direction", "out").counter().count() == 2.0);
            assertThat(meters.get("ocpp.call.errors").tags("direction", "sent", "code", "NotImplemented").counter().count())
                    .isEqualTo(1.0);
        } finally {
            metered.close();
        }
    }

    @Test
    void tlsWithBasicAuthIsSecurityProfile2(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "ocpp", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true)
                .start();
        assertThat(keytool.waitFor(30, TimeUnit.SECONDS) && keytool.exitValue() == 0)
                .as(new String(keytool.getInputStream().readAllBytes())).isTrue();
        server = start(b -> b.tls(keyStore, "changeit"));

        track(TestCharger.to(server.port(), "/ocpp/" + AUTH_CHARGER)
                .basic(AUTH_CHARGER, AUTH_PASSWORD)
                .tls(trustAll())
                .connect());

        await().until(() -> server.gateway().isConnected(AUTH_CHARGER));
        assertThat(server.gateway().session(AUTH_CHARGER).orElseThrow().securityProfile()).isEqualTo(2);
        assertThat(authCalls).contains(new AuthCall(AUTH_CHARGER, AUTH_PASSWORD, true));
    }

    private static SSLContext trustAll() throws Exception {
        X509TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return context;
    }
}
