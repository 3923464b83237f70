package io.evstack.csms.ocpp16;

import io.evstack.csms.CsmsException;
import io.evstack.csms.authorization.AuthorizationService;
import io.evstack.csms.authorization.IdTag;
import io.evstack.csms.authorization.IdTagRepository;
import io.evstack.csms.chargepoint.ChargePointRepository;
import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.configuration.ConfigurationKey;
import io.evstack.csms.configuration.ConfigurationKeyRepository;
import io.evstack.csms.reservation.Reservation;
import io.evstack.csms.reservation.ReservationRepository;
import io.evstack.csms.security.PasswordHasher;
import io.evstack.csms.smartcharging.ChargingProfileRepository;
import io.evstack.ocpp.rpc.OcppException;
import io.evstack.ocpp.server.CallTimeoutException;
import io.evstack.ocpp.server.ChargerGateway;
import io.evstack.ocpp.server.ChargerNotConnectedException;
import io.evstack.ocpp.v16.*;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import org.jooq.DSLContext;

/**
 * Every operation the CSMS can send to an OCPP 1.6 charger (sections 5.1-5.17 and the Security
 * Whitepaper), each returning the charger's answer. Where an answer changes what the CSMS knows
 * (a reservation accepted, a profile installed, configuration changed), that is recorded before the
 * future completes. An operation for a charger that is not connected fails at once.
 */
public final class Ocpp16Operations {

    /** One operation: its request class and how to send it; for the operator API's generic endpoint. */
    public record Operation<Q>(String action, Class<Q> requestType, BiFunction<String, Q, CompletableFuture<?>> send) {
        public CompletableFuture<?> invoke(String chargePointId, Object request) {
            return send.apply(chargePointId, requestType.cast(request));
        }
    }

    private final DSLContext dsl;
    private final Clock clock;
    private final ChargerGateway gateway;
    private final ChargePointService chargePoints;
    private final AuthorizationService authorization;
    private final PasswordHasher hasher;
    // Answers complete on the socket's thread; recording them touches the database, so hop off it.
    private final Executor blocking = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Operation<?>> operations = new LinkedHashMap<>();

    public Ocpp16Operations(DSLContext dsl, Clock clock, ChargerGateway gateway, ChargePointService chargePoints,
            AuthorizationService authorization, PasswordHasher hasher) {
        this.dsl = dsl;
        this.clock = clock;
        this.gateway = gateway;
        this.chargePoints = chargePoints;
        this.authorization = authorization;
        this.hasher = hasher;

        register("CancelReservation", CancelReservation.class, this::cancelReservation);
        register("ChangeAvailability", ChangeAvailability.class, this::changeAvailability);
        register("ChangeConfiguration", ChangeConfiguration.class, this::changeConfiguration);
        register("ClearCache", ClearCache.class, this::clearCache);
        register("ClearChargingProfile", ClearChargingProfile.class, this::clearChargingProfile);
        register("DataTransfer", DataTransfer.class, this::dataTransfer);
        register("GetCompositeSchedule", GetCompositeSchedule.class, this::getCompositeSchedule);
        register("GetConfiguration", GetConfiguration.class, this::getConfiguration);
        register("GetDiagnostics", GetDiagnostics.class, this::getDiagnostics);
        register("GetLocalListVersion", GetLocalListVersion.class, this::getLocalListVersion);
        register("RemoteStartTransaction", RemoteStartTransaction.class, this::remoteStartTransaction);
        register("RemoteStopTransaction", RemoteStopTransaction.class, this::remoteStopTransaction);
        register("ReserveNow", ReserveNow.class, this::reserveNow);
        register("Reset", Reset.class, this::reset);
        register("SendLocalList", SendLocalList.class, this::sendLocalList);
        register("SetChargingProfile", SetChargingProfile.class, this::setChargingProfile);
        register("TriggerMessage", TriggerMessage.class, this::triggerMessage);
        register("UnlockConnector", UnlockConnector.class, this::unlockConnector);
        register("UpdateFirmware", UpdateFirmware.class, this::updateFirmware);
        // Security Whitepaper (OCPP 1.6 edition 3 security extensions)
        register("CertificateSigned", CertificateSigned.class, this::certificateSigned);
        register("DeleteCertificate", DeleteCertificate.class, (id, q) -> send(id, "DeleteCertificate", q, DeleteCertificateResponse.class));
        register("ExtendedTriggerMessage", ExtendedTriggerMessage.class, (id, q) -> send(id, "ExtendedTriggerMessage", q, ExtendedTriggerMessageResponse.class));
        register("GetInstalledCertificateIds", GetInstalledCertificateIds.class, (id, q) -> send(id, "GetInstalledCertificateIds", q, GetInstalledCertificateIdsResponse.class));
        register("GetLog", GetLog.class, (id, q) -> send(id, "GetLog", q, GetLogResponse.class));
        register("InstallCertificate", InstallCertificate.class, (id, q) -> send(id, "InstallCertificate", q, InstallCertificateResponse.class));
        register("SignedUpdateFirmware", SignedUpdateFirmware.class, (id, q) -> send(id, "SignedUpdateFirmware", q, SignedUpdateFirmwareResponse.class));
    }

