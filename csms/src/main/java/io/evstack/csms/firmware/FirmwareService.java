package io.evstack.csms.firmware;

import static io.evstack.db.generated.Tables.STATUS_NOTIFICATION_LOG;

import io.evstack.csms.Times;
import io.evstack.csms.chargepoint.ChargePointRepository;
import io.evstack.csms.chargepoint.ChargePointService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Firmware and diagnostics progress: FirmwareStatusNotification, DiagnosticsStatusNotification and the
 * Security Whitepaper's SignedFirmwareStatusNotification and LogStatusNotification. The latest status
 * is on the charge point; every report is kept as history.
 */
public final class FirmwareService {
    private final DSLContext dsl;
    private final Clock clock;
    private final ChargePointService chargePoints;

    public FirmwareService(DSLContext dsl, Clock clock, ChargePointService chargePoints) {
        this.dsl = dsl;
        this.clock = clock;
        this.chargePoints = chargePoints;
    }

    public void report(String chargePointId, StatusReport.Kind kind, String status, Integer requestId) {
        Instant now = clock.instant();
        long pk = chargePoints.requirePk(chargePointId);
        dsl.transaction(tx -> {
            var repo = new ChargePointRepository(tx.dsl());
            switch (kind) {
                case Firmware, SignedFirmware -> repo.recordFirmwareStatus(pk, status, now);
                case Diagnostics, Log -> repo.recordDiagnosticsStatus(pk, status, now);
            }
            tx.dsl().insertInto(STATUS_NOTIFICATION_LOG)
                    .set(STATUS_NOTIFICATION_LOG.CHARGE_POINT_PK, pk)
                    .set(STATUS_NOTIFICATION_LOG.KIND, kind.name())
                    .set(STATUS_NOTIFICATION_LOG.STATUS, status)
                    .set(STATUS_NOTIFICATION_LOG.REQUEST_ID, requestId)
                    .set(STATUS_NOTIFICATION_LOG.RECEIVED_AT, Times.millis(now))
                    .execute();
        });
    }

    public List<StatusReport> history(String chargePointId) {
        long pk = chargePoints.requirePk(chargePointId);
        return dsl.selectFrom(STATUS_NOTIFICATION_LOG)
                .where(STATUS_NOTIFICATION_LOG.CHARGE_POINT_PK.eq(pk))
                .orderBy(STATUS_NOTIFICATION_LOG.RECEIVED_AT.desc(), STATUS_NOTIFICATION_LOG.ID.desc())
                .limit(500)
                .fetch(r -> new StatusReport(StatusReport.Kind.valueOf(r.getKind()), r.getStatus(), r.getRequestId(),
                        r.getReceivedAt()));
    }
}
