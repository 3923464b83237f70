package io.evstack.csms.ocpp16;

import io.evstack.csms.Times;
import io.evstack.csms.authorization.Authorization;
import io.evstack.csms.smartcharging.ChargingProfile;
import io.evstack.csms.transaction.MeterSample;
import io.evstack.ocpp.v16.AuthorizationStatus;
import io.evstack.ocpp.v16.ChargingProfileKindType;
import io.evstack.ocpp.v16.ChargingProfilePurposeType;
import io.evstack.ocpp.v16.ChargingRateUnitType;
import io.evstack.ocpp.v16.ChargingSchedule;
import io.evstack.ocpp.v16.ChargingSchedulePeriod;
import io.evstack.ocpp.v16.IdTagInfo;
import io.evstack.ocpp.v16.MeterValue;
import io.evstack.ocpp.v16.RecurrencyKindType;
import io.evstack.ocpp.v16.SampledValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Between OCPP 1.6 message classes and the domain's records. */
final class Ocpp16Mapping {
    private Ocpp16Mapping() {}

    static IdTagInfo idTagInfo(Authorization a) {
        return new IdTagInfo()
                .withStatus(AuthorizationStatus.fromValue(a.status().name()))
                .withExpiryDate(Times.utc(a.expiryDate()))
                .withParentIdTag(a.parentIdTag());
    }

    static List<MeterSample> samples(List<MeterValue> meterValues) {
        List<MeterSample> samples = new ArrayList<>();
        if (meterValues == null) {
            return samples;
        }
        for (MeterValue mv : meterValues) {
            for (SampledValue sv : mv.getSampledValue()) {
                samples.add(MeterSample.of(
                        Times.millis(mv.getTimestamp()),
                        sv.getValue(),
                        sv.getMeasurand() == null ? null : sv.getMeasurand().value(),
                        sv.getPhase() == null ? null : sv.getPhase().value(),
                        sv.getUnit() == null ? null : sv.getUnit().value(),
                        sv.getContext() == null ? null : sv.getContext().value(),
                        sv.getLocation() == null ? null : sv.getLocation().value(),
                        sv.getFormat() == null ? null : sv.getFormat().value()));
            }
        }
        return samples;
    }

    static ChargingProfile profile(io.evstack.ocpp.v16.ChargingProfile p) {
        ChargingSchedule s = p.getChargingSchedule();
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

    static io.evstack.ocpp.v16.ChargingProfile profile(ChargingProfile p, Integer transactionId) {
        return new io.evstack.ocpp.v16.ChargingProfile()
                .withChargingProfileId(Math.toIntExact(p.id()))
                .withTransactionId(transactionId)
                .withStackLevel(p.stackLevel())
                .withChargingProfilePurpose(ChargingProfilePurposeType.fromValue(p.purpose()))
                .withChargingProfileKind(ChargingProfileKindType.fromValue(p.kind()))
                .withRecurrencyKind(p.recurrencyKind() == null ? null : RecurrencyKindType.fromValue(p.recurrencyKind()))
                .withValidFrom(Times.utc(p.validFrom()))
                .withValidTo(Times.utc(p.validTo()))
                .withChargingSchedule(new ChargingSchedule()
                        .withDuration(p.duration())
                        .withStartSchedule(Times.utc(p.startSchedule()))
                        .withChargingRateUnit(ChargingRateUnitType.fromValue(p.rateUnit()))
                        .withMinChargingRate(p.minChargingRate() == null ? null : p.minChargingRate().doubleValue())
                        .withChargingSchedulePeriod(p.periods().stream()
                                .map(x -> new ChargingSchedulePeriod()
                                        .withStartPeriod(x.startPeriod())
                                        .withLimit(x.limit().doubleValue())
                                        .withNumberPhases(x.numberPhases()))
                                .toList()));
    }
}
