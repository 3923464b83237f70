package io.evstack.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evstack.sim.charger.ChargerSnapshot;
import io.evstack.sim.charger.SimulatedCharger;
import io.evstack.sim.ocpp.TlsTrust;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Security profile 2 (OCPP 1.6 Security Whitepaper section 2.4): wss:// with the server's certificate checked, plus Basic auth. */
class SecurityProfile2Test {
    private static final String PASSWORD = "0123456789abcdef";

    @TempDir
    static Path dir;
    static Path keyStore;
    static Path trustStore;

    @BeforeAll
    static void certificates() throws Exception {
        keyStore = dir.resolve("server.p12");
        trustStore = dir.resolve("trust.p12");
        Path cert = dir.resolve("server.crt");
        keytool("-genkeypair", "-alias", "csms", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-alias", "csms", "-keystore", keyStore.toString(), "-storepass", "changeit", "-file",
                cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "csms", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", "trustpass");
    }

    private static void keytool(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as(output).isTrue();
    }

    @Test
    void chargerTrustingTheServerCertificateBootsOverTlsWithItsPassword() {
        try (TestCsms csms = new TestCsms(PASSWORD, keyStore, "changeit");
                SimHarness sim = new SimHarness(1, SimHarness.OPTIONS.withTrust(TlsTrust.of(trustStore, "trustpass")))) {
            assertThat(csms.url().getScheme()).isEqualTo("wss");
            SimulatedCharger charger = sim.charger("ac-22", csms.url(), "CP-TLS-1", PASSWORD);
            charger.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> csms.of("CP-TLS-1", "StatusNotification").size() >= 2);
            assertThat(SimHarness.snapshot(charger).registration()).isEqualTo(ChargerSnapshot.Registration.ACCEPTED);
            assertThat(csms.authentications).contains("CP-TLS-1 tls");
            assertThat(csms.server().gateway().session("CP-TLS-1").orElseThrow().securityProfile()).isEqualTo(2);
        }
    }

    @Test
    void chargerNotTrustingTheCertificateNeverConnects() {
        // the JDK's CAs do not know a self-signed certificate: the TLS handshake fails, no HTTP request is sent
        try (TestCsms csms = new TestCsms(PASSWORD, keyStore, "changeit"); SimHarness sim = new SimHarness(1)) {
            SimulatedCharger charger = sim.charger("ac-22", csms.url(), "CP-TLS-2", PASSWORD);
            charger.start();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> !SimHarness.snapshot(charger).connected());
            assertThat(csms.received).isEmpty();
            assertThat(csms.authentications).isEmpty();
        }
    }

    @Test
    void wrongPasswordOverTlsIsRefused() {
        try (TestCsms csms = new TestCsms(PASSWORD, keyStore, "changeit");
                SimHarness sim = new SimHarness(1, SimHarness.OPTIONS.withTrust(TlsTrust.of(trustStore, "trustpass")))) {
            SimulatedCharger charger = sim.charger("ac-22", csms.url(), "CP-TLS-3", "not-the-password");
            charger.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> csms.authentications.contains("CP-TLS-3 tls"));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> !SimHarness.snapshot(charger).connected());
            assertThat(csms.of("CP-TLS-3", "BootNotification")).isEmpty();
        }
    }
}