    private <Q> void register(String action, Class<Q> type, BiFunction<String, Q, CompletableFuture<?>> send) {
        operations.put(action, new Operation<>(action, type, send));
    }

    public Map<String, Operation<?>> operations() {
        return java.util.Collections.unmodifiableMap(operations);
    }

    // --- plain operations: the answer is all there is

    public CompletableFuture<ChangeAvailabilityResponse> changeAvailability(String id, ChangeAvailability req) {
        return send(id, "ChangeAvailability", req, ChangeAvailabilityResponse.class);
    }

    /** Security Whitepaper: the chain our certificate authority signed for the charger. */
    public CompletableFuture<CertificateSignedResponse> certificateSigned(String id, CertificateSigned req) {
        return send(id, "CertificateSigned", req, CertificateSignedResponse.class);
    }

    public CompletableFuture<ClearCacheResponse> clearCache(String id, ClearCache req) {
        return send(id, "ClearCache", req, ClearCacheResponse.class);
    }

    public CompletableFuture<DataTransferResponse> dataTransfer(String id, DataTransfer req) {
        return send(id, "DataTransfer", req, DataTransferResponse.class);
    }

    public CompletableFuture<GetCompositeScheduleResponse> getCompositeSchedule(String id, GetCompositeSchedule req) {
        return send(id, "GetCompositeSchedule", req, GetCompositeScheduleResponse.class);
    }

    public CompletableFuture<GetDiagnosticsResponse> getDiagnostics(String id, GetDiagnostics req) {
        return send(id, "GetDiagnostics", req, GetDiagnosticsResponse.class);
    }

    public CompletableFuture<RemoteStopTransactionResponse> remoteStopTransaction(String id, RemoteStopTransaction req) {
        return send(id, "RemoteStopTransaction", req, RemoteStopTransactionResponse.class);
    }

    public CompletableFuture<ResetResponse> reset(String id, Reset req) {
        return send(id, "Reset", req, ResetResponse.class);
    }

    public CompletableFuture<TriggerMessageResponse> triggerMessage(String id, TriggerMessage req) {
        return send(id, "TriggerMessage", req, TriggerMessageResponse.class);
    }

    public CompletableFuture<UnlockConnectorResponse> unlockConnector(String id, UnlockConnector req) {
        return send(id, "UnlockConnector", req, UnlockConnectorResponse.class);
    }

    public CompletableFuture<UpdateFirmwareResponse> updateFirmware(String id, UpdateFirmware req) {
        return send(id, "UpdateFirmware", req, UpdateFirmwareResponse.class);
    }

    // --- operations whose answer the CSMS records

