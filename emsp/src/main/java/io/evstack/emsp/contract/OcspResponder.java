package io.evstack.emsp.contract;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our OCSP responder (RFC 6960) for the certificates of our contract-certificate CA: each CA answers for the
 * certificates it issued (RFC 6960 4.2.2.2, the CA as its own responder), the sub-CA for contract certificates,
 * the root for the sub-CA. A request must name one of the two as the issuer of every certificate it asks about
 * (one response has one signer); otherwise it is answered {@code unauthorized}. An unreadable request is
 * answered {@code malformedRequest}.
 */
final class OcspResponder {
    /** How long a station or EV may keep an answer of ours before asking again. */
    static final Duration VALIDITY = Duration.ofHours(24);
    /** The most certificates one request may ask about (a station asks about a chain of at most 4). */
    static final int MAX_CERTIFICATES = 10;
    /** RFC 8954: the nonce's octets, besides its OCTET STRING tag and length. */
    private static final int MAX_NONCE = 32;
    private static final Logger log = LoggerFactory.getLogger(OcspResponder.class);
    private static final Map<ASN1ObjectIdentifier, String> HASHES = Map.of(OIWObjectIdentifiers.idSHA1, "SHA1",
            NISTObjectIdentifiers.id_sha256, "SHA256", NISTObjectIdentifiers.id_sha384, "SHA384",
            NISTObjectIdentifiers.id_sha512, "SHA512");

    private final ContractCertificates certificates;
    private final Clock clock;

    OcspResponder(ContractCertificates certificates, Clock clock) {
        this.certificates = certificates;
        this.clock = clock;
    }

    /** A DER OCSPResponse to a DER OCSPRequest. */
    byte[] respond(byte[] der) {
        List<Req> requests;
        OCSPReq request;
        try {
            request = new OCSPReq(der);
            requests = List.of(request.getRequestList());
        } catch (IOException | RuntimeException e) {
            log.debug("Malformed OCSP request: {}", e.getMessage());
            return status(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        // A request is answered with one signature over every certificate it names: a cap keeps one unauthenticated
        // request from costing thousands of lookups. RFC 8954 2.1: a nonce is at most 32 octets.
        Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (requests.isEmpty() || requests.size() > MAX_CERTIFICATES
                || (nonce != null && nonce.getExtnValue().getOctets().length > MAX_NONCE + 2)) {
            return status(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        ContractCertificateAuthority.CaKey issuer = null;
        List<CertificateID> ids = new ArrayList<>(requests.size());
        for (Req r : requests) {
            CertificateID id = r.getCertID();
            Optional<ContractCertificateAuthority.CaKey> named = certificates.authority()
                    .issuerNamed(HASHES.get(id.getHashAlgOID()), id.getIssuerNameHash(), id.getIssuerKeyHash());
            if (named.isEmpty() || issuer != null && issuer != named.get()) {
                return status(OCSPRespBuilder.UNAUTHORIZED);
            }
            issuer = named.get();
            ids.add(id);
        }
        try {
            Instant now = clock.instant();
            var builder = new BasicOCSPRespBuilder(new RespID(
                    X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded())));
            for (CertificateID id : ids) {
                builder.addResponse(id, certificateStatus(certificates.statusUnder(issuer, id.getSerialNumber())),
                        Date.from(now), Date.from(now.plus(VALIDITY)), null);
            }
            // RFC 8954: a nonce in the request is echoed, so the client knows the answer is fresh.
            if (nonce != null) {
                builder.setResponseExtensions(new Extensions(nonce));
            }
            BasicOCSPResp basic = builder.build(issuer.signer(),
                    new X509CertificateHolder[] {new JcaX509CertificateHolder(issuer.certificate())}, Date.from(now));
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (Exception e) {
            log.error("Cannot build an OCSP response", e);
            return status(OCSPRespBuilder.INTERNAL_ERROR);
        }
    }

    private static CertificateStatus certificateStatus(ContractCertificateStatus status) {
        return switch (status) {
            case ContractCertificateStatus.Good g -> CertificateStatus.GOOD;
            case ContractCertificateStatus.Revoked r -> new RevokedStatus(Date.from(r.at()), r.reasonCode());
            case ContractCertificateStatus.Unknown u -> new UnknownStatus();
        };
    }

    /** An OCSPResponse with only an error status (RFC 6960 4.2.1: no responseBytes). */
    private static byte[] status(int status) {
        try {
            return new OCSPRespBuilder().build(status, null).getEncoded();
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
