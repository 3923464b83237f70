package io.evstack.csms.pki;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OCPP 2.0.1 C07 (authorization using contract certificates): whether the EV's contract certificate chain
 * holds, as the CSMS must check it (C07.FR.05: "via real-time or cached OCSP data").
 *
 * <ul>
 *   <li>With {@code iso15118CertificateHashData} the station has validated the chain against its own roots
 *       (local contract validation) and sends the OCSP request data of each certificate: the CSMS asks each
 *       one's status.</li>
 *   <li>With {@code certificate} (central contract validation, C07.FR.06) the station sends the PEM chain,
 *       leaf first, root excluded: the CSMS checks that each certificate is signed by the next and the last by
 *       a trusted V2G or MO root, that none has expired, and asks each one's status, building the OCSP request
 *       data itself from the certificates and their Authority Information Access responder URLs.</li>
 * </ul>
 * Status comes from the co-located eMSP's CA in process ({@link LocalContractIssuers}), else from the
 * responder the data names, fetched under the operator's responder policy ({@link CertificateStatusService}).
 * An answer counts only when its CertID is the one asked, it is current, and it is signed by the
 * certificate's issuer or a responder that issuer certified. Where the issuer is not known here (hash data of
 * another PKI: the station holds the chain, the CSMS does not) a correctly signed answer is taken, trusting
 * the station's own validation of the chain. Any revoked certificate makes the chain revoked; any status that
 * cannot be had or trusted, or "unknown", makes it a chain error: refusing is the safe side.
 */
public final class ContractCertificateValidation {
    private static final Logger log = LoggerFactory.getLogger(ContractCertificateValidation.class);
    /** Stations' and responders' clocks differ a little; an answer that far in the future or past still counts. */
    private static final Duration SKEW = Duration.ofMinutes(5);

    /** AuthorizeCertificateStatusEnumType values this check gives (ContractCancelled is the token's matter). */
    public enum Verdict {
        ACCEPTED("Accepted"), CERTIFICATE_EXPIRED("CertificateExpired"), CERTIFICATE_REVOKED("CertificateRevoked"),
        CERT_CHAIN_ERROR("CertChainError");

        public final String ocpp;

        Verdict(String ocpp) {
            this.ocpp = ocpp;
        }
    }

    private enum Status { GOOD, REVOKED, NOT_GOOD }

    private final CertificateStatusService network;
    private final LocalContractIssuers local;
    private final Supplier<List<X509Certificate>> configuredRoots;
    private final Clock clock;

    /**
     * @param network         answers for the co-located eMSP's CA and our own, else asks the responder named
     * @param local           the co-located eMSP's CA, whose roots are trusted
     * @param configuredRoots the V2G and MO roots the operator trusts (read on each check, so a change shows)
     */
    public ContractCertificateValidation(CertificateStatusService network, LocalContractIssuers local,
            Supplier<List<X509Certificate>> configuredRoots, Clock clock) {
        this.network = network;
        this.local = local;
        this.configuredRoots = configuredRoots;
        this.clock = clock;
    }

    /** Local contract validation: the status of each certificate the station names. */
    public Verdict checkHashData(List<CertificateStatusService.Query> entries) {
        if (entries.isEmpty()) {
            return Verdict.CERT_CHAIN_ERROR;
        }
        List<X509CertificateHolder> known = known(List.of());
        boolean revoked = false;
        for (var q : entries) {
            CertificateID id;
            try {
                id = certificateId(q);
            } catch (IllegalArgumentException e) {
                log.info("Contract certificate hash data unusable: {}", e.getMessage());
                return Verdict.CERT_CHAIN_ERROR;
            }
            X509CertificateHolder issuer = issuerOf(id, known).orElse(null);
            Status s = status(q, id, known, issuer, issuer == null);
            if (s == Status.NOT_GOOD) {
                return Verdict.CERT_CHAIN_ERROR;
            }
            revoked |= s == Status.REVOKED;
        }
        return revoked ? Verdict.CERTIFICATE_REVOKED : Verdict.ACCEPTED;
    }

