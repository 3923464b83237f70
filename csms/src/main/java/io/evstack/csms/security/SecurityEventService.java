package io.evstack.csms.security;

import static io.evstack.db.generated.Tables.CERTIFICATE_REQUEST;
import static io.evstack.db.generated.Tables.SECURITY_EVENT;

import io.evstack.csms.Times;
import io.evstack.csms.chargepoint.ChargePointService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Security events chargers report, and the certificate signing requests they send. */
public final class SecurityEventService {
    private static final Logger log = LoggerFactory.getLogger(SecurityEventService.class);
    private final DSLContext dsl;
    private final Clock clock;
    private final ChargePointService chargePoints;

    public SecurityEventService(DSLContext dsl, Clock clock, ChargePointService chargePoints) {
        this.dsl = dsl;
        this.clock = clock;
        this.chargePoints = chargePoints;
    }

    public void record(String chargePointId, String type, Instant timestamp, String techInfo) {
        long pk = chargePoints.requirePk(chargePointId);
        log.info("Security event from {}: {}", chargePointId, type);
        dsl.insertInto(SECURITY_EVENT)
                .set(SECURITY_EVENT.CHARGE_POINT_PK, pk)
                .set(SECURITY_EVENT.EVENT_TYPE, type)
                .set(SECURITY_EVENT.EVENT_TIME, Times.millis(timestamp))
                .set(SECURITY_EVENT.TECH_INFO, techInfo)
                .set(SECURITY_EVENT.RECEIVED_AT, Times.millis(clock.instant()))
                .execute();
    }

    public List<SecurityEvent> list(String chargePointId) {
        long pk = chargePoints.requirePk(chargePointId);
        return dsl.selectFrom(SECURITY_EVENT)
                .where(SECURITY_EVENT.CHARGE_POINT_PK.eq(pk))
                .orderBy(SECURITY_EVENT.EVENT_TIME.desc(), SECURITY_EVENT.ID.desc())
                .limit(500)
                .fetch(r -> new SecurityEvent(r.getEventType(), r.getEventTime(), r.getTechInfo(), r.getReceivedAt()));
    }

    /**
     * Keeps a CSR from SignCertificate. It is signed by the stack's certificate authority when there is
     * one; until then it waits for the operator.
     */
    public boolean storeCertificateRequest(String chargePointId, String csr, String certificateType) {
        long pk = chargePoints.requirePk(chargePointId);
        if (csr == null || !csr.contains("CERTIFICATE REQUEST")) {
            return false;
        }
        dsl.insertInto(CERTIFICATE_REQUEST)
                .set(CERTIFICATE_REQUEST.CHARGE_POINT_PK, pk)
                .set(CERTIFICATE_REQUEST.CSR, csr)
                .set(CERTIFICATE_REQUEST.CERTIFICATE_TYPE, certificateType)
                .set(CERTIFICATE_REQUEST.STATUS, "Pending")
                .set(CERTIFICATE_REQUEST.RECEIVED_AT, Times.millis(clock.instant()))
                .execute();
        return true;
    }
}
