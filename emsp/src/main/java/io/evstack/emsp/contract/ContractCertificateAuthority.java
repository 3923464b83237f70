package io.evstack.emsp.contract;

import io.evstack.emsp.token.ContractIds;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Our contract-certificate CA as a Mobility Operator (ISO 15118-2 Annex F): an MO root CA, an MO sub-CA it
 * signed, and the contract certificates the sub-CA signs for our Plug &amp; Charge tokens. All ECDSA P-256 with
 * SHA-256, as ISO 15118-2 prescribes. An EV presents its contract certificate with the chain up to (not
 * including) the root; a charging station trusts it when our root is among its MO roots.
 *
 * <p>Keys and certificates come from {@link ContractCaKeyStore} (a PKCS#12 file, so that contract certificates
 * keep verifying after a restart), or are made afresh in memory by
 * {@link #ContractCertificateAuthority(Clock, String, String, String)}.
 */
public final class ContractCertificateAuthority {
    static final Duration ROOT_VALIDITY = Duration.ofDays(20 * 365);
    static final Duration SUB_CA_VALIDITY = Duration.ofDays(4 * 365);
    static final Duration CONTRACT_VALIDITY = Duration.ofDays(2 * 365);
    /** Certificates start a little in the past: a charging station's clock may be behind ours. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    /** A CA certificate and its private key. */
    record CaKey(X509Certificate certificate, PrivateKey key) {
        ContentSigner signer() {
            return ContractCertificateAuthority.signer(key);
        }
    }

    /** The MO root and the MO sub-CA it signed. */
    record Keys(CaKey root, CaKey subCa) {}

    private final Clock clock;
    private final CaKey root;
    private final CaKey subCa;
    private final String ocspUrl;
    private final SecureRandom random = new SecureRandom();

    /**
     * A new root and sub-CA, held in memory only (tests; a restarted eMSP would sign with others).
     *
     * @param ocspUrl our OCSP responder, named in the sub-CA's and every contract certificate's AIA
     */
    public ContractCertificateAuthority(Clock clock, String countryCode, String partyId, String ocspUrl) {
        this(clock, generate(clock, countryCode, partyId, ocspUrl), ocspUrl);
    }

    ContractCertificateAuthority(Clock clock, Keys keys, String ocspUrl) {
        this.clock = clock;
        this.root = keys.root();
        this.subCa = keys.subCa();
        this.ocspUrl = ocspUrl;
    }

    /** A new MO root (pathLen 2, as ISO 15118-2 allows two sub-CA levels) and sub-CA 1 (pathLen 0) under it. */
    static Keys generate(Clock clock, String countryCode, String partyId, String ocspUrl) {
        String party = partyId.toUpperCase(Locale.ROOT);
        String country = countryCode.toUpperCase(Locale.ROOT);
        Instant now = clock.instant();
        try {
            KeyPair rootKey = newKey();
            X500Name rootName = caName(party + " MO Root CA", party, country);
            var rootBuilder = new X509v3CertificateBuilder(rootName, serial(new SecureRandom()),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(ROOT_VALIDITY)), rootName,
                    SubjectPublicKeyInfo.getInstance(rootKey.getPublic().getEncoded()));
            caExtensions(rootBuilder, 2, rootKey.getPublic().getEncoded(), null);
            X509Certificate root = certificate(rootBuilder, signer(rootKey.getPrivate()));

            KeyPair subKey = newKey();
            var subBuilder = new X509v3CertificateBuilder(X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
                    serial(new SecureRandom()), Date.from(now.minus(BACKDATE)), Date.from(now.plus(SUB_CA_VALIDITY)),
                    caName(party + " MO Sub-CA 1", party, country),
                    SubjectPublicKeyInfo.getInstance(subKey.getPublic().getEncoded()));
            caExtensions(subBuilder, 0, subKey.getPublic().getEncoded(), root);
            // Stations ask for the sub-CA's status too (OCPP 2.0.1 C07 sends OCSP data for every certificate
            // of the chain); the URL is fixed here, at creation.
            subBuilder.addExtension(Extension.authorityInfoAccess, false, ocsp(ocspUrl));
            X509Certificate sub = certificate(subBuilder, signer(rootKey.getPrivate()));
            return new Keys(new CaKey(root, rootKey.getPrivate()), new CaKey(sub, subKey.getPrivate()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot create the contract-certificate CA", e);
        }
    }

    /**
     * Signs a contract certificate for {@code emaid} (with or without hyphens; its check digit must be right):
     * subject {@code CN=<eMAID without hyphens>, O=<provider id>, C=<country>} (both from the eMAID), valid two
     * years but never beyond the sub-CA, for digital signatures and key agreement (ISO 15118-2), with our OCSP
     * responder in its AIA.
     */
    public X509Certificate issue(ContractCsr csr, String emaid) {
        if (!ContractIds.valid(emaid)) {
            throw new IllegalArgumentException("Not an eMAID with a valid check digit: " + emaid);
        }
        String compact = emaid.replace("-", "").toUpperCase(Locale.ROOT);
        Instant now = clock.instant();
        Instant subCaEnd = subCa.certificate().getNotAfter().toInstant();
        Instant notAfter = now.plus(CONTRACT_VALIDITY).isAfter(subCaEnd) ? subCaEnd : now.plus(CONTRACT_VALIDITY);
        if (!notAfter.isAfter(now)) {
            throw new IllegalStateException("The MO sub-CA expired at " + subCaEnd + "; no contract certificate can be signed");
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, compact)
                .addRDN(BCStyle.O, compact.substring(2, 5)).addRDN(BCStyle.C, compact.substring(0, 2)).build();
        try {
            var b = new X509v3CertificateBuilder(X500Name.getInstance(subCa.certificate().getSubjectX500Principal().getEncoded()),
                    serial(random), Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, csr.publicKey());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(csr.publicKey()));
            b.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId(subCa.certificate()));
            b.addExtension(Extension.authorityInfoAccess, false, ocsp(ocspUrl));
            return certificate(b, subCa.signer());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Signing the contract certificate failed", e);
        }
    }

    public X509Certificate root() {
        return root.certificate();
    }

    public X509Certificate subCa() {
        return subCa.certificate();
    }

    /** Our OCSP responder, as the certificates name it. */
    public String ocspUrl() {
        return ocspUrl;
    }

    public String rootPem() {
        return pem(root.certificate());
    }

    /** The chain an EV installs and presents: the contract certificate, then the sub-CA (ISO 15118 leaves the root out). */
    public String chainPem(X509Certificate leaf) {
        return pem(leaf) + pem(subCa.certificate());
    }

    /**
     * Which of our CAs (root, then sub-CA) an OCSP CertID names by its issuer hashes (RFC 6960 4.1.1: the hash of
     * the issuer's DER-encoded subject name and of the value of its public key's BIT STRING).
     *
     * @param hashAlgorithm SHA256, SHA384 or SHA512 (OCPP 2.0.1 HashAlgorithmEnumType), or SHA1 (what many
     *                      OCSP clients, the JDK's among them, use in CertIDs)
     */
    Optional<CaKey> issuerNamed(String hashAlgorithm, byte[] issuerNameHash, byte[] issuerKeyHash) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(jcaDigest(hashAlgorithm));
        } catch (NoSuchAlgorithmException e) {
            return Optional.empty();
        }
        for (CaKey ca : List.of(root, subCa)) {
            byte[] name = digest.digest(ca.certificate().getSubjectX500Principal().getEncoded());
            byte[] key = digest.digest(SubjectPublicKeyInfo.getInstance(ca.certificate().getPublicKey().getEncoded())
                    .getPublicKeyData().getBytes());
            if (MessageDigest.isEqual(name, issuerNameHash) && MessageDigest.isEqual(key, issuerKeyHash)) {
                return Optional.of(ca);
            }
        }
        return Optional.empty();
    }

    boolean isRoot(CaKey ca) {
        return ca == root;
    }

    Keys keys() {
        return new Keys(root, subCa);
    }

    /** The JCA name of an OCPP / ISO 15118 hash algorithm name. */
    static String jcaDigest(String hashAlgorithm) throws NoSuchAlgorithmException {
        return switch (hashAlgorithm == null ? "" : hashAlgorithm.toUpperCase(Locale.ROOT).replace("-", "")) {
            case "SHA1" -> "SHA-1";
            case "SHA256" -> "SHA-256";
            case "SHA384" -> "SHA-384";
            case "SHA512" -> "SHA-512";
            default -> throw new NoSuchAlgorithmException("Unknown hash algorithm " + hashAlgorithm);
        };
    }

    /** A certificate, CSR or key in PEM. */
    public static String pem(Object o) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    private static X500Name caName(String commonName, String partyId, String countryCode) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).addRDN(BCStyle.O, partyId)
                .addRDN(BCStyle.C, countryCode).addRDN(BCStyle.DC, "MO").build();
    }

    private static void caExtensions(X509v3CertificateBuilder b, int pathLength, byte[] publicKey, X509Certificate issuer)
            throws GeneralSecurityException, CertIOException {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(SubjectPublicKeyInfo.getInstance(publicKey)));
        if (issuer != null) {
            b.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId(issuer));
        }
    }

    /** The issuer's own subject key identifier, so that the two always match. */
    private static AuthorityKeyIdentifier authorityKeyId(X509Certificate issuer) throws GeneralSecurityException {
        SubjectKeyIdentifier id = SubjectKeyIdentifier.fromExtensions(new JcaX509CertificateHolder(issuer).getExtensions());
        return new AuthorityKeyIdentifier(id.getKeyIdentifier());
    }

    private static AuthorityInformationAccess ocsp(String url) {
        return new AuthorityInformationAccess(new AccessDescription(AccessDescription.id_ad_ocsp,
                new GeneralName(GeneralName.uniformResourceIdentifier, url)));
    }

    /** A positive serial of 64 random bits (bit 64 set, so each is 17 hex digits long). */
    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(64, random).setBit(64);
    }

    private static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("Cannot make a " + SIGNATURE_ALGORITHM + " signer", e);
        }
    }

    private static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate certificate(X509v3CertificateBuilder b, ContentSigner signer)
            throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }
}
