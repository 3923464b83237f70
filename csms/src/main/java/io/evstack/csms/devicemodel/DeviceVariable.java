package io.evstack.csms.devicemodel;

import java.time.Instant;

/**
 * One attribute of one variable of one component of a station's device model (OCPP 2.0.1 part 1
 * section 4, part 2 ReportDataType): the component and variable identify it (instance, EVSE and
 * connector are optional), {@code attributeType} is Actual, Target, MinSet or MaxSet. The
 * characteristics (data type, unit, limits, values list) belong to the variable and are null when only
 * a value is known (from GetVariables or SetVariables).
 */
public record DeviceVariable(
        String component,
        String componentInstance,
        Integer evseId,
        Integer connectorId,
        String variable,
        String variableInstance,
        String attributeType,
        String value,
        String mutability,
        Boolean persistent,
        Boolean constant,
        String dataType,
        String unit,
        Double minLimit,
        Double maxLimit,
        String valuesList,
        Boolean supportsMonitoring,
        Instant reportedAt) {

    /** A value alone, without characteristics. */
    public static DeviceVariable value(String component, String componentInstance, Integer evseId, Integer connectorId,
            String variable, String variableInstance, String attributeType, String value, Instant at) {
        return new DeviceVariable(component, componentInstance, evseId, connectorId, variable, variableInstance,
                attributeType == null ? "Actual" : attributeType, value, null, null, null, null, null, null, null, null,
                null, at);
    }
}
