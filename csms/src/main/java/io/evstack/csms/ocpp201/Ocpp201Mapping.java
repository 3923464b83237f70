package io.evstack.csms.ocpp201;

import io.evstack.csms.Times;
import io.evstack.csms.authorization.Authorization;
import io.evstack.csms.devicemodel.DeviceVariable;
import io.evstack.csms.smartcharging.ChargingProfile;
import io.evstack.csms.transaction.MeterReading;
import io.evstack.csms.transaction.MeterSample;
import io.evstack.csms.transaction.SignedMeterData;
import io.evstack.ocpp.v201.AuthorizationStatusEnum;
import io.evstack.ocpp.v201.ChargingSchedule;
import io.evstack.ocpp.v201.Component;
import io.evstack.ocpp.v201.IdToken;
import io.evstack.ocpp.v201.IdTokenEnum;
import io.evstack.ocpp.v201.IdTokenInfo;
import io.evstack.ocpp.v201.MeterValue;
import io.evstack.ocpp.v201.ReportData;
import io.evstack.ocpp.v201.SampledValue;
import io.evstack.ocpp.v201.Variable;
import io.evstack.ocpp.v201.VariableAttribute;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Between OCPP 2.0.1 message classes and the shared domain model. */
final class Ocpp201Mapping {
    private Ocpp201Mapping() {}

    /**
     * IdTokenInfo (2.0.1 part 2 section 2.29) from the shared authorization. An id tag nobody registered
     * is Unknown in 2.0.1 words; a parent id tag is the groupIdToken (type Central: our own grouping).
     */
    static IdTokenInfo idTokenInfo(Authorization a, boolean known) {
        AuthorizationStatusEnum status = !known ? AuthorizationStatusEnum.UNKNOWN
                : AuthorizationStatusEnum.fromValue(a.status().name());
        var info = new IdTokenInfo().withStatus(status).withCacheExpiryDateTime(Times.utc(a.expiryDate()));
        if (a.parentIdTag() != null) {
            info.setGroupIdToken(new IdToken().withIdToken(a.parentIdTag()).withType(IdTokenEnum.CENTRAL));
        }
        return info;
    }

    /** NoAuthorization tokens (2.0.1 C01: no identification possible, e.g. a free charger) are always accepted. */
    static IdTokenInfo accepted() {
        return new IdTokenInfo().withStatus(AuthorizationStatusEnum.ACCEPTED);
    }

    /**
     * The sampled values of 2.0.1 meter values (SampledValueType, part 2 section 2.46) as shared samples.
     * The schema's defaults (measurand Energy.Active.Import.Register, context Sample.Periodic, location
     * Outlet, unit Wh) are already in the parsed objects; a unit multiplier (power of ten) is applied to
     * the value so that the shared model holds plain units. A signed value keeps its signature verbatim.
     */
    static List<MeterReading> readings(List<MeterValue> meterValues) {
        List<MeterReading> out = new ArrayList<>();
        if (meterValues == null) {
            return out;
        }
        for (MeterValue mv : meterValues) {
            Instant at = Times.millis(mv.getTimestamp());
            for (SampledValue sv : mv.getSampledValue()) {
                String unit = sv.getUnitOfMeasure() == null ? "Wh" : sv.getUnitOfMeasure().getUnit();
                int multiplier = sv.getUnitOfMeasure() == null || sv.getUnitOfMeasure().getMultiplier() == null ? 0
                        : sv.getUnitOfMeasure().getMultiplier();
                BigDecimal value = BigDecimal.valueOf(sv.getValue()).scaleByPowerOfTen(multiplier).stripTrailingZeros();
                String text = value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString();
                var sample = MeterSample.of(at, text, sv.getMeasurand() == null ? null : sv.getMeasurand().value(),
                        sv.getPhase() == null ? null : sv.getPhase().value(), unit,
                        sv.getContext() == null ? null : sv.getContext().value(),
                        sv.getLocation() == null ? null : sv.getLocation().value(), "Raw");
                var s = sv.getSignedMeterValue();
                out.add(new MeterReading(sample, s == null ? null
                        : new SignedMeterData(s.getSignedMeterData(), s.getSigningMethod(), s.getEncodingMethod(),
                                s.getPublicKey())));
            }
        }
        return out;
    }

    /** The rows of a NotifyReport's reportData: one per attribute. */
    static List<DeviceVariable> variables(List<ReportData> data, Instant at) {
        List<DeviceVariable> out = new ArrayList<>();
        if (data == null) {
            return out;
        }
        for (ReportData d : data) {
            Component c = d.getComponent();
            Variable v = d.getVariable();
            var ch = d.getVariableCharacteristics();
            for (VariableAttribute a : d.getVariableAttribute()) {
                out.add(new DeviceVariable(c.getName(), c.getInstance(), c.getEvse() == null ? null : c.getEvse().getId(),
                        c.getEvse() == null ? null : c.getEvse().getConnectorId(), v.getName(), v.getInstance(),
                        a.getType() == null ? "Actual" : a.getType().value(), a.getValue(),
                        a.getMutability() == null ? null : a.getMutability().value(), a.getPersistent(), a.getConstant(),
                        ch == null || ch.getDataType() == null ? null : ch.getDataType().value(),
                        ch == null ? null : ch.getUnit(), ch == null ? null : ch.getMinLimit(),
                        ch == null ? null : ch.getMaxLimit(), ch == null ? null : ch.getValuesList(),
                        ch == null ? null : ch.getSupportsMonitoring(), at));
            }
        }
        return out;
    }

    /** A device model value of a component and variable. */
    static DeviceVariable value(Component c, Variable v, String attributeType, String value, Instant at) {
        return DeviceVariable.value(c.getName(), c.getInstance(), c.getEvse() == null ? null : c.getEvse().getId(),
                c.getEvse() == null ? null : c.getEvse().getConnectorId(), v.getName(), v.getInstance(), attributeType,
                value, at);
    }

    /**
     * A 2.0.1 charging profile in the shared form. The shared model holds one schedule per profile; a
     * 2.0.1 profile may carry up to three (one per rate unit for ISO 15118), and the first is kept.
     */
    static ChargingProfile profile(io.evstack.ocpp.v201.ChargingProfile p) {
        ChargingSchedule s = p.getChargingSchedule().get(0);
        List<ChargingProfile.Period> periods = s.getChargingSchedulePeriod().stream()
                .map(x -> new ChargingProfile.Period(x.getStartPeriod(), BigDecimal.valueOf(x.getLimit()),
                        x.getNumberPhases()))
                .toList();
        return new ChargingProfile(null, null, p.getStackLevel(), p.getChargingProfilePurpose().value(),
                p.getChargingProfileKind().value(), p.getRecurrencyKind() == null ? null : p.getRecurrencyKind().value(),
                Times.millis(p.getValidFrom()), Times.millis(p.getValidTo()), s.getDuration(),
                Times.millis(s.getStartSchedule()), s.getChargingRateUnit().value(),
                s.getMinChargingRate() == null ? null : BigDecimal.valueOf(s.getMinChargingRate()), periods);
    }
}
