package io.evstack.csms.devicemodel;

import io.evstack.csms.chargepoint.ChargePointService;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The device model the CSMS knows of each OCPP 2.0.1 station (part 1 section 4): what NotifyReport
 * reported (B07/B08, after GetBaseReport or GetReport), corrected by GetVariables answers and accepted
 * SetVariables. A secret value (a password or key) is stored masked.
 */
public final class DeviceModelService {
    private final DSLContext dsl;
    private final ChargePointService chargePoints;

    public DeviceModelService(DSLContext dsl, ChargePointService chargePoints) {
        this.dsl = dsl;
        this.chargePoints = chargePoints;
    }

    public void report(String chargePointId, List<DeviceVariable> variables) {
        long pk = chargePoints.requirePk(chargePointId);
        dsl.transaction(tx -> {
            var repo = new DeviceModelRepository(tx.dsl());
            for (DeviceVariable v : variables) {
                repo.upsertReported(pk, masked(v));
            }
        });
    }

    public void values(String chargePointId, List<DeviceVariable> values) {
        long pk = chargePoints.requirePk(chargePointId);
        dsl.transaction(tx -> {
            var repo = new DeviceModelRepository(tx.dsl());
            for (DeviceVariable v : values) {
                repo.upsertValue(pk, masked(v));
            }
        });
    }

    public List<DeviceVariable> list(String chargePointId) {
        return new DeviceModelRepository(dsl).list(chargePoints.requirePk(chargePointId));
    }

    /** SecurityCtrlr.BasicAuthPassword and the like are write-only on the station; never keep them in clear. */
    private static DeviceVariable masked(DeviceVariable v) {
        String name = v.variable().toLowerCase(java.util.Locale.ROOT);
        if (v.value() == null || !(name.contains("password") || name.endsWith("key"))) {
            return v;
        }
        return new DeviceVariable(v.component(), v.componentInstance(), v.evseId(), v.connectorId(), v.variable(),
                v.variableInstance(), v.attributeType(), "***", v.mutability(), v.persistent(), v.constant(),
                v.dataType(), v.unit(), v.minLimit(), v.maxLimit(), v.valuesList(), v.supportsMonitoring(),
                v.reportedAt());
    }
}
