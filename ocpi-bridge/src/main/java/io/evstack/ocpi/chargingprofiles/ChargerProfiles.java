package io.evstack.ocpi.chargingprofiles;

import io.evstack.csms.ocpp16.Ocpp16Operations;
import io.evstack.csms.ocpp201.Ocpp201Operations;
import io.evstack.csms.transaction.Transaction;
import io.evstack.csms.transaction.TransactionService;
import io.evstack.ocpp.v16.ChargingProfileKindType;
import io.evstack.ocpp.v16.ChargingProfilePurposeType;
import io.evstack.ocpp.v16.ChargingRateUnitType;
import io.evstack.ocpp.v16.ClearChargingProfile;
import io.evstack.ocpp.v16.GetCompositeSchedule;
import io.evstack.ocpp.v16.SetChargingProfile;
import io.evstack.ocpp.v201.ChargingProfileKindEnum;
import io.evstack.ocpp.v201.ChargingProfilePurposeEnum;
import io.evstack.ocpp.v201.ChargingRateUnitEnum;
import io.evstack.ocpp.v201.ClearChargingProfileRequest;
import io.evstack.ocpp.v201.GetCompositeScheduleRequest;
import io.evstack.ocpp.v201.GetCompositeScheduleResponse;
import io.evstack.ocpp.v201.SetChargingProfileRequest;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An eMSP's charging profile as the charger's own OCPP version takes it: a TxProfile for the session's
 * transaction (OCPP 1.6 section 5.16, 2.0.1 K01) at {@link #STACK_LEVEL}, above the depot balancer's
 * allocation level so that it never merely replaces one; GetCompositeSchedule for the profile in force
 * (1.6 5.7, 2.0.1 K08); ClearChargingProfile by the id the CSMS stored it under.
 */
final class ChargerProfiles {
    static final int STACK_LEVEL = 2;

    /** What SetChargingProfile came to: the OCPI result and the CSMS's id of the profile sent. */
    record SetOutcome(String result, long csmsProfileId) {}

    private final Ocpp16Operations ocpp16;
    private final Ocpp201Operations ocpp201;
    private final TransactionService transactions;

    ChargerProfiles(Ocpp16Operations ocpp16, Ocpp201Operations ocpp201, TransactionService transactions) {
        this.ocpp16 = ocpp16;
        this.ocpp201 = ocpp201;
        this.transactions = transactions;
    }

    CompletableFuture<SetOutcome> set(boolean is201, Transaction tx, OcpiChargingProfile p) {
        if (is201) {
            String stationTx = transactions.chargerTransactionId(tx.id())
                    .orElseThrow(() -> new IllegalStateException("The station never named transaction " + tx.id()));
            var profile = new io.evstack.ocpp.v201.ChargingProfile().withId(0).withStackLevel(STACK_LEVEL)
                    .withChargingProfilePurpose(ChargingProfilePurposeEnum.TX_PROFILE)
                    .withChargingProfileKind(p.startDateTime() == null ? ChargingProfileKindEnum.RELATIVE : ChargingProfileKindEnum.ABSOLUTE)
                    .withTransactionId(stationTx)
                    .withChargingSchedule(List.of(new io.evstack.ocpp.v201.ChargingSchedule().withId(1)
                            .withStartSchedule(time(p)).withDuration(p.duration())
                            .withChargingRateUnit(ChargingRateUnitEnum.fromValue(p.chargingRateUnit()))
                            .withMinChargingRate(p.minChargingRate() == null ? null : p.minChargingRate().doubleValue())
                            .withChargingSchedulePeriod(p.chargingProfilePeriod().stream()
                                    .map(x -> new io.evstack.ocpp.v201.ChargingSchedulePeriod()
                                            .withStartPeriod(x.startPeriod()).withLimit(x.limit().doubleValue()))
                                    .toList())));
            var req = new SetChargingProfileRequest().withEvseId(tx.connectorId()).withChargingProfile(profile);
            var answer = ocpp201.setChargingProfile(tx.chargePointId(), req);
            long id = profile.getId();
            return answer.thenApply(res -> new SetOutcome(accepted(res.getStatus().value()), id));
        }
        var profile = new io.evstack.ocpp.v16.ChargingProfile().withChargingProfileId(0).withStackLevel(STACK_LEVEL)
                .withTransactionId(Math.toIntExact(tx.id()))
                .withChargingProfilePurpose(ChargingProfilePurposeType.TX_PROFILE)
                .withChargingProfileKind(p.startDateTime() == null ? ChargingProfileKindType.RELATIVE : ChargingProfileKindType.ABSOLUTE)
                .withChargingSchedule(new io.evstack.ocpp.v16.ChargingSchedule()
                        .withStartSchedule(time(p)).withDuration(p.duration())
                        .withChargingRateUnit(ChargingRateUnitType.fromValue(p.chargingRateUnit()))
                        .withMinChargingRate(p.minChargingRate() == null ? null : p.minChargingRate().doubleValue())
                        .withChargingSchedulePeriod(p.chargingProfilePeriod().stream()
                                .map(x -> new io.evstack.ocpp.v16.ChargingSchedulePeriod()
                                        .withStartPeriod(x.startPeriod()).withLimit(x.limit().doubleValue()))
                                .toList()));
        var req = new SetChargingProfile().withConnectorId(tx.connectorId()).withCsChargingProfiles(profile);
        var answer = ocpp16.setChargingProfile(tx.chargePointId(), req);
        long id = profile.getChargingProfileId();
        return answer.thenApply(res -> new SetOutcome(accepted(res.getStatus().value()), id));
    }

    /** The composite schedule of the session's EVSE for {@code duration} seconds, if the charger gives one. */
    CompletableFuture<Optional<ActiveChargingProfile>> composite(boolean is201, Transaction tx, int duration) {
        if (is201) {
            return ocpp201.call(tx.chargePointId(), "GetCompositeSchedule",
                    new GetCompositeScheduleRequest().withEvseId(tx.connectorId()).withDuration(duration),
                    GetCompositeScheduleResponse.class).thenApply(res -> {
                        var s = res.getSchedule();
                        if (!"Accepted".equals(res.getStatus().value()) || s == null) {
                            return Optional.empty();
                        }
                        return Optional.of(new ActiveChargingProfile(s.getScheduleStart().toInstant(),
                                new OcpiChargingProfile(s.getScheduleStart().toInstant(), s.getDuration(),
                                        s.getChargingRateUnit().value(), null, s.getChargingSchedulePeriod().stream()
                                        .map(x -> new OcpiChargingProfile.Period(x.getStartPeriod(), decimal(x.getLimit())))
                                        .toList())));
                    });
        }
        return ocpp16.getCompositeSchedule(tx.chargePointId(),
                new GetCompositeSchedule().withConnectorId(tx.connectorId()).withDuration(duration)).thenApply(res -> {
                    var s = res.getChargingSchedule();
                    if (!"Accepted".equals(res.getStatus().value()) || s == null) {
                        return Optional.empty();
                    }
                    OffsetDateTime start = res.getScheduleStart() != null ? res.getScheduleStart() : s.getStartSchedule();
                    var at = start == null ? null : start.toInstant();
                    return Optional.of(new ActiveChargingProfile(at, new OcpiChargingProfile(at, s.getDuration(),
                            s.getChargingRateUnit().value(),
                            s.getMinChargingRate() == null ? null : decimal(s.getMinChargingRate()),
                            s.getChargingSchedulePeriod().stream()
                                    .map(x -> new OcpiChargingProfile.Period(x.getStartPeriod(), decimal(x.getLimit())))
                                    .toList())));
                });
    }

    /** ClearChargingProfile of the profile sent; the OCPI ChargingProfileResultType of the answer. */
    CompletableFuture<String> clear(boolean is201, Transaction tx, long csmsProfileId) {
        if (is201) {
            return ocpp201.clearChargingProfile(tx.chargePointId(),
                    new ClearChargingProfileRequest().withChargingProfileId(Math.toIntExact(csmsProfileId)))
                    .thenApply(res -> "Accepted".equals(res.getStatus().value()) ? "ACCEPTED" : "UNKNOWN");
        }
        return ocpp16.clearChargingProfile(tx.chargePointId(), new ClearChargingProfile().withId(Math.toIntExact(csmsProfileId)))
                .thenApply(res -> "Accepted".equals(res.getStatus().value()) ? "ACCEPTED" : "UNKNOWN");
    }

    private static String accepted(String status) {
        return "Accepted".equals(status) ? "ACCEPTED" : "REJECTED";
    }

    private static OffsetDateTime time(OcpiChargingProfile p) {
        return p.startDateTime() == null ? null : p.startDateTime().atOffset(ZoneOffset.UTC);
    }

    private static BigDecimal decimal(Double d) {
        return d == null ? null : BigDecimal.valueOf(d).stripTrailingZeros();
    }
}
