package io.evstack.app;

import io.evstack.csms.pki.LocalContractIssuers;
import io.evstack.emsp.contract.ContractCertificates;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;

/**
 * The co-located eMSP's contract-certificate CA as the CSMS sees it: its MO root is trusted for Plug &amp;
 * Charge and it answers OCSP in process, the same answer its public responder gives. The eMSP starts after
 * the OCPP server, so until then (and in a stack without it) there is no such issuer.
 */
final class EmspContractIssuers implements LocalContractIssuers {
    private static final Map<ASN1ObjectIdentifier, String> HASHES = Map.of(OIWObjectIdentifiers.idSHA1, "SHA1",
            NISTObjectIdentifiers.id_sha256, "SHA256", NISTObjectIdentifiers.id_sha384, "SHA384",
            NISTObjectIdentifiers.id_sha512, "SHA512");

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
        String hash = HASHES.get(id.getHashAlgOID());
        if (c == null || hash == null || !c.isIssuer(hash, id.getIssuerNameHash(), id.getIssuerKeyHash())) {
            return Optional.empty();
        }
        try {
            return Optional.of(c.ocspResponse(new OCSPReqBuilder().addRequest(id).build().getEncoded()));
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("Cannot encode an OCSP request", e);
        }
    }
}
