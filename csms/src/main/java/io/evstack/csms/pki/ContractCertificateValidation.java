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
import java.util.Set;
import java.util.HashSet;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 *       leaf first, root excluded: the CSMS validates the path (RFC 5280, JDK PKIX) up to a trusted V2G or MO
 *       root, requires the leaf to be a contract certificate of the eMAID presented, and asks each
 *       certificate's status, building the OCSP request data itself from the certificates and their Authority
 *       Information Access responder URLs.</li>
 * </ul>
 * Status comes from the co-located eMSP's CA in process ({@link LocalContractIssuers}), else from the
 * responder the data names, fetched under the operator's responder policy ({@link CertificateStatusService}).
 * An answer counts only when its CertID is the one asked, it is current, and it is signed by the
 * certificate's issuer (known here, or carried by the answer and chaining to a trusted root) or by a responder
 * that issuer certified for OCSP signing. Any revoked certificate makes the chain revoked; any status that
 * cannot be had or trusted, or "unknown", makes it a chain error: refusing is the safe side.
 */
public final class ContractCertificateValidation {
    private static final Logger log = LoggerFactory.getLogger(ContractCertificateValidation.class);
    /** Stations' and responders' clocks differ a little; an answer that far in the future or past still counts. */
    private static final Duration SKEW = Duration.ofMinutes(5);
    /** An answer without nextUpdate (RFC 6960: newer information is always available) counts this long. */
    private static final Duration MAX_AGE_WITHOUT_NEXT_UPDATE = Duration.ofHours(24);
    /** How long all of one Authorize's OCSP requests may take together (stations wait about 30 s for an answer). */
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    /** AuthorizeCertificateStatusEnumType values this check gives (ContractCancelled is the token's matter). */
    public enum Verdict { ACCEPTED, CERTIFICATE_EXPIRED, CERTIFICATE_REVOKED, SIGNATURE_ERROR, CERT_CHAIN_ERROR }

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
        List<X509Certificate> roots = roots();
        List<X509CertificateHolder> known = known(List.of(), roots);
        List<Callable<Status>> checks = new ArrayList<>();
        for (var q : entries) {
            CertificateID id;
            try {
                id = q.certificateId();
            } catch (IllegalArgumentException e) {
                log.info("Contract certificate hash data unusable: {}", e.getMessage());
                return Verdict.CERT_CHAIN_ERROR;
            }
            checks.add(() -> status(q, id, known, roots, false));
        }
        return verdict(checks);
    }

    /**
     * Central contract validation of a PEM chain, leaf first, root excluded (a trailing trusted root is
     * allowed), for the eMAID the station names: the path is validated as RFC 5280 has it (JDK PKIX: signatures,
     * CA and path-length constraints, key usage, validity, critical extensions) up to a trusted root; the leaf
     * must be a contract certificate (no CA) of that very eMAID (ISO 15118-2: the contract certificate's CN is
     * the eMAID), or else a driver could present their own contract, or the public sub-CA, for another's.
     */
    public Verdict checkChain(String pem, String emaid) {
        List<X509CertificateHolder> holders;
        List<X509Certificate> chain;
        try {
            holders = parse(pem);
            chain = certificates(holders);
        } catch (Exception e) {
            log.info("Contract certificate chain does not parse: {}", e.toString());
            return Verdict.CERT_CHAIN_ERROR;
        }
        if (chain.isEmpty()) {
            return Verdict.CERT_CHAIN_ERROR;
        }
        List<X509Certificate> roots = roots();
        if (chain.size() > 1 && roots.contains(chain.getLast())) {
            chain = chain.subList(0, chain.size() - 1);
            holders = holders.subList(0, holders.size() - 1);
        }
        X509Certificate leaf = chain.getFirst();
        if (leaf.getBasicConstraints() >= 0 || !compactEmaid(commonName(holders.getFirst())).equals(compactEmaid(emaid))) {
            log.info("Certificate {} is not a contract certificate of eMAID {}", leaf.getSubjectX500Principal(), emaid);
            return Verdict.CERT_CHAIN_ERROR;
        }
        X509Certificate anchor;
        try {
            anchor = validatePath(chain, roots);
        } catch (CertPathValidatorException e) {
            log.info("Contract certificate chain of {} does not hold: {}", leaf.getSubjectX500Principal(), e.getMessage());
            // a certificate of the chain whose signature does not verify with its issuer's key: forged or damaged
            if (e.getReason() == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
                return Verdict.SIGNATURE_ERROR;
            }
            return e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID
                    ? Verdict.CERTIFICATE_EXPIRED : Verdict.CERT_CHAIN_ERROR;
        }
        try {
            anchor.checkValidity(java.util.Date.from(clock.instant())); // PKIX leaves the trust anchor's dates alone
        } catch (CertificateException e) {
            return Verdict.CERTIFICATE_EXPIRED;
        }
        List<X509CertificateHolder> all = new ArrayList<>(holders);
        all.add(holder(anchor));
        List<X509CertificateHolder> known = known(all, roots);
        List<Callable<Status>> checks = new ArrayList<>();
        for (int i = 0; i < holders.size(); i++) {
            X509CertificateHolder cert = holders.get(i);
            CertificateID id = certificateId(all.get(i + 1), cert.getSerialNumber());
            var q = new CertificateStatusService.Query("SHA256", HexFormat.of().formatHex(id.getIssuerNameHash()),
                    HexFormat.of().formatHex(id.getIssuerKeyHash()), cert.getSerialNumber().toString(16), ocspUrl(cert));
            checks.add(() -> status(q, id, known, roots, true));
        }
        return verdict(checks);
    }

    /**
     * The certificates' statuses asked together (each may be an HTTP round trip to another responder), all
     * within {@link #DEADLINE}: one after the other, a chain of four with slow responders would outlast the
     * station's wait for the Authorize answer. A revoked certificate makes the chain revoked; otherwise one
     * status that is not a trusted "good", or not had in time, makes it a chain error.
     */
    private static Verdict verdict(List<Callable<Status>> checks) {
        List<Status> statuses = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Status> f : executor.invokeAll(checks, DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                statuses.add(f.isCancelled() ? Status.NOT_GOOD : f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.CERT_CHAIN_ERROR;
        } catch (ExecutionException e) {
            log.warn("Contract certificate status check failed", e.getCause());
            return Verdict.CERT_CHAIN_ERROR;
        }
        if (statuses.contains(Status.REVOKED)) {
            return Verdict.CERTIFICATE_REVOKED;
        }
        return statuses.contains(Status.NOT_GOOD) ? Verdict.CERT_CHAIN_ERROR : Verdict.ACCEPTED;
    }

    /** The trusted roots: the operator's and the co-located eMSP's. */
    public List<X509Certificate> roots() {
        List<X509Certificate> roots = new ArrayList<>(configuredRoots.get());
        roots.addAll(local.roots());
        return roots;
    }

    /** RFC 5280 path validation to one of the roots, revocation left to OCSP; the root it ends in. */
    private X509Certificate validatePath(List<X509Certificate> path, List<X509Certificate> roots)
            throws CertPathValidatorException {
        if (roots.isEmpty()) {
            throw new CertPathValidatorException("No trusted V2G or MO root is configured");
        }
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            roots.forEach(r -> anchors.add(new TrustAnchor(r, null)));
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(java.util.Date.from(clock.instant()));
            var result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
            return result.getTrustAnchor().getTrustedCert();
        } catch (CertPathValidatorException e) {
            throw e;
        } catch (java.security.GeneralSecurityException e) {
            throw new CertPathValidatorException(e.getMessage(), e);
        }
    }

    /**
     * The status an OCSP answer gives, if it can be trusted: for the CertID asked, current, and signed by the
     * certificate's issuer, or by a responder the issuer certified for OCSP signing (RFC 6960 4.2.2.2). The
     * issuer is a known certificate (the chain, the roots, our eMSP's CAs) or one the answer carries, whose
     * name and key hashes are the CertID's; one not validated already must chain to a trusted root. Without
     * such an issuer nothing vouches for the answer: an http responder's "good" could come from anyone on the
     * way, bringing a revoked contract back.
     */
    private Status status(CertificateStatusService.Query q, CertificateID id, List<X509CertificateHolder> known,
            List<X509Certificate> roots, boolean issuerValidated) {
        var outcome = network.status(q); // the co-located eMSP's CA in process, else the responder named
        if (!outcome.accepted()) {
            log.warn("No OCSP status for contract certificate serial {} ({}): {}", q.serialNumber(), q.responderUrl(),
                    outcome.additionalInfo());
            return Status.NOT_GOOD;
        }
        try {
            OCSPResp resp = new OCSPResp(Base64.getDecoder().decode(outcome.ocspResult()));
            if (resp.getStatus() != OCSPResp.SUCCESSFUL || !(resp.getResponseObject() instanceof BasicOCSPResp basic)) {
                return Status.NOT_GOOD;
            }
            List<X509CertificateHolder> carried = Arrays.asList(basic.getCerts());
            X509CertificateHolder issuer = issuerOf(id, known).orElseGet(() -> issuerOf(id, carried).orElse(null));
            if (issuer == null || (!issuerValidated && !chainsToRoot(issuer, roots))) {
                log.warn("OCSP answer for contract certificate serial {}: its issuer is not known or not trusted",
                        q.serialNumber());
                return Status.NOT_GOOD;
            }
            if (!signedByIssuer(basic, issuer, carried)) {
                log.warn("OCSP answer for contract certificate serial {} is not signed by its issuer", q.serialNumber());
                return Status.NOT_GOOD;
            }
            Instant now = clock.instant();
            for (SingleResp r : basic.getResponses()) {
                if (!sameCertificate(r.getCertID(), id)) {
                    continue;
                }
                Instant thisUpdate = r.getThisUpdate().toInstant();
                boolean stale = r.getNextUpdate() != null ? r.getNextUpdate().toInstant().isBefore(now.minus(SKEW))
                        : thisUpdate.isBefore(now.minus(MAX_AGE_WITHOUT_NEXT_UPDATE));
                if (thisUpdate.isAfter(now.plus(SKEW)) || stale) {
                    log.warn("OCSP answer for contract certificate serial {} is not current", q.serialNumber());
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

    /** Whether a CA certificate is a trusted root or chains to one (PKIX). */
    private boolean chainsToRoot(X509CertificateHolder ca, List<X509Certificate> roots) {
        try {
            X509Certificate c = certificates(List.of(ca)).getFirst();
            if (roots.contains(c)) {
                return true;
            }
            validatePath(List.of(c), roots);
            return c.getBasicConstraints() >= 0;
        } catch (Exception e) {
            return false;
        }
    }

    private boolean signedByIssuer(BasicOCSPResp basic, X509CertificateHolder issuer, List<X509CertificateHolder> carried) {
        if (verifies(basic, issuer)) {
            return true;
        }
        java.util.Date now = java.util.Date.from(clock.instant());
        for (X509CertificateHolder delegate : carried) {
            // a delegated responder: certified by the issuer for OCSP signing, and valid now
            if (verifies(basic, delegate) && signedBy(delegate, issuer) && isOcspSigner(delegate) && delegate.isValidOn(now)) {
                return true;
            }
        }
        return false;
    }

    private static String commonName(X509CertificateHolder cert) {
        var cns = cert.getSubject().getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.CN);
        return cns.length == 0 ? "" : org.bouncycastle.asn1.x500.style.IETFUtils.valueToString(cns[0].getFirst().getValue());
    }

    /** An eMAID as ISO 15118-2 writes it: without separators, upper case (an idToken may carry them). */
    static String compactEmaid(String emaid) {
        return emaid == null ? "" : emaid.replace("-", "").replace("*", "").strip().toUpperCase(Locale.ROOT);
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

    private List<X509CertificateHolder> known(List<X509CertificateHolder> chain, List<X509Certificate> roots) {
        List<X509CertificateHolder> known = new ArrayList<>(chain);
        for (X509CertificateHolder h : holders(roots)) {
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

    private static List<X509Certificate> certificates(List<X509CertificateHolder> holders) throws CertificateException {
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (X509CertificateHolder h : holders) {
            try {
                out.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(h.getEncoded())));
            } catch (java.io.IOException e) {
                throw new CertificateException(e);
            }
        }
        return out;
    }

    private static X509CertificateHolder holder(X509Certificate c) {
        return holders(List.of(c)).getFirst();
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
