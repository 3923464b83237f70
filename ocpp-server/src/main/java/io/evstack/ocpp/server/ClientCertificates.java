package io.evstack.ocpp.server;

import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/**
 * The client certificate a charger presented in the TLS handshake (security profile 3). The TLS layer has
 * already checked that it chains to a trusted issuer; what is left is to read its subject's common name,
 * which must be the charger's identity (OCPP 2.0.1 part 2 A00.FR.4xx: the Charging Station certificate's
 * CN is its serial number / identity; OCPP 1.6 Security Whitepaper section 2.4 likewise).
 */
final class ClientCertificates {
    private ClientCertificates() {}

    /** The verified client certificate of this TLS connection, if the charger presented one. */
    static Optional<X509Certificate> of(SslHandler tls) {
        if (tls == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate c ? Optional.of(c) : Optional.empty();
        } catch (SSLPeerUnverifiedException none) {
            return Optional.empty();
        }
    }

    /** The subject's common name (the last CN when there are several), if any. */
    static Optional<String> commonName(X509Certificate certificate) {
        try {
            String cn = null;
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253)).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    cn = String.valueOf(rdn.getValue());
                }
            }
            return Optional.ofNullable(cn);
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