    /**
     * ChangeConfiguration; an accepted value is stored as the key's last known value. An accepted
     * AuthorizationKey is the charger's new Basic password (Security Whitepaper section 2.2): its hash
     * replaces the stored one and the clear value is never stored.
     */
    public CompletableFuture<ChangeConfigurationResponse> changeConfiguration(String id, ChangeConfiguration req) {
        long pk = chargePoints.requirePk(id);
        return send(id, "ChangeConfiguration", req, ChangeConfigurationResponse.class).thenApplyAsync(res -> {
            if (res.getStatus() == ChangeConfigurationResponse.Status.ACCEPTED
                    || res.getStatus() == ChangeConfigurationResponse.Status.REBOOT_REQUIRED) {
                boolean secret = "AuthorizationKey".equals(req.getKey());
                new ConfigurationKeyRepository(dsl).upsert(pk,
                        List.of(new ConfigurationKey(req.getKey(), secret ? "***" : req.getValue(), false, clock.instant())));
                if (secret) {
                    new ChargePointRepository(dsl).updateSettings(id, null, null, null, hasher.hash(req.getValue()),
                            clock.instant());
                }
            }
            return res;
        }, blocking);
    }

    /** GetConfiguration; the reported keys are stored as the charger's configuration. */
    public CompletableFuture<GetConfigurationResponse> getConfiguration(String id, GetConfiguration req) {
        long pk = chargePoints.requirePk(id);
        return send(id, "GetConfiguration", req, GetConfigurationResponse.class).thenApplyAsync(res -> {
            if (res.getConfigurationKey() != null) {
                Instant now = clock.instant();
                new ConfigurationKeyRepository(dsl).upsert(pk, res.getConfigurationKey().stream()
                        .map(k -> new ConfigurationKey(k.getKey(),
                                "AuthorizationKey".equals(k.getKey()) ? "***" : k.getValue(),
                                Boolean.TRUE.equals(k.getReadonly()), now))
                        .toList());
            }
            return res;
        }, blocking);
    }

    public List<ConfigurationKey> configuration(String id) {
        return new ConfigurationKeyRepository(dsl).list(chargePoints.requirePk(id));
    }

    public CompletableFuture<GetLocalListVersionResponse> getLocalListVersion(String id, GetLocalListVersion req) {
        long pk = chargePoints.requirePk(id);
        return send(id, "GetLocalListVersion", req, GetLocalListVersionResponse.class).thenApplyAsync(res -> {
            new ChargePointRepository(dsl).recordLocalListVersion(pk, res.getListVersion());
            return res;
        }, blocking);
    }

    /** SendLocalList as given; an accepted list version is recorded. */
    public CompletableFuture<SendLocalListResponse> sendLocalList(String id, SendLocalList req) {
        long pk = chargePoints.requirePk(id);
        return send(id, "SendLocalList", req, SendLocalListResponse.class).thenApplyAsync(res -> {
            if (res.getStatus() == SendLocalListResponse.Status.ACCEPTED) {
                new ChargePointRepository(dsl).recordLocalListVersion(pk, req.getListVersion());
            }
            return res;
        }, blocking);
    }

    /**
     * SendLocalList built from the id tags (section 5.15): a Full update with the given tags (all tags when
     * none are named), or a Differential one where a named tag we do not know is sent without idTagInfo,
     * which removes it from the charger's list. The version is one more than the last one sent.
     */
    public CompletableFuture<SendLocalListResponse> sendLocalList(String id, SendLocalList.UpdateType type,
            List<String> idTags) {
        var charger = chargePoints.get(id);
        var tags = new IdTagRepository(dsl);
        List<AuthorizationData> entries = new ArrayList<>();
        List<String> names = idTags == null || idTags.isEmpty()
                ? (type == SendLocalList.UpdateType.FULL ? tags.list().stream().map(IdTag::idTag).toList() : List.of())
                : idTags;
        for (String tag : names) {
            var entry = new AuthorizationData().withIdTag(tag);
            if (tags.find(tag).isPresent()) {
                entry.setIdTagInfo(Ocpp16Mapping.idTagInfo(authorization.authorize(tag)));
            } else if (type == SendLocalList.UpdateType.FULL) {
                throw CsmsException.badRequest("Unknown id tag " + tag);
            }
            entries.add(entry);
        }
        int version = (charger.localListVersion() == null ? 0 : Math.max(0, charger.localListVersion())) + 1;
        return sendLocalList(id, new SendLocalList().withListVersion(version).withUpdateType(type)
                .withLocalAuthorizationList(entries));
    }

