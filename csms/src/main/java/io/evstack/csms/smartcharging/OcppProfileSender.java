package io.evstack.csms.smartcharging;

import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.configuration.ConfigurationKeyRepository;
import io.evstack.csms.devicemodel.DeviceModelService;
import io.evstack.csms.ocpp16.Ocpp16Operations;
import io.evstack.csms.ocpp201.Ocpp201Operations;
import io.evstack.csms.smartcharging.site.ActiveSession;
import io.evstack.ocpp.OcppVersion;
import io.evstack.ocpp.rpc.ErrorCode;
import io.evstack.ocpp.rpc.OcppException;
import io.evstack.ocpp.v16.GetCompositeSchedule;
import io.evstack.ocpp.v16.GetCompositeScheduleResponse;
import io.evstack.ocpp.v16.SetChargingProfile;
import io.evstack.ocpp.v16.SetChargingProfileResponse;
import io.evstack.ocpp.v201.ChargingProfileStatusEnum;
import io.evstack.ocpp.v201.ChargingRateUnitEnum;
import io.evstack.ocpp.v201.GenericStatusEnum;
import io.evstack.ocpp.v201.GetCompositeScheduleRequest;
import io.evstack.ocpp.v201.SetChargingProfileRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * {@link ProfileSender} over the CSMS's OCPP operations: 1.6 chargers get {@link Ocpp16Profiles}, 2.0.1
 * stations {@link Ocpp201Profiles}, chosen by the version the charger's connection negotiated. Every
 * profile is stored under the key {@code balancer:<charger>/<evse>/<purpose>} so that it keeps its id.
 *
 * <p>Units: what the charger accepts is read from its 1.6 configuration key
 * ChargingScheduleAllowedChargingRateUnit (Current, Power) or its 2.0.1 device model variable
 * SmartChargingCtrlr.RateUnit (A, W), where the CSMS has them; unknown means both.
 */
public final class OcppProfileSender implements ProfileSender {
    private final DSLContext dsl;
    private final Ocpp16Operations ocpp16;
    private final Ocpp201Operations ocpp201;
    private final ChargePointService chargePoints;
    private final DeviceModelService deviceModel;
    private final Function<String, Optional<OcppVersion>> versionOf;
    private final Map<String, Set<String>> units = new ConcurrentHashMap<>();

    /** @param versionOf the OCPP version of a charger's live connection, empty when it has none */
    public OcppProfileSender(DSLContext dsl, Ocpp16Operations ocpp16, Ocpp201Operations ocpp201,
            ChargePointService chargePoints, DeviceModelService deviceModel,
            Function<String, Optional<OcppVersion>> versionOf) {
        this.dsl = dsl;
        this.ocpp16 = ocpp16;
        this.ocpp201 = ocpp201;
        this.chargePoints = chargePoints;
        this.deviceModel = deviceModel;
        this.versionOf = versionOf;
    }

    static String key(String chargePointId, int evseId, String purpose) {
        return "balancer:" + chargePointId + "/" + evseId + "/" + purpose;
    }

    @Override
    public String rateUnit(String chargePointId, boolean dc) {
        Set<String> accepted = units.computeIfAbsent(chargePointId, this::acceptedUnits);
        String preferred = ChargingLimit.defaultUnit(dc);
        if (accepted.isEmpty() || accepted.contains(preferred)) {
            return preferred;
        }
        return dc ? ChargingLimit.AMPS : ChargingLimit.WATTS;
    }

    private Set<String> acceptedUnits(String chargePointId) {
        try {
            if (versionOf.apply(chargePointId).orElse(OcppVersion.OCPP16) == OcppVersion.OCPP201) {
                return deviceModel.list(chargePointId).stream()
                        .filter(v -> "SmartChargingCtrlr".equals(v.component()) && "RateUnit".equals(v.variable())
                                && v.value() != null)
                        .findFirst().map(v -> parse(v.value(), "A", "W")).orElse(Set.of());
            }
            long pk = chargePoints.requirePk(chargePointId);
            return new ConfigurationKeyRepository(dsl).list(pk).stream()
                    .filter(k -> "ChargingScheduleAllowedChargingRateUnit".equals(k.key()) && k.value() != null)
                    .findFirst().map(k -> parse(k.value(), "Current", "Power")).orElse(Set.of());
        } catch (RuntimeException e) {
            return Set.of();
        }
    }

    private static Set<String> parse(String csl, String amps, String watts) {
        Set<String> out = new java.util.HashSet<>();
        for (String part : csl.split(",")) {
            String p = part.trim();
            if (p.equalsIgnoreCase(amps)) {
                out.add(ChargingLimit.AMPS);
            } else if (p.equalsIgnoreCase(watts)) {
                out.add(ChargingLimit.WATTS);
            }
        }
        return Set.copyOf(out);
    }