    /** Central contract validation of a PEM chain, leaf first, root excluded (a trailing trusted root is allowed). */
    public Verdict checkChain(String pem) {
        List<X509CertificateHolder> chain;
        try {
            chain = parse(pem);
        } catch (Exception e) {
            log.info("Contract certificate chain does not parse: {}", e.toString());
            return Verdict.CERT_CHAIN_ERROR;
        }
        if (chain.isEmpty()) {
            return Verdict.CERT_CHAIN_ERROR;
        }
        List<X509CertificateHolder> roots = holders(roots());
        if (roots.contains(chain.getLast()) && chain.size() > 1) {
            chain = chain.subList(0, chain.size() - 1);
        }
        for (int i = 0; i + 1 < chain.size(); i++) {
            // the issuer must be a CA: else a driver could sign a certificate for another eMAID with the key of
            // their own contract certificate, and answer its OCSP requests too
            if (!signedBy(chain.get(i), chain.get(i + 1)) || !isCa(chain.get(i + 1))) {
                return Verdict.CERT_CHAIN_ERROR;
            }
        }
        X509CertificateHolder top = chain.getLast();
        X509CertificateHolder root = roots.stream().filter(r -> signedBy(top, r) && isCa(r)).findFirst().orElse(null);
        if (root == null) {
            log.info("Contract certificate chain of {} does not end in a trusted V2G or MO root", chain.getFirst().getSubject());
            return Verdict.CERT_CHAIN_ERROR;
        }
        Instant now = clock.instant();
        List<X509CertificateHolder> all = new ArrayList<>(chain);
        all.add(root);
        for (X509CertificateHolder c : all) {
            if (now.isBefore(c.getNotBefore().toInstant()) || now.isAfter(c.getNotAfter().toInstant())) {
                return Verdict.CERTIFICATE_EXPIRED;
            }
        }
        List<X509CertificateHolder> known = known(all);
        boolean revoked = false;
        for (int i = 0; i < chain.size(); i++) {
            X509CertificateHolder cert = chain.get(i);
            X509CertificateHolder issuer = all.get(i + 1);
            CertificateID id = certificateId(issuer, cert.getSerialNumber());
            var q = new CertificateStatusService.Query("SHA256", HexFormat.of().formatHex(id.getIssuerNameHash()),
                    HexFormat.of().formatHex(id.getIssuerKeyHash()), cert.getSerialNumber().toString(16), ocspUrl(cert));
            Status s = status(q, id, known, issuer, false);
            if (s == Status.NOT_GOOD) {
                return Verdict.CERT_CHAIN_ERROR;
            }
            revoked |= s == Status.REVOKED;
        }
        return revoked ? Verdict.CERTIFICATE_REVOKED : Verdict.ACCEPTED;
    }

    /** The trusted roots: the operator's and the co-located eMSP's. */
    public List<X509Certificate> roots() {
        List<X509Certificate> roots = new ArrayList<>(configuredRoots.get());
        roots.addAll(local.roots());
        return roots;
    }

    private Status status(CertificateStatusService.Query q, CertificateID id, List<X509CertificateHolder> known,
            X509CertificateHolder issuer, boolean issuerUnknown) {
        var outcome = network.status(q); // the co-located eMSP's CA in process, else the responder named
        if (!outcome.accepted()) {
            log.warn("No OCSP status for contract certificate serial {} ({}): {}", q.serialNumber(), q.responderUrl(),
                    outcome.additionalInfo());
            return Status.NOT_GOOD;
        }
        byte[] der = Base64.getDecoder().decode(outcome.ocspResult());
        try {
            OCSPResp resp = new OCSPResp(der);
            if (resp.getStatus() != OCSPResp.SUCCESSFUL || !(resp.getResponseObject() instanceof BasicOCSPResp basic)) {
                return Status.NOT_GOOD;
            }
            if (!signedByTrusted(basic, known, issuer, issuerUnknown)) {
                log.warn("OCSP answer for contract certificate serial {} is not signed by its issuer", q.serialNumber());
                return Status.NOT_GOOD;
            }
            Instant now = clock.instant();
            for (SingleResp r : basic.getResponses()) {
                if (!sameCertificate(r.getCertID(), id)) {
                    continue;
                }
                if (r.getThisUpdate().toInstant().isAfter(now.plus(SKEW))
                        || (r.getNextUpdate() != null && r.getNextUpdate().toInstant().isBefore(now.minus(SKEW)))) {
                    return Status.NOT_GOOD;
                }
                if (r.getCertStatus() == null) {
                    return Status.GOOD;
                }
                return r.getCertStatus() instanceof RevokedStatus ? Status.REVOKED : Status.NOT_GOOD;
            }
            return Status.NOT_GOOD;
        } catch (Exception e) {
            log.warn("OCSP answer for contract certificate serial {} unusable: {}", q.serialNumber(), e.toString());
            return Status.NOT_GOOD;
        }
    }