    /**
     * ReserveNow (section 5.13). The reservation is stored first, so its id is the reservationId the
     * charger gets (whatever the request said), then takes the charger's answer as its status.
     */
    public CompletableFuture<ReserveNowResponse> reserveNow(String id, ReserveNow req) {
        long pk = chargePoints.requirePk(id);
        if (!gateway.isConnected(id)) {
            return CompletableFuture.failedFuture(new ChargerNotConnectedException(id));
        }
        if (!req.getExpiryDate().toInstant().isAfter(clock.instant())) {
            throw CsmsException.badRequest("expiryDate must be in the future");
        }
        String parent = req.getParentIdTag() != null ? req.getParentIdTag()
                : authorization.authorize(req.getIdTag()).parentIdTag();
        long reservationId = new ReservationRepository(dsl).insert(pk, req.getConnectorId(), req.getIdTag(), parent,
                req.getExpiryDate().toInstant(), clock.instant());
        req.setReservationId(Math.toIntExact(reservationId));
        if (req.getParentIdTag() == null) {
            req.setParentIdTag(parent);
        }
        return send(id, "ReserveNow", req, ReserveNowResponse.class).handleAsync((res, failure) -> {
            var repo = new ReservationRepository(dsl);
            if (failure != null) {
                repo.updateStatus(reservationId, Reservation.Status.Rejected, clock.instant());
                throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
            }
            repo.updateStatus(reservationId, Reservation.Status.valueOf(res.getStatus().value()), clock.instant());
            return res;
        }, blocking);
    }

    public CompletableFuture<CancelReservationResponse> cancelReservation(String id, CancelReservation req) {
        return send(id, "CancelReservation", req, CancelReservationResponse.class).thenApplyAsync(res -> {
            if (res.getStatus() == CancelReservationResponse.Status.ACCEPTED) {
                new ReservationRepository(dsl).updateStatus(req.getReservationId(), Reservation.Status.Cancelled,
                        clock.instant());
            }
            return res;
        }, blocking);
    }

    /**
     * RemoteStartTransaction (section 5.11). A connector reserved for another id tag is refused here,
     * before the charger is asked. A charging profile must be a TxProfile (section 5.11); it is stored
     * and sent with the stored profile's id.
     */
    public CompletableFuture<RemoteStartTransactionResponse> remoteStartTransaction(String id, RemoteStartTransaction req) {
        long pk = chargePoints.requirePk(id);
        if (!gateway.isConnected(id)) {
            return CompletableFuture.failedFuture(new ChargerNotConnectedException(id));
        }
        if (req.getConnectorId() != null) {
            var auth = authorization.authorize(req.getIdTag());
            for (Reservation r : new ReservationRepository(dsl).holding(pk, req.getConnectorId(), clock.instant())) {
                if (!r.admits(req.getIdTag(), auth.parentIdTag())) {
                    throw CsmsException.conflict("Connector " + r.connectorId() + " is reserved for another id tag");
                }
            }
        }
        Long profileId = null;
        if (req.getChargingProfile() != null) {
            if (req.getChargingProfile().getChargingProfilePurpose() != ChargingProfilePurposeType.TX_PROFILE) {
                throw CsmsException.badRequest("A RemoteStartTransaction charging profile must be a TxProfile");
            }
            var profile = Ocpp16Mapping.profile(req.getChargingProfile());
            profileId = new ChargingProfileRepository(dsl).insert(profile, clock.instant());
            req.getChargingProfile().setChargingProfileId(Math.toIntExact(profileId));
        }
        Long storedProfile = profileId;
        return send(id, "RemoteStartTransaction", req, RemoteStartTransactionResponse.class).thenApplyAsync(res -> {
            if (storedProfile != null) {
                new ChargingProfileRepository(dsl).assign(storedProfile, pk,
                        req.getConnectorId() == null ? 0 : req.getConnectorId(), null, res.getStatus().value(),
                        clock.instant());
            }
            return res;
        }, blocking);
    }

