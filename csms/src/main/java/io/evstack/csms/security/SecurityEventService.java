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
    /** Per charger: the current minute of refused handshakes, how many were stored in it and how many not. */
    private final java.util.Map<String, RefusedWindow> refusedWindows = new java.util.concurrent.ConcurrentHashMap<>();

    /** Refused handshakes stored per charger and minute; beyond that they are counted, not stored. */
    static final int REFUSED_STORED_PER_MINUTE = 5;

    private record RefusedWindow(Instant start, int stored, int suppressed, boolean store) {}

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

    /**
     * The event type of a WebSocket handshake this CSMS refused: the name OCPP 2.0.1 gives the same failure
     * seen from the station's side (Part 2 appendix, security events: FailedToAuthenticateAtCsms).
     */
    public static final String FAILED_TO_AUTHENTICATE = "FailedToAuthenticateAtCsms";

    /**
     * Records a refused handshake as a security event of that charger, so the operator sees failed logins
     * beside what the charger reports. Nothing is stored for an id that is not registered (there is no
     * charger to attach it to; the log has it). {@code reason} never holds a password.
     */
    public void refusedConnection(String chargePointId, String reason) {
        long pk;
        try {
            pk = chargePoints.requirePk(chargePointId);
        } catch (io.evstack.csms.CsmsException notRegistered) {
            return;
        }
        Instant now = Times.millis(clock.instant());
        // A password-guessing client must not fill the table: the first few refusals of a minute are stored,
        // the rest counted, and the count is told with the first one stored after that minute.
        int[] suppressedBefore = {0};
        RefusedWindow window = refusedWindows.compute(chargePointId, (id, w) -> {
            if (w == null || !now.isBefore(w.start().plusSeconds(60))) {
                suppressedBefore[0] = w == null ? 0 : w.suppressed();
                return new RefusedWindow(now, 1, 0, true);
            }
            return w.stored() < REFUSED_STORED_PER_MINUTE
                    ? new RefusedWindow(w.start(), w.stored() + 1, w.suppressed(), true)
                    : new RefusedWindow(w.start(), w.stored(), w.suppressed() + 1, false);
        });
        if (!window.store()) {
            return;
        }
        String info = suppressedBefore[0] == 0 ? reason
                : reason + " (" + suppressedBefore[0] + " more refused handshakes not stored in the minute before)";
        dsl.insertInto(SECURITY_EVENT)
                .set(SECURITY_EVENT.CHARGE_POINT_PK, pk)
                .set(SECURITY_EVENT.EVENT_TYPE, FAILED_TO_AUTHENTICATE)
                .set(SECURITY_EVENT.EVENT_TIME, now)
                .set(SECURITY_EVENT.TECH_INFO, info.length() > 255 ? info.substring(0, 255) : info)
                .set(SECURITY_EVENT.RECEIVED_AT, now)
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
