package io.evstack.emsp.contract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** What an EV and an OCSP client do in the tests: keys, CSRs, OCSP requests, chain checks. */
final class ContractTestPki {
    private ContractTestPki() {}

    static KeyPair ecKey() {
        return key("EC", new ECGenParameterSpec("secp256r1"));
    }

    static KeyPair key(String algorithm, java.security.spec.AlgorithmParameterSpec spec) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                g.initialize(spec);
            } else {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PEM CSR for {@code subjectKey}'s public key, signed with {@code signingKey}'s private key. */
    static String csr(KeyPair subjectKey, KeyPair signingKey, String signatureAlgorithm) {
        try {
            var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=my EV"), subjectKey.getPublic())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm).build(signingKey.getPrivate()));
            return pem(request);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String csr(KeyPair key) {
        return csr(key, key, "SHA256withECDSA");
    }

    static String pem(Object o) {
        return ContractCertificateAuthority.pem(o);
    }

    static List<X509Certificate> certificates(String pem) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                    .map(X509Certificate.class::cast).toList();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Validates {@code chain} (leaf first, root left out) up to {@code root} at {@code at}, as PKIX does; throws if not. */
    static void verifyChain(List<X509Certificate> chain, X509Certificate root, Instant at) throws GeneralSecurityException {
        var params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), params);
    }

    /** A DER OCSP request for {@code serial} issued by {@code issuer}, CertID hashed with SHA-256, with a nonce. */
    static byte[] ocspRequest(X509Certificate issuer, BigInteger serial, byte[] nonce) {
        try {
            var digest = new JcaDigestCalculatorProviderBuilder().build()
                    .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
            var builder = new OCSPReqBuilder().addRequest(new CertificateID(digest, new JcaX509CertificateHolder(issuer), serial));
            if (nonce != null) {
                // RFC 8954: the extension's value is the DER OCTET STRING of the nonce
                builder.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                        new DEROctetString(new DEROctetString(nonce).getEncoded()))));
            }
            return builder.build().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static OCSPResp ocspResponse(byte[] der) {
        try {
            return new OCSPResp(der);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static BasicOCSPResp basic(byte[] der) {
        try {
            return (BasicOCSPResp) ocspResponse(der).getResponseObject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
