package io.evstack.csms.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OCPP 2.0.1 M06 (GetCertificateStatus): the station cannot reach OCSP responders itself (ISO 15118 has
 * it staple OCSP answers for the EV), so the CSMS fetches them. For a certificate our local CA issued we
 * are the responder: the answer is built and signed here, good / revoked / unknown from
 * {@link IssuedCertificates}. For any other issuer the request goes, as an RFC 6960 Appendix A.1 POST,
 * to the responderURL the station names, if {@link OcspResponders} permits it (Failed, ResponderNotAllowed,
 * otherwise: the URL is the station's, the request goes out from the operator's network), at the addresses it
 * approved ({@link OcspHttpClient}); when that cannot be reached the answer is Failed.
 */
public final class CertificateStatusService {
    private static final Logger log = LoggerFactory.getLogger(CertificateStatusService.class);
    private static final int MAX_OCSP_RESULT = 5500; // GetCertificateStatusResponse.ocspResult maxLength

    /** OCSPRequestDataType as the station sends it (hashes and serial in hex). */
    public record Query(String hashAlgorithm, String issuerNameHash, String issuerKeyHash, String serialNumber,
            String responderUrl) {

        /**
         * The RFC 6960 CertID these fields name (hashes hex, or base64 as some stations send them).
         *
         * @throws IllegalArgumentException for a serial that is not hexadecimal, hashes that are neither, or an
         *                                  unknown hash algorithm
         */
        public CertificateID certificateId() {
            BigInteger serial;
            try {
                serial = new BigInteger(serialNumber.strip(), 16);
            } catch (NumberFormatException | NullPointerException e) {
                throw new IllegalArgumentException("serialNumber is not hexadecimal");
            }
            return new CertificateID(new CertID(new AlgorithmIdentifier(digestOid(hashAlgorithm), DERNull.INSTANCE),
                    new DEROctetString(hashBytes(issuerNameHash)), new DEROctetString(hashBytes(issuerKeyHash)),
                    new ASN1Integer(serial)));
        }
    }

    /** Accepted with a base64 DER OCSPResponse, or Failed with a reason (StatusInfoType). */
    public record Outcome(boolean accepted, String ocspResult, String reasonCode, String additionalInfo) {
        static Outcome accepted(byte[] der) {
            return new Outcome(true, Base64.getEncoder().encodeToString(der), null, null);
        }

        static Outcome failed(String reasonCode, String info) {
            return new Outcome(false, null, reasonCode, info.length() > 512 ? info.substring(0, 512) : info);
        }
    }

    private final LocalCertificateAuthority ca;
    private final IssuedCertificates issued;
    private final OcspHttpClient http;
    private final OcspResponders responders;
    private final LocalContractIssuers contractIssuers;

    public CertificateStatusService(LocalCertificateAuthority ca, IssuedCertificates issued, Duration timeout,
            OcspResponders responders) {
        this(ca, issued, timeout, responders, LocalContractIssuers.NONE);
    }

    /** @param contractIssuers the co-located eMSP's contract CA, which answers for its certificates in process */
    public CertificateStatusService(LocalCertificateAuthority ca, IssuedCertificates issued, Duration timeout,
            OcspResponders responders, LocalContractIssuers contractIssuers) {
        this.ca = ca;
        this.issued = issued;
        this.responders = responders;
        this.contractIssuers = contractIssuers;
        this.http = new OcspHttpClient(timeout);
    }

    /**
     * The bytes of an OCSPRequestDataType hash: hex as OCPP implementations send them, or base64, which some
     * send instead (a SHA-256 hash is 64 hex digits or 44 base64 characters, so the two cannot be confused).
     */
    static byte[] hashBytes(String text) {
        String t = text == null ? "" : text.strip();
        if (t.length() % 2 == 0 && t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return HexFormat.of().parseHex(t.toLowerCase(Locale.ROOT));
        }
        try {
            return Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("issuer hash is neither hexadecimal nor base64");
        }
    }

