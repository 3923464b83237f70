package io.evstack.emsp.contract;

import static io.evstack.db.generated.Tables.EMSP_CONTRACT_CERTIFICATE;

import io.evstack.db.generated.tables.records.EmspContractCertificateRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** The emsp_contract_certificate table (V26). */
final class ContractCertificateRepository {
    private final DSLContext dsl;

    ContractCertificateRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    void insert(String serial, String emaid, String tokenUid, long accountPk, Instant issuedAt, Instant notAfter,
            String certificatePem) {
        dsl.insertInto(EMSP_CONTRACT_CERTIFICATE).set(EMSP_CONTRACT_CERTIFICATE.SERIAL, serial)
                .set(EMSP_CONTRACT_CERTIFICATE.EMAID, emaid).set(EMSP_CONTRACT_CERTIFICATE.TOKEN_UID, tokenUid)
                .set(EMSP_CONTRACT_CERTIFICATE.ACCOUNT_PK, accountPk).set(EMSP_CONTRACT_CERTIFICATE.ISSUED_AT, issuedAt)
                .set(EMSP_CONTRACT_CERTIFICATE.NOT_AFTER, notAfter)
                .set(EMSP_CONTRACT_CERTIFICATE.CERTIFICATE_PEM, certificatePem).execute();
    }

    Optional<ContractCertificate> bySerial(String serial) {
        return dsl.selectFrom(EMSP_CONTRACT_CERTIFICATE).where(EMSP_CONTRACT_CERTIFICATE.SERIAL.eq(serial))
                .fetchOptional().map(ContractCertificateRepository::certificate);
    }

    List<ContractCertificate> ofAccount(long accountPk) {
        return dsl.selectFrom(EMSP_CONTRACT_CERTIFICATE).where(EMSP_CONTRACT_CERTIFICATE.ACCOUNT_PK.eq(accountPk))
                .orderBy(EMSP_CONTRACT_CERTIFICATE.PK).fetch().map(ContractCertificateRepository::certificate);
    }

    /** The certificate issued last, if any. */
    Optional<ContractCertificate> latest() {
        return dsl.selectFrom(EMSP_CONTRACT_CERTIFICATE).orderBy(EMSP_CONTRACT_CERTIFICATE.PK.desc()).limit(1)
                .fetchOptional().map(ContractCertificateRepository::certificate);
    }

    /** Revokes it unless it is revoked already: 1 for the caller that revoked it, 0 otherwise. */
    int revoke(String serial, Instant at, String reason) {
        return dsl.update(EMSP_CONTRACT_CERTIFICATE).set(EMSP_CONTRACT_CERTIFICATE.REVOKED_AT, at)
                .set(EMSP_CONTRACT_CERTIFICATE.REVOCATION_REASON, reason)
                .where(EMSP_CONTRACT_CERTIFICATE.SERIAL.eq(serial), EMSP_CONTRACT_CERTIFICATE.REVOKED_AT.isNull())
                .execute();
    }

    private static ContractCertificate certificate(EmspContractCertificateRecord r) {
        return new ContractCertificate(r.getSerial(), r.getEmaid(), r.getTokenUid(), r.getAccountPk(), r.getIssuedAt(),
                r.getNotAfter(), r.getRevokedAt() != null, r.getRevokedAt(), r.getRevocationReason(),
                r.getCertificatePem());
    }
}
