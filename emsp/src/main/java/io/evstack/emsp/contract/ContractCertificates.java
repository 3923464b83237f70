package io.evstack.emsp.contract;

import io.evstack.emsp.EmspException;
import io.evstack.emsp.token.Token;
import io.evstack.emsp.token.TokenService;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ISO 15118 Plug &amp; Charge contracts: a driver's EV gets a contract certificate from our MO sub-CA together
 * with a Plug &amp; Charge token whose uid is the certificate's eMAID, so that the CSMS (OCPP 2.0.1 C07) and
 * other CPOs (OCPI) can authorize the EV by that token. Revoking the certificate expires the token, which
 * tells the CPOs.
 *
 * <p>The other way round, a token blocked or expired through the token API leaves its certificate as it
 * is: the certificate then still verifies and is GOOD to OCSP, but a CPO authorizes the token as well and
 * refuses it (the CSMS checks both).
 */
public final class ContractCertificates {
    private static final Logger log = LoggerFactory.getLogger(ContractCertificates.class);

    private final DSLContext dsl;
    private final Clock clock;
    private final TokenService tokens;
    private final ContractCertificateAuthority ca;

    public ContractCertificates(DSLContext dsl, Clock clock, TokenService tokens, ContractCertificateAuthority ca) {
        this.dsl = dsl;
        this.clock = clock;
        this.tokens = tokens;
        this.ca = ca;
    }

    public ContractCertificateAuthority authority() {
        return ca;
    }

    /**
     * Whether this CA signed the contract certificates already stored (the last one issued), or there are none. Not
     * so when the CA's key store was lost or replaced and a new CA made: every stored contract then fails at the
     * stations (its chain ends in a root nobody trusts any more) and OCSP no longer answers for it.
     */
    public boolean issuedTheStoredCertificates() {
        return new ContractCertificateRepository(dsl).latest().map(c -> {
            try {
                var cert = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(new java.io.ByteArrayInputStream(
                                c.certificatePem().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                cert.verify(ca.subCa().getPublicKey());
                return true;
            } catch (java.security.GeneralSecurityException e) {
                return false;
            }
        }).orElse(true);
    }

    /**
     * The DER OCSPResponse our responder gives to a DER OCSPRequest: what {@code /emsp/ocsp} answers over HTTP,
     * here for a co-located CSMS that asks in process.
     */
    public byte[] ocspResponse(byte[] derRequest) {
        return new OcspResponder(this, clock).respond(derRequest);
    }

    /**
     * Checks the CSR (400 when it is not a valid P-256 CSR), creates a Plug &amp; Charge token for the account
     * (pushed to the CPOs), signs the contract certificate for its eMAID and stores it.
     */
    public IssuedContractCertificate issue(long accountPk, String csrPem) {
        ContractCsr csr = ContractCsr.parse(csrPem);
        Token token = tokens.issueContractToken(accountPk);
        X509Certificate certificate;
        String certificatePem;
        try {
            certificate = ca.issue(csr, token.contractId());
            certificatePem = ContractCertificateAuthority.pem(certificate);
            new ContractCertificateRepository(dsl).insert(serial(certificate.getSerialNumber()), token.contractId(),
                    token.uid(), accountPk, now(), certificate.getNotAfter().toInstant(), certificatePem);
        } catch (RuntimeException e) {
            // No token without its certificate: end it (and tell the CPOs) before reporting the failure.
            try {
                tokens.expire(token.uid());
            } catch (RuntimeException expiry) {
                e.addSuppressed(expiry);
            }
            throw e;
        }
        // The token ends with its certificate: a contract that has ended authorizes nothing, even without its chain.
        tokens.expireAt(token.uid(), certificate.getNotAfter().toInstant());
        log.info("Contract certificate {} issued for {} (account {}), valid until {}",
                serial(certificate.getSerialNumber()), token.contractId(), accountPk, certificate.getNotAfter().toInstant());
        return new IssuedContractCertificate(token.contractId(), token.uid(), serial(certificate.getSerialNumber()),
                certificate.getNotAfter().toInstant(), certificatePem, ca.chainPem(certificate), ca.rootPem());
    }

    /** The account's contract certificates, oldest first. */
    public List<ContractCertificate> ofAccount(long accountPk) {
        return new ContractCertificateRepository(dsl).ofAccount(accountPk);
    }

    /**
     * Revokes one of the account's certificates (404 for any other) and expires its token, which is pushed to
     * the CPOs. Revoking a revoked certificate changes nothing.
     *
     * @param serial hex, in either case
     */
    public ContractCertificate revoke(long accountPk, String serial, RevocationReason reason) {
        String normalized = normalizedSerial(serial)
                .orElseThrow(() -> EmspException.notFound("No contract certificate " + serial));
        var repo = new ContractCertificateRepository(dsl);
        ContractCertificate certificate = repo.bySerial(normalized).filter(c -> c.accountId() == accountPk)
                .orElseThrow(() -> EmspException.notFound("No contract certificate " + serial));
        if (repo.revoke(normalized, now(), reason.rfcName) == 1) {
            log.info("Contract certificate {} of {} revoked ({}); expiring token {}", normalized, certificate.emaid(),
                    reason.rfcName, certificate.tokenUid());
        }
        // Also when it was revoked already: a revocation whose token expiry failed is finished by the retry.
        if (!"EXPIRED".equals(tokens.token(certificate.tokenUid()).status())) {
            tokens.expire(certificate.tokenUid());
        }
        return repo.bySerial(normalized).orElseThrow();
    }

    /**
     * The status of a certificate named by an OCSP CertID (RFC 6960 4.1.1): empty when the issuer hashes name
     * neither our root nor our sub-CA (or the hash algorithm is not one we know); for the root, GOOD for the
     * sub-CA's serial; for the sub-CA, GOOD or REVOKED for a contract certificate it issued; otherwise UNKNOWN.
     *
     * @param hashAlgorithm SHA256, SHA384 or SHA512 (OCPP 2.0.1 HashAlgorithmEnumType); SHA1 is taken too
     */
    public Optional<ContractCertificateStatus> status(String hashAlgorithm, byte[] issuerNameHash, byte[] issuerKeyHash,
            BigInteger serial) {
        return ca.issuerNamed(hashAlgorithm, issuerNameHash, issuerKeyHash).map(issuer -> statusUnder(issuer, serial));
    }

    ContractCertificateStatus statusUnder(ContractCertificateAuthority.CaKey issuer, BigInteger serial) {
        if (ca.isRoot(issuer)) {
            return ca.subCa().getSerialNumber().equals(serial) ? ContractCertificateStatus.GOOD
                    : ContractCertificateStatus.UNKNOWN;
        }
        return new ContractCertificateRepository(dsl).bySerial(serial(serial))
                .<ContractCertificateStatus>map(c -> c.revoked()
                        ? new ContractCertificateStatus.Revoked(c.revokedAt(),
                                RevocationReason.named(c.revocationReason()).code)
                        : ContractCertificateStatus.GOOD)
                .orElse(ContractCertificateStatus.UNKNOWN);
    }

    /** How serials are stored: lower-case hex without leading zeros. */
    static String serial(BigInteger serial) {
        return serial.toString(16);
    }

    private static Optional<String> normalizedSerial(String hex) {
        if (hex == null || !hex.strip().matches("[0-9A-Fa-f]{1,40}")) {
            return Optional.empty();
        }
        return Optional.of(serial(new BigInteger(hex.strip().toLowerCase(Locale.ROOT), 16)));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
