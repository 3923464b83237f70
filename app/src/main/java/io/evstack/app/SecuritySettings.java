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
 */
public record SecuritySettings(OcppServerConfig.ClientAuth clientAuth, Path trustStore, String trustStorePassword,
        Path caKeyStore, String caKeyStorePassword, OcspResponders ocspResponders) {

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
                caPassword.isBlank() ? null : caPassword, OcspResponders.parse(v.get("STACK_OCSP_RESPONDER_HOSTS")));
    }

    @Override
    public String toString() { // no passwords in logs
        return "SecuritySettings[clientAuth=" + clientAuth + ", trustStore=" + trustStore + ", caKeyStore=" + caKeyStore + "]";
    }
}
