package io.evstack.ocpp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evstack.ocpp.OcppVersion;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class HandshakeTest extends ServerTestBase {

    @Test
    void pathWithoutChargerIdIsNotFound() throws Exception {
        assertThat(RawHandshake.send(server.port(), "/", "ocpp1.6", null).status()).isEqualTo(404);
        assertThat(RawHandshake.send(server.port(), "/ocpp/", "ocpp1.6", null).status()).isEqualTo(404);
        assertThat(RawHandshake.send(server.port(), "/ocpp", "ocpp1.6", null).status()).isEqualTo(404);
        assertThat(track(TestCharger.to(server.port(), "/ocpp/").tryConnect()).isOpen()).isFalse();
    }

    @Test
    void pathOutsideThePrefixIsNotFoundWhenOnlyThePrefixIsAccepted() throws Exception {
        OcppServer strict = start(b -> b.acceptAnyPrefix(false));
        assertThat(RawHandshake.send(strict.port(), "/other/CP-1", "ocpp1.6", null).status()).isEqualTo(404);
        assertThat(RawHandshake.send(strict.port(), "/ocpp/CP-1", "ocpp1.6", null).status()).isEqualTo(101);
    }

    @Test
    void chargerIdIsTheLastSegmentUrlDecodedUnderAnyPrefix() throws Exception {
        track(TestCharger.to(server.port(), "/steve/websocket/CentralSystemService/CP%201+x").connect());
        await().until(() -> server.gateway().isConnected("CP 1+x"));
    }

    @Test
    void unsupportedOrMissingSubprotocolIsRefusedBeforeTheUpgrade() throws Exception {
        assertThat(RawHandshake.send(server.port(), "/ocpp/CP-1", "ocpp1.5, ocpp2.0.1", null).status()).isEqualTo(400);
        assertThat(RawHandshake.send(server.port(), "/ocpp/CP-1", null, null).status()).isEqualTo(400);
        TestCharger charger = track(TestCharger.to(server.port(), "/ocpp/CP-1").subprotocols("ocpp1.5").tryConnect());
        assertThat(charger.isOpen()).isFalse();
        assertThat(server.gateway().isConnected("CP-1")).isFalse();
    }

    @Test
    void newestOfferedSubprotocolIsChosen() throws Exception {
        OcppServer both = start(b -> b.versions(OcppVersion.OCPP16, OcppVersion.OCPP201));
        TestCharger charger = track(TestCharger.to(both.port(), "/ocpp/CP-2")
                .subprotocols("ocpp1.6", "ocpp2.0.1")
                .connect());
        assertThat(charger.subprotocol()).isEqualTo("ocpp2.0.1");
        await().until(() -> both.gateway().session("CP-2").map(ChargerSession::version).orElse(null) == OcppVersion.OCPP201);

        TestCharger old = track(TestCharger.to(both.port(), "/ocpp/CP-3").subprotocols("ocpp1.6").connect());
        assertThat(old.subprotocol()).isEqualTo("ocpp1.6");
    }

    @Test
    void wrongPasswordIsUnauthorizedWithABasicChallenge() throws Exception {
        RawHandshake refused = RawHandshake.send(server.port(), "/ocpp/" + AUTH_CHARGER, "ocpp1.6", basic(AUTH_CHARGER, "wrong"));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.headers().get("www-authenticate")).startsWith("Basic");
        assertThat(authCalls).contains(new AuthCall(AUTH_CHARGER, "wrong", false));

        TestCharger charger = track(TestCharger.to(server.port(), "/ocpp/" + AUTH_CHARGER).basic(AUTH_CHARGER, "wrong").tryConnect());
        assertThat(charger.isOpen()).isFalse();
    }

    @Test
    void noPasswordReachesTheAuthenticatorAsNull() throws Exception {
        assertThat(RawHandshake.send(server.port(), "/ocpp/" + AUTH_CHARGER, "ocpp1.6", null).status()).isEqualTo(401);
        assertThat(authCalls).contains(new AuthCall(AUTH_CHARGER, null, false));
    }

    @Test
    void usernameOtherThanTheChargerIdIsUnauthorized() throws Exception {
        RawHandshake refused = RawHandshake.send(server.port(), "/ocpp/" + AUTH_CHARGER, "ocpp1.6", basic("CP-OTHER", AUTH_PASSWORD));
        assertThat(refused.status()).isEqualTo(401);
    }

    @Test
    void rightPasswordConnectsWithSecurityProfile1() throws Exception {
        track(TestCharger.to(server.port(), "/ocpp/" + AUTH_CHARGER).basic(AUTH_CHARGER, AUTH_PASSWORD).connect());
        await().until(() -> server.gateway().isConnected(AUTH_CHARGER));
        ChargerSession session = server.gateway().session(AUTH_CHARGER).orElseThrow();
        assertThat(session.securityProfile()).isEqualTo(1);
        assertThat(session.version()).isEqualTo(OcppVersion.OCPP16);
        assertThat(session.connectionId()).startsWith("test/");
        assertThat(authCalls).containsExactly(new AuthCall(AUTH_CHARGER, AUTH_PASSWORD, false));
    }

    @Test
    void slowAuthenticatorDoesNotHoldUpOtherHandshakes() throws Exception {
        OcppServer slow = new OcppServer(OcppServerConfig.builder().host("127.0.0.1").port(0).build(),
                ServerTestBase::script,
                (id, password, tls) -> {
                    if (id.equals("SLOW")) {
                        // Long enough that a blocked event loop could not hide under CI load.
                        sleep(java.time.Duration.ofSeconds(3));
                    }
                    return ChargerAuthenticator.Decision.ACCEPT;
                },
                ConnectionListener.NONE, FrameListener.NONE);
        slow.start();
        try {
            Thread slowCharger = Thread.startVirtualThread(() -> {
                try {
                    track(TestCharger.to(slow.port(), "/ocpp/SLOW").tryConnect());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long start = System.nanoTime();
            track(TestCharger.to(slow.port(), "/ocpp/FAST").connect());
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_500);
            slowCharger.join();
            // The client sees the upgrade a moment before the server has registered the session.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> slow.gateway().isConnected("SLOW"));
        } finally {
            slow.close();
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