    @Override
    public CompletableFuture<String> fallback(String chargePointId, int evseId, ChargingLimit limit) {
        return switch (version(chargePointId)) {
            case OCPP16 -> send16(chargePointId, Ocpp16Profiles.fallback(evseId, limit), "TxDefaultProfile");
            case OCPP201 -> send201(chargePointId, Ocpp201Profiles.fallback(evseId, limit), "TxDefaultProfile");
        };
    }

    @Override
    public CompletableFuture<String> idle(String chargePointId, int evseId, ChargingLimit limit, Instant now,
            Duration ttl) {
        return switch (version(chargePointId)) {
            case OCPP16 -> send16(chargePointId, Ocpp16Profiles.idle(evseId, limit, now, ttl), "IdleTxDefaultProfile");
            case OCPP201 -> send201(chargePointId, Ocpp201Profiles.idle(evseId, limit, now, ttl), "IdleTxDefaultProfile");
        };
    }

    @Override
    public CompletableFuture<String> stationMax(String chargePointId, ChargingLimit limit, Instant now) {
        return switch (version(chargePointId)) {
            case OCPP16 -> send16(chargePointId, Ocpp16Profiles.stationMax(limit, now), "ChargePointMaxProfile");
            case OCPP201 -> send201(chargePointId, Ocpp201Profiles.stationMax(limit, now), "ChargingStationMaxProfile");
        };
    }

    @Override
    public CompletableFuture<String> allocation(String chargePointId, int evseId, ActiveSession session,
            ChargingLimit limit, Instant now, Duration ttl) {
        return switch (version(chargePointId)) {
            case OCPP16 -> send16(chargePointId,
                    Ocpp16Profiles.allocation(evseId, session.transactionId(), limit, now, ttl), "TxProfile");
            case OCPP201 -> session.chargerTransactionId() == null
                    ? CompletableFuture.completedFuture("Failed")
                    : send201(chargePointId, Ocpp201Profiles.allocation(evseId, session.chargerTransactionId(), limit,
                            now, ttl), "TxProfile");
        };
    }

    @Override
    public CompletableFuture<Optional<Double>> appliedLimit(String chargePointId, int evseId, String rateUnit,
            Duration duration) {
        int seconds = (int) Math.max(1, duration.toSeconds());
        CompletableFuture<Optional<Double>> answer = switch (version(chargePointId)) {
            case OCPP16 -> ocpp16.getCompositeSchedule(chargePointId, new GetCompositeSchedule().withConnectorId(evseId)
                    .withDuration(seconds)
                    .withChargingRateUnit(io.evstack.ocpp.v16.ChargingRateUnitType.fromValue(rateUnit)))
                    .thenApply(res -> res.getStatus() == GetCompositeScheduleResponse.Status.ACCEPTED
                            && res.getChargingSchedule() != null && !res.getChargingSchedule().getChargingSchedulePeriod().isEmpty()
                            ? Optional.of(res.getChargingSchedule().getChargingSchedulePeriod().get(0).getLimit())
                            : Optional.empty());
            case OCPP201 -> ocpp201.getCompositeSchedule(chargePointId, new GetCompositeScheduleRequest().withEvseId(evseId)
                    .withDuration(seconds).withChargingRateUnit(ChargingRateUnitEnum.fromValue(rateUnit)))
                    .thenApply(res -> res.getStatus() == GenericStatusEnum.ACCEPTED && res.getSchedule() != null
                            && !res.getSchedule().getChargingSchedulePeriod().isEmpty()
                            ? Optional.of(res.getSchedule().getChargingSchedulePeriod().get(0).getLimit())
                            : Optional.empty());
        };
        return answer.exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof OcppException o && (o.errorCode() == ErrorCode.NOT_IMPLEMENTED
                    || o.errorCode() == ErrorCode.NOT_SUPPORTED)) {
                throw new CompositeUnsupported(chargePointId);
            }
            throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
        });
    }

    @Override
    public void forget(String chargePointId) {
        units.remove(chargePointId);
    }

    private OcppVersion version(String chargePointId) {
        return versionOf.apply(chargePointId).orElse(OcppVersion.OCPP16);
    }

    private CompletableFuture<String> send16(String chargePointId, SetChargingProfile req, String purpose) {
        try {
            return ocpp16.setChargingProfile(chargePointId, req, key(chargePointId, req.getConnectorId(), purpose))
                    .handle((res, err) -> err != null ? "Failed"
                            : res.getStatus() == SetChargingProfileResponse.Status.ACCEPTED ? "Accepted"
                            : res.getStatus().value());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture("Failed");
        }
    }

    private CompletableFuture<String> send201(String chargePointId, SetChargingProfileRequest req, String purpose) {
        try {
            return ocpp201.setChargingProfile(chargePointId, req, key(chargePointId, req.getEvseId(), purpose))
                    .handle((res, err) -> err != null ? "Failed"
                            : res.getStatus() == ChargingProfileStatusEnum.ACCEPTED ? "Accepted"
                            : res.getStatus().value());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture("Failed");
        }
    }
}