    public Outcome status(Query q) {
        BigInteger serial;
        CertificateID id;
        try {
            serial = new BigInteger(q.serialNumber(), 16);
            id = q.certificateId();
            q = new Query(q.hashAlgorithm(), HexFormat.of().formatHex(id.getIssuerNameHash()),
                    HexFormat.of().formatHex(id.getIssuerKeyHash()), q.serialNumber(), q.responderUrl());
        } catch (NumberFormatException e) {
            return Outcome.failed("InvalidSerial", "serialNumber is not hexadecimal");
        } catch (IllegalArgumentException e) {
            return Outcome.failed("InvalidRequest", e.getMessage());
        }
        if (ca.isIssuer(q.hashAlgorithm(), q.issuerNameHash(), q.issuerKeyHash())) {
            // RFC 6960 2.2: "unknown" for a serial this issuer never signed.
            LocalCertificateAuthority.OcspStatus status = issued.find(serial)
                    .<LocalCertificateAuthority.OcspStatus>map(c -> c.revokedAt() == null
                            ? new LocalCertificateAuthority.OcspStatus.Good()
                            : new LocalCertificateAuthority.OcspStatus.Revoked(c.revokedAt(),
                                    IssuedCertificates.RevocationReason.valueOf(c.revocationReason()).code))
                    .orElseGet(LocalCertificateAuthority.OcspStatus.Unknown::new);
            return Outcome.accepted(ca.ocspResponse(q.hashAlgorithm(), q.issuerNameHash(), q.issuerKeyHash(), serial,
                    status));
        }
        var fromContractIssuer = contractIssuers.ocspResponse(id);
        if (fromContractIssuer.isPresent()) {
            return Outcome.accepted(fromContractIssuer.get());
        }
        return forward(q, id);
    }

    private Outcome forward(Query q, CertificateID certId) {
        URI uri;
        try {
            uri = q.responderUrl() == null || q.responderUrl().isBlank() ? null : URI.create(q.responderUrl().strip());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null
                || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
            return Outcome.failed("NoResponder", "Not issued by this CSMS's CA and no usable responderURL");
        }
        List<InetAddress> addresses;
        try {
            addresses = responders.addresses(uri);
        } catch (UnknownHostException e) {
            log.info("OCSP responder {} not reachable: its name does not resolve", uri.getHost());
            return Outcome.failed("ResponderUnreachable", "OCSP responder " + uri.getHost() + " could not be reached");
        }
        if (addresses.isEmpty()) {
            log.warn("OCSP responder {} refused: not a public host and not in STACK_OCSP_RESPONDER_HOSTS", uri.getHost());
            return Outcome.failed("ResponderNotAllowed", "The responderURL's host " + uri.getHost()
                    + " is not public and not allowed by the operator");
        }
        try {
            byte[] request = new OCSPReqBuilder().addRequest(certId).build().getEncoded();
            // to the addresses just approved, never resolving the name again (DNS rebinding)
            var response = http.post(uri, addresses, request);
            if (response.status() != 200) {
                return Outcome.failed("ResponderError", "OCSP responder answered HTTP " + response.status());
            }
            byte[] der = new OCSPResp(response.body()).getEncoded(); // parses: only a well-formed OCSPResponse goes on
            String base64 = Base64.getEncoder().encodeToString(der);
            if (base64.length() > MAX_OCSP_RESULT) {
                return Outcome.failed("ResponseTooLarge", "The OCSP response exceeds ocspResult's 5500 characters");
            }
            return new Outcome(true, base64, null, null);
        } catch (IllegalArgumentException e) {
            return Outcome.failed("InvalidRequest", e.getMessage() == null ? "Malformed OCSP request data" : e.getMessage());
        } catch (Exception e) {
            log.info("OCSP responder {} not reachable: {}", uri, e.toString());
            return Outcome.failed("ResponderUnreachable", "OCSP responder " + uri.getHost() + " could not be reached");
        }
    }

    private static org.bouncycastle.asn1.ASN1ObjectIdentifier digestOid(String hashAlgorithm) {
        return switch (hashAlgorithm == null ? "" : hashAlgorithm.toUpperCase(Locale.ROOT)) {
            case "SHA256" -> NISTObjectIdentifiers.id_sha256;
            case "SHA384" -> NISTObjectIdentifiers.id_sha384;
            case "SHA512" -> NISTObjectIdentifiers.id_sha512;
            default -> throw new IllegalArgumentException("Unknown hash algorithm " + hashAlgorithm);
        };
    }
}