    /**
     * SetChargingProfile (section 5.16). The profile is stored and sent under its stored id; once
     * accepted, it replaces on that connector the profiles of the same purpose and stack level.
     */
    public CompletableFuture<SetChargingProfileResponse> setChargingProfile(String id, SetChargingProfile req) {
        return setChargingProfile(id, req, null);
    }

    /**
     * SetChargingProfile under a key: the profile stored under that key before is replaced in place, so
     * the chargingProfileId stays the same from one send to the next (see
     * {@link ChargingProfileRepository#upsertKeyed}); null stores a new profile.
     */
    public CompletableFuture<SetChargingProfileResponse> setChargingProfile(String id, SetChargingProfile req,
            String key) {
        long pk = chargePoints.requirePk(id);
        if (!gateway.isConnected(id)) {
            return CompletableFuture.failedFuture(new ChargerNotConnectedException(id));
        }
        var cp = req.getCsChargingProfiles();
        if (cp.getChargingProfilePurpose() == ChargingProfilePurposeType.TX_PROFILE && cp.getTransactionId() == null) {
            // Section 5.16.1 / 7.8: a TxProfile without a transaction makes the charger reject it.
            throw CsmsException.badRequest("A TxProfile set with SetChargingProfile needs a transactionId");
        }
        var profile = Ocpp16Mapping.profile(cp);
        var profiles = new ChargingProfileRepository(dsl);
        long profileId = key == null ? profiles.insert(profile, clock.instant())
                : profiles.upsertKeyed(key, profile, clock.instant());
        cp.setChargingProfileId(Math.toIntExact(profileId));
        return send(id, "SetChargingProfile", req, SetChargingProfileResponse.class).thenApplyAsync(res -> {
            var repo = new ChargingProfileRepository(dsl);
            if (res.getStatus() == SetChargingProfileResponse.Status.ACCEPTED) {
                repo.markCleared(pk, null, req.getConnectorId(), profile.purpose(), profile.stackLevel(), clock.instant());
            }
            repo.assign(profileId, pk, req.getConnectorId(),
                    cp.getTransactionId() == null ? null : cp.getTransactionId().longValue(), res.getStatus().value(),
                    clock.instant());
            return res;
        }, blocking);
    }

    public CompletableFuture<ClearChargingProfileResponse> clearChargingProfile(String id, ClearChargingProfile req) {
        long pk = chargePoints.requirePk(id);
        return send(id, "ClearChargingProfile", req, ClearChargingProfileResponse.class).thenApplyAsync(res -> {
            if (res.getStatus() == ClearChargingProfileResponse.Status.ACCEPTED) {
                new ChargingProfileRepository(dsl).markCleared(pk, req.getId() == null ? null : req.getId().longValue(),
                        req.getConnectorId(),
                        req.getChargingProfilePurpose() == null ? null : req.getChargingProfilePurpose().value(),
                        req.getStackLevel(), clock.instant());
            }
            return res;
        }, blocking);
    }

    // --- plumbing

    private <R> CompletableFuture<R> send(String id, String action, Object request, Class<R> responseType) {
        return gateway.call(id, action, request, responseType);
    }

    /**
     * Waits for an operation's answer and turns its failure into what the operator API reports:
     * not connected 503, no answer in time 504, a CALLERROR 502 with its code.
     */
    public static <R> R await(CompletableFuture<R> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CsmsException(CsmsException.Kind.TIMEOUT, "Interrupted while waiting for the charger");
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    private static RuntimeException failure(Throwable cause) {
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return switch (cause) {
            case ChargerNotConnectedException e -> new CsmsException(CsmsException.Kind.CHARGER_UNAVAILABLE, e.getMessage());
            case CallTimeoutException e -> new CsmsException(CsmsException.Kind.TIMEOUT, e.getMessage());
            case OcppException e -> new CsmsException(CsmsException.Kind.CHARGER_ERROR,
                    "Charger answered " + e.errorCode() + ": " + e.getMessage());
            case IllegalArgumentException e -> CsmsException.badRequest(e.getMessage());
            case CsmsException e -> e;
            case RuntimeException e -> e;
            default -> new IllegalStateException(cause);
        };
    }
}
