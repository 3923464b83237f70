package io.evstack.app;

import io.evstack.csms.pki.LocalContractIssuers;
import io.evstack.emsp.contract.ContractCertificates;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;

/**
 * The co-located eMSP's contract-certificate CA as the CSMS sees it: its MO root is trusted for Plug &amp;
 * Charge and it answers OCSP in process, the same answer its public responder gives. The eMSP starts after
 * the OCPP server, so until then (and in a stack without it) there is no such issuer.
 */
final class EmspContractIssuers implements LocalContractIssuers {
    private final Supplier<ContractCertificates> certificates;

    EmspContractIssuers(Supplier<ContractCertificates> certificates) {
        this.certificates = certificates;
    }

    @Override
    public List<X509Certificate> roots() {
        ContractCertificates c = certificates.get();
        return c == null ? List.of() : List.of(c.authority().root());
    }

    @Override
    public List<X509Certificate> issuers() {
        ContractCertificates c = certificates.get();
        return c == null ? List.of() : List.of(c.authority().root(), c.authority().subCa());
    }

    @Override
    public Optional<byte[]> ocspResponse(CertificateID id) {
        ContractCertificates c = certificates.get();
        if (c == null) {
            return Optional.empty();
        }
        try {
            byte[] response = c.ocspResponse(new OCSPReqBuilder().addRequest(id).build().getEncoded());
            // "unauthorized" (RFC 6960 2.3): our responder does not answer for that issuer; the CSMS asks elsewhere
            return new OCSPResp(response).getStatus() == OCSPResp.UNAUTHORIZED ? Optional.empty() : Optional.of(response);
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("Cannot encode an OCSP request", e);
        }
    }
}