    /**
     * RFC 6960 4.2.2.2: signed by the issuer itself, or by a responder certificate the issuer signed. With the
     * issuer unknown here, a signature that verifies with a certificate the answer carries is taken.
     */
    private static boolean signedByTrusted(BasicOCSPResp basic, List<X509CertificateHolder> known,
            X509CertificateHolder issuer, boolean issuerUnknown) {
        List<X509CertificateHolder> candidates = new ArrayList<>(Arrays.asList(basic.getCerts()));
        candidates.addAll(known);
        for (X509CertificateHolder signer : candidates) {
            if (!verifies(basic, signer)) {
                continue;
            }
            if (issuerUnknown) {
                return true;
            }
            // a delegated responder must be certified by the issuer for OCSP signing, not merely by it
            if (issuer != null && (signer.equals(issuer) || (signedBy(signer, issuer) && isOcspSigner(signer)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCa(X509CertificateHolder cert) {
        var constraints = org.bouncycastle.asn1.x509.BasicConstraints.fromExtensions(cert.getExtensions());
        return constraints != null && constraints.isCA();
    }

    private static boolean isOcspSigner(X509CertificateHolder cert) {
        var usage = org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(cert.getExtensions());
        return usage != null && usage.hasKeyPurposeId(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_OCSPSigning);
    }

    private static boolean verifies(BasicOCSPResp basic, X509CertificateHolder signer) {
        try {
            return basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer));
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean signedBy(X509CertificateHolder cert, X509CertificateHolder issuer) {
        try {
            return cert.getIssuer().equals(issuer.getSubject())
                    && cert.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer));
        } catch (Exception e) {
            return false;
        }
    }

    private List<X509CertificateHolder> known(List<X509CertificateHolder> chain) {
        List<X509CertificateHolder> known = new ArrayList<>(chain);
        for (X509CertificateHolder h : holders(roots())) {
            if (!known.contains(h)) {
                known.add(h);
            }
        }
        for (X509CertificateHolder h : holders(local.issuers())) {
            if (!known.contains(h)) {
                known.add(h);
            }
        }
        return known;
    }

    /** The known certificate whose name and key hashes the CertID names, if any. */
    private static Optional<X509CertificateHolder> issuerOf(CertificateID id, List<X509CertificateHolder> known) {
        for (X509CertificateHolder k : known) {
            try {
                CertificateID candidate = certificateId(k, id.getSerialNumber(), id.getHashAlgOID());
                if (sameCertificate(candidate, id)) {
                    return Optional.of(k);
                }
            } catch (IllegalArgumentException e) {
                // an algorithm we cannot hash with names no known issuer
            }
        }
        return Optional.empty();
    }

    private static boolean sameCertificate(CertificateID a, CertificateID b) {
        return a.getHashAlgOID().equals(b.getHashAlgOID()) && Arrays.equals(a.getIssuerNameHash(), b.getIssuerNameHash())
                && Arrays.equals(a.getIssuerKeyHash(), b.getIssuerKeyHash()) && a.getSerialNumber().equals(b.getSerialNumber());
    }

    /** The CertID of OCSPRequestDataType's fields (hashes hex, or base64 as some stations send them). */
    static CertificateID certificateId(CertificateStatusService.Query q) {
        BigInteger serial;
        try {
            serial = new BigInteger(q.serialNumber().strip(), 16);
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("serialNumber is not hexadecimal");
        }
        return new CertificateID(new CertID(new AlgorithmIdentifier(digestOid(q.hashAlgorithm()), DERNull.INSTANCE),
                new DEROctetString(CertificateStatusService.hashBytes(q.issuerNameHash())),
                new DEROctetString(CertificateStatusService.hashBytes(q.issuerKeyHash())), new ASN1Integer(serial)));
    }

    private static CertificateID certificateId(X509CertificateHolder issuer, BigInteger serial) {
        return certificateId(issuer, serial, NISTObjectIdentifiers.id_sha256);
    }

    /** RFC 6960 4.1.1: the hashes of the issuer's DER name and of its public key's BIT STRING value. */
    private static CertificateID certificateId(X509CertificateHolder issuer, BigInteger serial, ASN1ObjectIdentifier alg) {
        try {
            String jca = alg.equals(NISTObjectIdentifiers.id_sha256) ? "SHA-256"
                    : alg.equals(NISTObjectIdentifiers.id_sha384) ? "SHA-384"
                    : alg.equals(NISTObjectIdentifiers.id_sha512) ? "SHA-512" : null;
            if (jca == null) {
                throw new IllegalArgumentException("Unsupported hash " + alg);
            }
            byte[] nameHash = MessageDigest.getInstance(jca).digest(issuer.getSubject().getEncoded());
            SubjectPublicKeyInfo key = issuer.getSubjectPublicKeyInfo();
            byte[] keyHash = MessageDigest.getInstance(jca).digest(key.getPublicKeyData().getBytes());
            return new CertificateID(new CertID(new AlgorithmIdentifier(alg, DERNull.INSTANCE), new DEROctetString(nameHash),
                    new DEROctetString(keyHash), new ASN1Integer(serial)));
        } catch (NoSuchAlgorithmException | java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ASN1ObjectIdentifier digestOid(String hashAlgorithm) {
        return switch (hashAlgorithm == null ? "" : hashAlgorithm.toUpperCase(Locale.ROOT)) {
            case "SHA256" -> NISTObjectIdentifiers.id_sha256;
            case "SHA384" -> NISTObjectIdentifiers.id_sha384;
            case "SHA512" -> NISTObjectIdentifiers.id_sha512;
            default -> throw new IllegalArgumentException("Unknown hash algorithm " + hashAlgorithm);
        };
    }

    /** The OCSP responder URL of a certificate's Authority Information Access extension, or null. */
    static String ocspUrl(X509CertificateHolder cert) {
        AuthorityInformationAccess aia = AuthorityInformationAccess.fromExtensions(cert.getExtensions());
        if (aia == null) {
            return null;
        }
        for (AccessDescription d : aia.getAccessDescriptions()) {
            if (X509ObjectIdentifiers.id_ad_ocsp.equals(d.getAccessMethod())
                    && d.getAccessLocation().getTagNo() == GeneralName.uniformResourceIdentifier) {
                return d.getAccessLocation().getName().toString();
            }
        }
        return null;
    }

    private static List<X509CertificateHolder> parse(String pem) throws Exception {
        List<X509CertificateHolder> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder h) {
                    out.add(h);
                } else {
                    throw new IllegalArgumentException("Not a certificate: " + o.getClass().getSimpleName());
                }
            }
        }
        return out;
    }

    private static List<X509CertificateHolder> holders(List<X509Certificate> certs) {
        List<X509CertificateHolder> out = new ArrayList<>();
        for (X509Certificate c : certs) {
            try {
                out.add(new X509CertificateHolder(c.getEncoded()));
            } catch (Exception e) {
                throw new IllegalStateException("A trusted root does not encode", e);
            }
        }
        return out;
    }

    /** Every certificate of a PEM bundle (the operator's roots file). */
    public static List<X509Certificate> readPem(String pem) {
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (X509CertificateHolder h : parse(pem)) {
                out.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(h.getEncoded())));
            }
            return List.copyOf(out);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("Not a certificate: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalArgumentException("Cannot read the certificates: " + e.getMessage(), e);
        }
    }
}
