package io.evstack.emsp.contract;

import io.javalin.openapi.OpenApiDescription;
import java.time.Instant;

/**
 * A contract certificate we issued, as stored.
 *
 * @param serial           lower-case hex, no leading zeros
 * @param emaid            the contract id, with hyphens
 * @param tokenUid         the Plug &amp; Charge token it authorizes (the eMAID without hyphens)
 * @param revocationReason the RFC 5280 CRLReason name, null while it is not revoked
 */
@OpenApiDescription("An ISO 15118 contract certificate issued to the driver")
public record ContractCertificate(String serial, String emaid, String tokenUid, long accountId, Instant issuedAt,
        Instant notAfter, boolean revoked, Instant revokedAt, String revocationReason,
        @OpenApiDescription("PEM") String certificatePem) {}
