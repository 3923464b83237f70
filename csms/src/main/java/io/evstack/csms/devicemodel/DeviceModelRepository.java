package io.evstack.csms.devicemodel;

import static io.evstack.db.generated.Tables.DEVICE_VARIABLE;

import io.evstack.csms.Times;
import io.evstack.db.generated.tables.records.DeviceVariableRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.jooq.DSLContext;

/** Stations' device models in the database: one row per component, variable and attribute type. */
public final class DeviceModelRepository {
    private final DSLContext dsl;

    public DeviceModelRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Stores what a report (NotifyReport) says: value and characteristics replace what was stored. */
    public void upsertReported(long chargePointPk, DeviceVariable v) {
        var r = record(chargePointPk, v);
        dsl.insertInto(DEVICE_VARIABLE).set(r)
                .onDuplicateKeyUpdate()
                .set(DEVICE_VARIABLE.ATTRIBUTE_VALUE, v.value())
                .set(DEVICE_VARIABLE.MUTABILITY, v.mutability())
                .set(DEVICE_VARIABLE.PERSISTENT, v.persistent())
                .set(DEVICE_VARIABLE.IS_CONSTANT, v.constant())
                .set(DEVICE_VARIABLE.DATA_TYPE, v.dataType())
                .set(DEVICE_VARIABLE.UNIT, v.unit())
                .set(DEVICE_VARIABLE.MIN_LIMIT, v.minLimit())
                .set(DEVICE_VARIABLE.MAX_LIMIT, v.maxLimit())
                .set(DEVICE_VARIABLE.VALUES_LIST, v.valuesList())
                .set(DEVICE_VARIABLE.SUPPORTS_MONITORING, v.supportsMonitoring())
                .set(DEVICE_VARIABLE.REPORTED_AT, Times.millis(v.reportedAt()))
                .execute();
    }

    /** Stores a value learnt from GetVariables or an accepted SetVariables; characteristics stay. */
    public void upsertValue(long chargePointPk, DeviceVariable v) {
        var r = record(chargePointPk, v);
        dsl.insertInto(DEVICE_VARIABLE).set(r)
                .onDuplicateKeyUpdate()
                .set(DEVICE_VARIABLE.ATTRIBUTE_VALUE, v.value())
                .set(DEVICE_VARIABLE.REPORTED_AT, Times.millis(v.reportedAt()))
                .execute();
    }

    public List<DeviceVariable> list(long chargePointPk) {
        return dsl.selectFrom(DEVICE_VARIABLE)
                .where(DEVICE_VARIABLE.CHARGE_POINT_PK.eq(chargePointPk))
                .orderBy(DEVICE_VARIABLE.COMPONENT_NAME, DEVICE_VARIABLE.COMPONENT_INSTANCE, DEVICE_VARIABLE.EVSE_ID,
                        DEVICE_VARIABLE.EVSE_CONNECTOR_ID, DEVICE_VARIABLE.VARIABLE_NAME,
                        DEVICE_VARIABLE.VARIABLE_INSTANCE, DEVICE_VARIABLE.ATTRIBUTE_TYPE)
                .fetch(DeviceModelRepository::toDomain);
    }

    private DeviceVariableRecord record(long chargePointPk, DeviceVariable v) {
        var r = dsl.newRecord(DEVICE_VARIABLE);
        r.setChargePointPk(chargePointPk);
        r.setComponentName(v.component());
        r.setComponentInstance(v.componentInstance());
        r.setEvseId(v.evseId());
        r.setEvseConnectorId(v.connectorId());
        r.setVariableName(v.variable());
        r.setVariableInstance(v.variableInstance());
        r.setAttributeType(v.attributeType());
        r.setAttributeValue(v.value());
        r.setMutability(v.mutability());
        r.setPersistent(v.persistent());
        r.setIsConstant(v.constant());
        r.setDataType(v.dataType());
        r.setUnit(v.unit());
        r.setMinLimit(v.minLimit());
        r.setMaxLimit(v.maxLimit());
        r.setValuesList(v.valuesList());
        r.setSupportsMonitoring(v.supportsMonitoring());
        r.setVariableKey(key(chargePointPk, v));
        r.setReportedAt(Times.millis(v.reportedAt()));
        return r;
    }

    /** The identity of an attribute, hashed: optional parts are NULL, which a unique index would not match. */
    static String key(long chargePointPk, DeviceVariable v) {
        String identity = String.join("\u0001", Long.toString(chargePointPk), v.component(),
                String.valueOf(v.componentInstance()), String.valueOf(v.evseId()), String.valueOf(v.connectorId()),
                v.variable(), String.valueOf(v.variableInstance()), v.attributeType());
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DeviceVariable toDomain(DeviceVariableRecord r) {
        return new DeviceVariable(r.getComponentName(), r.getComponentInstance(), r.getEvseId(), r.getEvseConnectorId(),
                r.getVariableName(), r.getVariableInstance(), r.getAttributeType(), r.getAttributeValue(),
                r.getMutability(), r.getPersistent(), r.getIsConstant(), r.getDataType(), r.getUnit(), r.getMinLimit(),
                r.getMaxLimit(), r.getValuesList(), r.getSupportsMonitoring(), r.getReportedAt());
    }
}
