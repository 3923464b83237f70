package io.evstack.csms.pki;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.cert.ocsp.CertificateID;

/**
 * Contract-certificate issuers that run in this process: the co-located eMSP's Mobility Operator CA. Their
 * roots are trusted for Plug &amp; Charge (as a MORootCertificate would be), and their certificates' status
 * is asked of them directly rather than over the network: their OCSP URL is the eMSP's public one, which the
 * CSMS may not be able (or allowed, {@link OcspResponders}) to reach from inside.
 */
public interface LocalContractIssuers {
    /** No issuer in this process (a CSMS without our eMSP). */
    LocalContractIssuers NONE = new LocalContractIssuers() {
        @Override
        public List<X509Certificate> roots() {
            return List.of();
        }

        @Override
        public List<X509Certificate> issuers() {
            return List.of();
        }

        @Override
        public Optional<byte[]> ocspResponse(CertificateID id) {
            return Optional.empty();
        }
    };

    /** The roots contract chains may end in. */
    List<X509Certificate> roots();

    /** Every CA certificate of these issuers (roots and sub-CAs): whose signatures on OCSP answers count. */
    List<X509Certificate> issuers();

    /**
     * A DER OCSPResponse (RFC 6960) for the certificate, signed by its issuer, when one of these issuers is
     * the CertID's issuer; empty otherwise.
     */
    Optional<byte[]> ocspResponse(CertificateID id);
}
