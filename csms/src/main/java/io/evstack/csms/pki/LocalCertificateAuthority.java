package io.evstack.csms.pki;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The stack's own certificate authority for charging station certificates (OCPP 2.0.1 A02/A03,
 * SignCertificate → CertificateSigned): it checks a station's CSR (well-formed, its signature valid,
 * its common name equal to the station's identity, which is what the station then authenticates with
 * under security profile 3) and signs it for a year.
 *
 * <p>Its root key and certificate come from {@link CertificateAuthorityStore} (a PKCS#12 file kept across
 * restarts, so certificates signed before a restart still verify after it, which security profile 3 needs);
 * {@link #LocalCertificateAuthority(Clock)} makes a fresh root held in memory only.
 */
public final class LocalCertificateAuthority {
    private static final Duration VALIDITY = Duration.ofDays(365);
    /** ISO 15118-2 keeps SECC (V2G charging station) leaf certificates short-lived: at most a few months. */
    private static final Duration V2G_VALIDITY = Duration.ofDays(90);
    /** How long a charging station may keep an OCSP answer of ours before asking again (M06). */
    private static final Duration OCSP_VALIDITY = Duration.ofHours(24);

    /** The two kinds of certificate a station asks us to sign (SignCertificateRequest.certificateType). */
    public static final String CHARGING_STATION_CERTIFICATE = "ChargingStationCertificate";
    public static final String V2G_CERTIFICATE = "V2GCertificate";

    /** Told of every certificate signed, so that its status can be answered (OCSP) and it can be revoked. */
    @FunctionalInterface
    public interface IssuanceLog {
        IssuanceLog NONE = (chargePointId, certificateType, certificate) -> {};

        void issued(String chargePointId, String certificateType, X509Certificate certificate);
    }

    /** A signed certificate and the PEM chain sent to the station (the certificate, then our root). */
    public record Issued(X509Certificate certificate, String chainPem) {}

    private final Clock clock;
    private final KeyPair rootKey;
    private final X509Certificate root;
    private final SecureRandom random = new SecureRandom();
    private final IssuanceLog issuanceLog;

    /** A new root, held in memory only: a restarted stack would sign with another one. */
    public LocalCertificateAuthority(Clock clock) {
        this(clock, newRoot(clock));
    }

    private LocalCertificateAuthority(Clock clock, Root root) {
        this(clock, root.key(), root.certificate());
    }

    /** With a root kept elsewhere ({@link CertificateAuthorityStore}). */
    public LocalCertificateAuthority(Clock clock, KeyPair rootKey, X509Certificate root) {
        this(clock, rootKey, root, IssuanceLog.NONE);
    }

    private LocalCertificateAuthority(Clock clock, KeyPair rootKey, X509Certificate root, IssuanceLog issuanceLog) {
        this.clock = clock;
        this.rootKey = rootKey;
        this.root = root;
        this.issuanceLog = issuanceLog;
    }

    /** The same CA (same root and key), telling {@code log} of every certificate it signs. */
    public LocalCertificateAuthority recordingTo(IssuanceLog log) {
        return new LocalCertificateAuthority(clock, rootKey, root, log);
    }

    record Root(KeyPair key, X509Certificate certificate) {}

    /** A new self-signed root: EC P-256, valid ten years, allowed to sign end-entity certificates only. */
    static Root newRoot(Clock clock) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair key = g.generateKeyPair();
            X500Name name = new X500Name("CN=evstack local CSMS CA,O=evstack");
            Instant now = clock.instant();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(3650))), name,
                    key.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate());
            return new Root(key, new JcaX509CertificateConverter().getCertificate(b.build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the local certificate authority", e);
        }
    }

    /** Why a CSR was refused. */
    public static final class InvalidCsrException extends Exception {
        InvalidCsrException(String message) {
            super(message);
        }
    }

    /** Signs a PEM CSR for this station and returns the PEM chain: the station's certificate, then the root. */
    public String sign(String chargePointId, String csrPem) throws InvalidCsrException {
        return issue(chargePointId, csrPem, CHARGING_STATION_CERTIFICATE).chainPem();
    }

    /**
     * Signs a station's CSR as {@code certificateType}. A ChargingStationCertificate (TLS client towards the
     * CSMS, security profile 3) must name the station in its CN. A V2GCertificate is the SECC certificate
     * the station shows the EV in ISO 15118 TLS: its CN is the SECC ID (ISO 15118-2 / -20), not the OCPP
     * identity, so only a CN is required. An EV trusts it only when our root is its V2G root (installed
     * on the station as V2GRootCertificate); a CSO in a public PKI signs with that PKI's sub-CA instead.
     */
    public Issued issue(String chargePointId, String csrPem, String certificateType) throws InvalidCsrException {
        boolean v2g = V2G_CERTIFICATE.equals(certificateType);
        if (!v2g && !CHARGING_STATION_CERTIFICATE.equals(certificateType)) {
            throw new InvalidCsrException("Unknown certificate type " + certificateType);
        }
        PKCS10CertificationRequest csr;
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            Object o = parser.readObject();
            if (!(o instanceof PKCS10CertificationRequest r)) {
                throw new InvalidCsrException("Not a PKCS#10 certificate signing request");
            }
            csr = r;
        } catch (java.io.IOException e) {
            throw new InvalidCsrException("Malformed CSR: " + e.getMessage());
        }
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
                throw new InvalidCsrException("The CSR's signature does not verify");
            }
        } catch (InvalidCsrException e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidCsrException("The CSR's signature cannot be checked: " + e.getMessage());
        }
        RDN[] cn = csr.getSubject().getRDNs(BCStyle.CN);
        String commonName = cn.length == 0 ? null : IETFUtils.valueToString(cn[0].getFirst().getValue());
        if (v2g ? commonName == null || commonName.isBlank() : !chargePointId.equals(commonName)) {
            throw new InvalidCsrException(v2g ? "The CSR names no common name (the SECC ID)"
                    : "The CSR's common name " + commonName + " is not the station's identity");
        }
        X509Certificate leaf;
        try {
            Instant now = clock.instant();
            // A positive serial of 63 random bits: unique in practice, and at most 16 hex digits for OCSP.
            var b = new X509v3CertificateBuilder(X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
                    new BigInteger(63, random).setBit(62), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(v2g ? V2G_VALIDITY : VALIDITY)), csr.getSubject(), csr.getSubjectPublicKeyInfo());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            // Towards the CSMS the station is the TLS client; towards the EV the SECC is the TLS server.
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(v2g ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            leaf = new JcaX509CertificateConverter().getCertificate(b.build(signer()));
        } catch (Exception e) {
            throw new IllegalStateException("Signing failed", e);
        }
        issuanceLog.issued(chargePointId, certificateType, leaf);
        return new Issued(leaf, pem(leaf) + pem(root));
    }

    /**
     * Whether an OCSP CertID's issuer hashes (RFC 6960 4.1.1: the hash of the issuer's DN and of its public
     * key's BIT STRING value, hex as OCPP 2.0.1 OCSPRequestDataType sends them) name this CA.
     */
    public boolean isIssuer(String hashAlgorithm, String issuerNameHashHex, String issuerKeyHashHex) {
        try {
            MessageDigest nameDigest = MessageDigest.getInstance(jcaDigest(hashAlgorithm));
            MessageDigest keyDigest = MessageDigest.getInstance(jcaDigest(hashAlgorithm));
            byte[] nameHash = nameDigest.digest(root.getSubjectX500Principal().getEncoded());
            byte[] keyHash = keyDigest.digest(SubjectPublicKeyInfo.getInstance(root.getPublicKey().getEncoded())
                    .getPublicKeyData().getBytes());
            return HexFormat.of().formatHex(nameHash).equalsIgnoreCase(issuerNameHashHex)
                    && HexFormat.of().formatHex(keyHash).equalsIgnoreCase(issuerKeyHashHex);
        } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The status of one certificate we issued, as an OCSP responder reports it (RFC 6960 2.2). */
    public sealed interface OcspStatus {
        record Good() implements OcspStatus {}

        record Revoked(Instant at, int crlReason) implements OcspStatus {}

        record Unknown() implements OcspStatus {}
    }

    /**
     * A DER OCSPResponse (successful, BasicOCSPResponse signed by this CA, so the CA is its own responder,
     * RFC 6960 4.2.2.2) for one certificate, its CertID echoing the request's hashes.
     */
    public byte[] ocspResponse(String hashAlgorithm, String issuerNameHashHex, String issuerKeyHashHex, BigInteger serial,
            OcspStatus status) {
        try {
            var certId = new CertificateID(new CertID(new AlgorithmIdentifier(digestOid(hashAlgorithm), DERNull.INSTANCE),
                    new DEROctetString(HexFormat.of().parseHex(issuerNameHashHex.toLowerCase(java.util.Locale.ROOT))),
                    new DEROctetString(HexFormat.of().parseHex(issuerKeyHashHex.toLowerCase(java.util.Locale.ROOT))),
                    new ASN1Integer(serial)));
            Instant now = clock.instant();
            CertificateStatus certificateStatus = switch (status) {
                case OcspStatus.Good g -> CertificateStatus.GOOD;
                case OcspStatus.Revoked r -> new RevokedStatus(Date.from(r.at()), r.crlReason());
                case OcspStatus.Unknown u -> new UnknownStatus();
            };
            var builder = new BasicOCSPRespBuilder(new RespID(X500Name.getInstance(root.getSubjectX500Principal().getEncoded())));
            builder.addResponse(certId, certificateStatus, Date.from(now), Date.from(now.plus(OCSP_VALIDITY)), null);
            BasicOCSPResp basic = builder.build(signer(), null, Date.from(now));
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot build the OCSP response", e);
        }
    }

    private static String jcaDigest(String hashAlgorithm) throws NoSuchAlgorithmException {
        return switch (hashAlgorithm) {
            case "SHA256" -> "SHA-256";
            case "SHA384" -> "SHA-384";
            case "SHA512" -> "SHA-512";
            default -> throw new NoSuchAlgorithmException(hashAlgorithm);
        };
    }

    private static ASN1ObjectIdentifier digestOid(String hashAlgorithm) {
        return switch (hashAlgorithm) {
            case "SHA256" -> NISTObjectIdentifiers.id_sha256;
            case "SHA384" -> NISTObjectIdentifiers.id_sha384;
            case "SHA512" -> NISTObjectIdentifiers.id_sha512;
            default -> throw new IllegalArgumentException("Unknown hash algorithm " + hashAlgorithm);
        };
    }

    public X509Certificate root() {
        return root;
    }

    public String rootPem() {
        return pem(root);
    }

    private ContentSigner signer() throws Exception {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(rootKey.getPrivate());
    }

    private static String pem(Object o) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }
}
