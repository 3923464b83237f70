package io.evstack.csms.pki;

import static io.evstack.db.generated.Tables.CHARGE_POINT;
import static io.evstack.db.generated.Tables.ISSUED_CERTIFICATE;

import io.evstack.csms.CsmsException;
import io.evstack.csms.Times;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.jooq.DSLContext;

/**
 * The certificates our CA signed, kept so that their status can be answered over OCSP (OCPP 2.0.1 M06)
 * and so that an operator can list and revoke them. Serial numbers are lower-case hex.
 */
public final class IssuedCertificates implements LocalCertificateAuthority.IssuanceLog {

    /** A certificate we issued and whether it was revoked. */
    public record IssuedCertificate(String serialNumber, String chargePointId, String certificateType, String subject,
            Instant notBefore, Instant notAfter, Instant issuedAt, Instant revokedAt, String revocationReason) {}

    /** RFC 5280 5.3.1 CRLReason codes an operator may give, by name. */
    public enum RevocationReason {
        unspecified(0), keyCompromise(1), cACompromise(2), affiliationChanged(3), superseded(4),
        cessationOfOperation(5), certificateHold(6), privilegeWithdrawn(9);

        public final int code;

        RevocationReason(int code) {
            this.code = code;
        }
    }

    private final DSLContext dsl;
    private final Clock clock;

    public IssuedCertificates(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    public static String hex(BigInteger serial) {
        return serial.toString(16);
    }

    @Override
    public void issued(String chargePointId, String certificateType, X509Certificate certificate) {
        Long pk = dsl.select(CHARGE_POINT.ID).from(CHARGE_POINT).where(CHARGE_POINT.CHARGE_POINT_ID.eq(chargePointId))
                .fetchOne(CHARGE_POINT.ID);
        String subject = certificate.getSubjectX500Principal().getName();
        dsl.insertInto(ISSUED_CERTIFICATE)
                .set(ISSUED_CERTIFICATE.SERIAL_NUMBER, hex(certificate.getSerialNumber()))
                .set(ISSUED_CERTIFICATE.CHARGE_POINT_PK, pk)
                .set(ISSUED_CERTIFICATE.CERTIFICATE_TYPE, certificateType)
                .set(ISSUED_CERTIFICATE.SUBJECT, subject.length() > 512 ? subject.substring(0, 512) : subject)
                .set(ISSUED_CERTIFICATE.NOT_BEFORE, Times.millis(certificate.getNotBefore().toInstant()))
                .set(ISSUED_CERTIFICATE.NOT_AFTER, Times.millis(certificate.getNotAfter().toInstant()))
                .set(ISSUED_CERTIFICATE.CERTIFICATE_PEM, pem(certificate))
                .set(ISSUED_CERTIFICATE.ISSUED_AT, Times.millis(clock.instant()))
                .execute();
    }

    public Optional<IssuedCertificate> find(BigInteger serial) {
        return query().where(ISSUED_CERTIFICATE.SERIAL_NUMBER.eq(hex(serial))).fetch().stream().map(this::map).findFirst();
    }

    /** The certificates signed for one station, newest first. */
    public List<IssuedCertificate> list(long chargePointPk) {
        var rows = query().where(ISSUED_CERTIFICATE.CHARGE_POINT_PK.eq(chargePointPk))
                .orderBy(ISSUED_CERTIFICATE.ISSUED_AT.desc(), ISSUED_CERTIFICATE.ID.desc()).limit(500).fetch();
        return rows.stream().map(this::map).toList();
    }

    /** Whether the station holds a certificate of this type from our CA that is neither expired nor revoked. */
    public boolean hasValid(long chargePointPk, String certificateType) {
        return dsl.fetchExists(dsl.selectOne().from(ISSUED_CERTIFICATE)
                .where(ISSUED_CERTIFICATE.CHARGE_POINT_PK.eq(chargePointPk))
                .and(ISSUED_CERTIFICATE.CERTIFICATE_TYPE.eq(certificateType))
                .and(ISSUED_CERTIFICATE.REVOKED_AT.isNull())
                .and(ISSUED_CERTIFICATE.NOT_AFTER.gt(Times.millis(clock.instant()))));
    }

    /** Revokes one certificate; revoking it again keeps the first time and reason. */
    public IssuedCertificate revoke(String serialHex, RevocationReason reason) {
        BigInteger serial;
        try {
            serial = new BigInteger(serialHex, 16);
        } catch (NumberFormatException e) {
            throw CsmsException.badRequest("serialNumber must be hexadecimal");
        }
        dsl.update(ISSUED_CERTIFICATE)
                .set(ISSUED_CERTIFICATE.REVOKED_AT, Times.millis(clock.instant()))
                .set(ISSUED_CERTIFICATE.REVOCATION_REASON, reason.name())
                .where(ISSUED_CERTIFICATE.SERIAL_NUMBER.eq(hex(serial)))
                .and(ISSUED_CERTIFICATE.REVOKED_AT.isNull())
                .execute();
        return find(serial).orElseThrow(() -> CsmsException.notFound("Certificate with serial", serialHex));
    }

    private org.jooq.SelectJoinStep<org.jooq.Record> query() {
        return dsl.select(ISSUED_CERTIFICATE.fields()).select(CHARGE_POINT.CHARGE_POINT_ID).from(ISSUED_CERTIFICATE)
                .leftJoin(CHARGE_POINT).on(CHARGE_POINT.ID.eq(ISSUED_CERTIFICATE.CHARGE_POINT_PK));
    }

    private IssuedCertificate map(org.jooq.Record r) {
        return new IssuedCertificate(r.get(ISSUED_CERTIFICATE.SERIAL_NUMBER), r.get(CHARGE_POINT.CHARGE_POINT_ID),
                r.get(ISSUED_CERTIFICATE.CERTIFICATE_TYPE), r.get(ISSUED_CERTIFICATE.SUBJECT),
                r.get(ISSUED_CERTIFICATE.NOT_BEFORE), r.get(ISSUED_CERTIFICATE.NOT_AFTER), r.get(ISSUED_CERTIFICATE.ISSUED_AT),
                r.get(ISSUED_CERTIFICATE.REVOKED_AT), r.get(ISSUED_CERTIFICATE.REVOCATION_REASON));
    }

    private static String pem(X509Certificate certificate) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(certificate);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }
}
