package io.evstack.emsp.contract;

import java.time.Instant;

/** What an OCSP responder says of one certificate (RFC 6960 section 2.2). */
public sealed interface ContractCertificateStatus {
    ContractCertificateStatus GOOD = new Good();
    ContractCertificateStatus UNKNOWN = new Unknown();

    /** Issued by us and not revoked. */
    record Good() implements ContractCertificateStatus {}

    /** @param reasonCode the RFC 5280 CRLReason code (5.3.1), e.g. 5 for cessationOfOperation */
    record Revoked(Instant at, int reasonCode) implements ContractCertificateStatus {}

    /** The issuer is ours but it never issued this serial. */
    record Unknown() implements ContractCertificateStatus {}
}
