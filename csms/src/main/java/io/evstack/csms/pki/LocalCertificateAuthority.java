package io.evstack.csms.pki;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
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

    private final Clock clock;
    private final KeyPair rootKey;
    private final X509Certificate root;
    private final SecureRandom random = new SecureRandom();

    /** A new root, held in memory only: a restarted stack would sign with another one. */
    public LocalCertificateAuthority(Clock clock) {
        this(clock, newRoot(clock));
    }

    private LocalCertificateAuthority(Clock clock, Root root) {
        this(clock, root.key(), root.certificate());
    }

    /** With a root kept elsewhere ({@link CertificateAuthorityStore}). */
    public LocalCertificateAuthority(Clock clock, KeyPair rootKey, X509Certificate root) {
        this.clock = clock;
        this.rootKey = rootKey;
        this.root = root;
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
        if (!chargePointId.equals(commonName)) {
            throw new InvalidCsrException("The CSR's common name " + commonName + " is not the station's identity");
        }
        try {
            Instant now = clock.instant();
            var b = new X509v3CertificateBuilder(X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
                    new BigInteger(64, random), Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)),
                    csr.getSubject(), csr.getSubjectPublicKeyInfo());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(b.build(signer()));
            return pem(leaf) + pem(root);
        } catch (Exception e) {
            throw new IllegalStateException("Signing failed", e);
        }
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
