package io.evstack.csms.report;

import static io.evstack.db.generated.Tables.STATION_REPORT;

import io.evstack.csms.Times;
import io.evstack.csms.chargepoint.ChargePointService;
import java.time.Clock;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;

/** Keeps and lists the reports of {@link StationReport}. */
public final class StationReportService {
    private final DSLContext dsl;
    private final Clock clock;
    private final ChargePointService chargePoints;

    public StationReportService(DSLContext dsl, Clock clock, ChargePointService chargePoints) {
        this.dsl = dsl;
        this.clock = clock;
        this.chargePoints = chargePoints;
    }

    public void record(String chargePointId, String kind, Integer evseId, Integer requestId, String payload) {
        long pk = chargePoints.requirePk(chargePointId);
        dsl.insertInto(STATION_REPORT)
                .set(STATION_REPORT.CHARGE_POINT_PK, pk)
                .set(STATION_REPORT.KIND, kind)
                .set(STATION_REPORT.EVSE_ID, evseId)
                .set(STATION_REPORT.REQUEST_ID, requestId)
                .set(STATION_REPORT.PAYLOAD, payload)
                .set(STATION_REPORT.RECEIVED_AT, Times.millis(clock.instant()))
                .execute();
    }

    /** The latest reports of a station, newest first; of one kind when {@code kind} is given. */
    public List<StationReport> list(String chargePointId, String kind) {
        long pk = chargePoints.requirePk(chargePointId);
        Condition c = STATION_REPORT.CHARGE_POINT_PK.eq(pk);
        if (kind != null) {
            c = c.and(STATION_REPORT.KIND.eq(kind));
        }
        return dsl.selectFrom(STATION_REPORT).where(c)
                .orderBy(STATION_REPORT.RECEIVED_AT.desc(), STATION_REPORT.ID.desc())
                .limit(500)
                .fetch(r -> new StationReport(r.getId(), r.getKind(), r.getEvseId(), r.getRequestId(), r.getPayload(),
                        r.getReceivedAt()));
    }

}
