package io.evstack.ocpp.server;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;

/**
 * The TLS side of the endpoint (security profiles 2 and 3): the server's key and certificate chain from the
 * key store, and, for client certificates, the issuers trusted to sign charger certificates (the trust
 * store's certificates plus those the configuration names, such as the CSMS's own CA).
 */
record ServerTls(SslContext context, List<X509Certificate> chain) {

    static ServerTls load(OcppServerConfig config) {
        char[] password = config.tlsKeyStorePassword().toCharArray();
        try {
            KeyStore keyStore = KeyStore.getInstance(config.tlsKeyStore().toFile(), password);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore, password);
            SslContextBuilder builder = SslContextBuilder.forServer(keyManagers).protocols("TLSv1.3", "TLSv1.2");
            if (config.clientCertificates()) {
                List<X509Certificate> issuers = trustedIssuers(config);
                if (issuers.isEmpty()) {
                    throw new IllegalStateException("Client certificates are asked for, but no issuer is trusted");
                }
                builder.clientAuth(config.tlsClientAuth() == OcppServerConfig.ClientAuth.REQUIRE
                        ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL)
                        .trustManager(issuers);
            }
            return new ServerTls(builder.build(), serverChain(keyStore));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the TLS key store " + config.tlsKeyStore(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot use the TLS key store " + config.tlsKeyStore(), e);
        }
    }

    private static List<X509Certificate> trustedIssuers(OcppServerConfig config)
            throws IOException, GeneralSecurityException {
        Set<X509Certificate> issuers = new LinkedHashSet<>(config.tlsTrustedIssuers());
        Path trustStore = config.tlsTrustStore();
        if (trustStore != null) {
            KeyStore store = KeyStore.getInstance(trustStore.toFile(), config.tlsTrustStorePassword().toCharArray());
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) instanceof X509Certificate c) {
                    issuers.add(c);
                }
            }
        }
        return new ArrayList<>(issuers);
    }

    /** The certificate chain of the (first) key entry: the server's certificate first, its root last. */
    private static List<X509Certificate> serverChain(KeyStore keyStore) throws GeneralSecurityException {
        for (String alias : Collections.list(keyStore.aliases())) {
            if (keyStore.isKeyEntry(alias)) {
                Certificate[] chain = keyStore.getCertificateChain(alias);
                if (chain != null) {
                    return Arrays.stream(chain).map(X509Certificate.class::cast).toList();
                }
            }
        }
        return List.of();
    }
}
