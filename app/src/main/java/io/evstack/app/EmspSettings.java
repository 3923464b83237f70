package io.evstack.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The eMSP's part of the configuration (STACK_EMSP_*). {@code publicUrl} null: http://localhost:PORT.
 * {@code supportEmail} null: no support account is created at start. {@code cposFile} null: no external CPOs
 * from a file (support registers them by API).
 */
public record EmspSettings(int port, String publicUrl, Duration loginLifetime, String supportEmail,
        String supportPassword, Path cposFile, Path contractCaKeyStore, String contractCaPassword) {

    /** These settings with a first SUPPORT account to create at start. */
    public EmspSettings withSupport(String email, String password) {
        return new EmspSettings(port, publicUrl, loginLifetime, email, password, cposFile, contractCaKeyStore,
                contractCaPassword);
    }

    static EmspSettings from(Map<String, String> v, Path dataDir) {
        int port = integer(v, "STACK_EMSP_PORT");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("STACK_EMSP_PORT must be a port number (0-65535), not " + port);
        }
        int hours = integer(v, "STACK_EMSP_LOGIN_HOURS");
        if (hours <= 0) {
            throw new IllegalArgumentException("STACK_EMSP_LOGIN_HOURS must be positive, not " + hours);
        }
        String url = v.get("STACK_EMSP_PUBLIC_URL").trim();
        String email = v.get("STACK_EMSP_SUPPORT_EMAIL").trim();
        String password = v.get("STACK_EMSP_SUPPORT_PASSWORD");
        String cposFile = v.getOrDefault("STACK_EMSP_CPOS_FILE", "").trim();
        if (!email.isEmpty() && password.isBlank()) {
            throw new IllegalArgumentException("STACK_EMSP_SUPPORT_EMAIL needs STACK_EMSP_SUPPORT_PASSWORD");
        }
        return new EmspSettings(port, url.isEmpty() ? null : url.replaceAll("/+$", ""), Duration.ofHours(hours),
                email.isEmpty() ? null : email, password.isBlank() ? null : password,
                cposFile.isEmpty() ? null : Path.of(cposFile),
                v.get("STACK_EMSP_CONTRACT_CA_KEYSTORE").isBlank() ? dataDir.resolve("emsp-contract-ca.p12")
                        : Path.of(v.get("STACK_EMSP_CONTRACT_CA_KEYSTORE").strip()),
                v.get("STACK_EMSP_CONTRACT_CA_KEYSTORE_PASSWORD").isBlank() ? null
                        : v.get("STACK_EMSP_CONTRACT_CA_KEYSTORE_PASSWORD"));
    }

    private static int integer(Map<String, String> v, String name) {
        try {
            return Integer.parseInt(v.get(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + v.get(name) + "'");
        }
    }

    @Override
    public String toString() {
        // Never print the password.
        return "EmspSettings[port=" + port + ", publicUrl=" + publicUrl + ", loginLifetime=" + loginLifetime
                + ", supportEmail=" + supportEmail + ", cposFile=" + cposFile + "]";
    }
}
