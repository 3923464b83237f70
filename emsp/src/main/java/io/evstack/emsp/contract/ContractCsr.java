package io.evstack.emsp.contract;

import io.evstack.emsp.EmspException;
import java.io.IOException;
import java.io.StringReader;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * A PKCS#10 certificate signing request for a contract certificate, checked: PEM, its signature valid (the
 * requester holds the key), its key EC P-256 (ISO 15118-2 contract certificates are secp256r1). Only the key
 * is taken from it: the subject is ours to set (the eMAID we assign), whatever the CSR asks for.
 */
public final class ContractCsr {
    /** Far more than a P-256 CSR needs (about 500 characters of PEM). */
    private static final int MAX_PEM_LENGTH = 16_384;

    private final SubjectPublicKeyInfo publicKey;

    private ContractCsr(SubjectPublicKeyInfo publicKey) {
        this.publicKey = publicKey;
    }

    /** The checked CSR; a 400 saying what is wrong with it otherwise. */
    public static ContractCsr parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw EmspException.badRequest("csr is required: a PEM PKCS#10 certificate signing request");
        }
        if (pem.length() > MAX_PEM_LENGTH) {
            throw EmspException.badRequest("csr is too long for a P-256 certificate signing request");
        }
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            parsed = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw EmspException.badRequest("csr is malformed: " + e.getMessage());
        }
        if (!(parsed instanceof PKCS10CertificationRequest csr)) {
            throw EmspException.badRequest("csr is not a PEM PKCS#10 certificate signing request "
                    + "(-----BEGIN CERTIFICATE REQUEST-----)");
        }
        SubjectPublicKeyInfo key = csr.getSubjectPublicKeyInfo();
        boolean valid;
        try {
            valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        } catch (Exception e) {
            throw EmspException.badRequest("The CSR's signature cannot be checked: " + e.getMessage());
        }
        if (!valid) {
            throw EmspException.badRequest("The CSR's signature does not verify with its public key");
        }
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)
                || !SECObjectIdentifiers.secp256r1.equals(key.getAlgorithm().getParameters())) {
            throw EmspException.badRequest("The CSR's key must be an EC key on curve P-256 (secp256r1), "
                    + "as ISO 15118-2 requires of contract certificates");
        }
        return new ContractCsr(key);
    }

    SubjectPublicKeyInfo publicKey() {
        return publicKey;
    }
}
