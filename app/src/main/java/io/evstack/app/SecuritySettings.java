package io.evstack.app;

import io.evstack.csms.pki.OcspResponders;
import io.evstack.ocpp.server.OcppServerConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The security part of the configuration beyond the server key store: client certificates on the OCPP
 * endpoint (security profile 3) and where the certificate authority that signs chargers' CSRs is kept.
 *
 * @param clientAuth whether the TLS endpoint asks chargers for client certificates (only with TLS)
 * @param trustStore more issuers of charger certificates besides our own CA; null for none
 * @param caKeyStore the PKCS#12 file holding our CA's key and certificate, created on first start
 * @param caKeyStorePassword its password; null: generated on first start into {@code <caKeyStore>.password}
 * @param ocspResponders the OCSP responders the CSMS may call for stations (public hosts and those listed)
 * @param contractRoots a PEM file of V2G and MO roots trusted for Plug &amp; Charge; null for none
 */
public record SecuritySettings(OcppServerConfig.ClientAuth clientAuth, Path trustStore, String trustStorePassword,
        Path caKeyStore, String caKeyStorePassword, OcspResponders ocspResponders, Path contractRoots) {

    static SecuritySettings from(Map<String, String> v, Path dataDir) {
        String auth = v.get("STACK_TLS_CLIENT_AUTH").strip().toUpperCase(Locale.ROOT);
        OcppServerConfig.ClientAuth clientAuth;
        try {
            clientAuth = OcppServerConfig.ClientAuth.valueOf(auth);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("STACK_TLS_CLIENT_AUTH must be none, optional or require, not '"
                    + v.get("STACK_TLS_CLIENT_AUTH") + "'");
        }
        String trustStore = v.get("STACK_TLS_TRUSTSTORE").strip();
        String caKeyStore = v.get("STACK_CA_KEYSTORE").strip();
        String caPassword = v.get("STACK_CA_KEYSTORE_PASSWORD");
        return new SecuritySettings(clientAuth, trustStore.isEmpty() ? null : Path.of(trustStore),
                v.get("STACK_TLS_TRUSTSTORE_PASSWORD"),
                caKeyStore.isEmpty() ? dataDir.resolve("ca.p12") : Path.of(caKeyStore),
                caPassword.isBlank() ? null : caPassword, OcspResponders.parse(v.get("STACK_OCSP_RESPONDER_HOSTS")),
                v.get("STACK_CONTRACT_ROOTS").isBlank() ? null : Path.of(v.get("STACK_CONTRACT_ROOTS").strip()));
    }

    /**
     * The operator's Plug &amp; Charge roots, read from {@link #contractRoots} each time (a file the operator
     * may replace while the stack runs); none when unset or unreadable (logged: a chain to them is refused).
     */
    public java.util.List<java.security.cert.X509Certificate> readContractRoots() {
        if (contractRoots == null) {
            return java.util.List.of();
        }
        try {
            return io.evstack.csms.pki.ContractCertificateValidation.readPem(java.nio.file.Files.readString(contractRoots));
        } catch (java.io.IOException | IllegalArgumentException e) {
            org.slf4j.LoggerFactory.getLogger(SecuritySettings.class).warn("Cannot read STACK_CONTRACT_ROOTS {}: {}",
                    contractRoots, e.getMessage());
            return java.util.List.of();
        }
    }

    @Override
    public String toString() { // no passwords in logs
        return "SecuritySettings[clientAuth=" + clientAuth + ", trustStore=" + trustStore + ", caKeyStore=" + caKeyStore
                + ", contractRoots=" + contractRoots + "]";
    }
}
