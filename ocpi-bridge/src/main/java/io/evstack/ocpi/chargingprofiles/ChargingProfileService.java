package io.evstack.ocpi.chargingprofiles;

import static io.evstack.db.generated.Tables.OCPI_CHARGING_PROFILE;

import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.ocpp16.Ocpp16Operations;
import io.evstack.csms.ocpp201.Ocpp201Operations;
import io.evstack.csms.smartcharging.LoadBalancer;
import io.evstack.csms.transaction.Transaction;
import io.evstack.csms.transaction.TransactionService;
import io.evstack.ocpi.credentials.Party;
import io.evstack.ocpi.credentials.Representation;
import io.evstack.ocpi.locations.LocationRepository;
import io.evstack.ocpi.sessions.SessionService;
import io.evstack.ocpi.transport.AsyncResults;
import io.evstack.ocpi.transport.OcpiJson;
import io.evstack.ocpp.server.ChargerNotConnectedException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charging profiles (section 14, the CPO as Receiver): an eMSP limits one of its own running sessions.
 * Each request is answered at once with a ChargingProfileResponse (14.4.5) and its outcome is POSTed to
 * the response_url later (14.1): ChargingProfileResult, ActiveChargingProfileResult, ClearProfileResult.
 *
 * <p>A charger the depot balancer manages gets the limit as a cap on the transaction's allocation
 * ({@link SessionCaps}); the balancer sends it within its next round, so the result is ACCEPTED at once.
 * Any other charger gets the profile as a TxProfile of its own OCPP version ({@link ChargerProfiles}),
 * and the result is the charger's answer.
 */
public final class ChargingProfileService {
    private static final Logger log = LoggerFactory.getLogger(ChargingProfileService.class);

    /** ChargingProfileResponse (14.4.5). */
    public record ChargingProfileResponse(String result, int timeout) {}

    /** ChargingProfileResult (14.4.6) and ClearProfileResult (14.4.7). */
    public record ChargingProfileResult(String result) {}

    /** ActiveChargingProfileResult (14.4.4). */
    public record ActiveChargingProfileResult(String result, ActiveChargingProfile profile) {}

    /** SetChargingProfile (14.4.8): the body of the PUT. */
    public record SetChargingProfile(OcpiChargingProfile chargingProfile, String responseUrl) {}

    private final DSLContext dsl;
    private final Clock clock;
    private final ChargePointService chargePoints;
    private final TransactionService transactions;
    private final SessionService sessions;
    private final ChargerProfiles chargers;
    private final SessionCaps caps;
    private final AsyncResults results;
    private final Representation representation;

    public ChargingProfileService(DSLContext dsl, Clock clock, ChargePointService chargePoints,
            TransactionService transactions, SessionService sessions, Ocpp16Operations ocpp16,
            Ocpp201Operations ocpp201, SessionCaps caps, AsyncResults results, Representation representation) {
        this.dsl = dsl;
        this.clock = clock;
        this.chargePoints = chargePoints;
        this.transactions = transactions;
        this.sessions = sessions;
        this.chargers = new ChargerProfiles(ocpp16, ocpp201, transactions);
        this.caps = caps == null ? SessionCaps.NONE : caps;
        this.results = results;
        this.representation = representation;
    }

    public ChargingProfileResponse set(Party party, String sessionId, SetChargingProfile body) {
        OcpiChargingProfile profile = body.chargingProfile() == null ? null : body.chargingProfile();
        if (profile == null) {
            throw io.evstack.ocpi.transport.OcpiException.invalid("Missing field: charging_profile");
        }
        profile.validated();
        String responseUrl = requireUrl(body.responseUrl());
        Optional<Transaction> tx = runningSession(party, sessionId);
        if (tx.isEmpty()) {
            return response("UNKNOWN_SESSION");
        }
        Transaction t = tx.get();
        Instant now = clock.instant();
        List<LoadBalancer.Cap> steps = steps(t, profile, now);
        long id = dsl.insertInto(OCPI_CHARGING_PROFILE).set(OCPI_CHARGING_PROFILE.PARTY_PK, party.pk())
                .set(OCPI_CHARGING_PROFILE.SESSION_ID, sessionId).set(OCPI_CHARGING_PROFILE.TRANSACTION_ID, t.id())
                .set(OCPI_CHARGING_PROFILE.BODY, OcpiJson.write(profile))
                .set(OCPI_CHARGING_PROFILE.CAP_W, steps.getFirst().watts())
                .set(OCPI_CHARGING_PROFILE.CAPPED, false).set(OCPI_CHARGING_PROFILE.CREATED_AT, now)
                .returningResult(OCPI_CHARGING_PROFILE.ID).fetchOne().value1();
        if (caps.cap(t.chargePointId(), t.id(), steps)) {
            dsl.update(OCPI_CHARGING_PROFILE).set(OCPI_CHARGING_PROFILE.CAPPED, true)
                    .where(OCPI_CHARGING_PROFILE.ID.eq(id)).execute();
            // recorded before the response, so that a DELETE right after it finds the profile
            results.send(party, responseUrl, new ChargingProfileResult("ACCEPTED"),
                    (t2, r) -> record(t2, sessionId, id, "ACCEPTED"));
            return response("ACCEPTED");
        }
        CompletableFuture<ChargerProfiles.SetOutcome> answer;
        try {
            answer = chargers.set(is201(t.chargePointId()), t, profile);
        } catch (RuntimeException e) {
            log.info("Charging profile for session {} not sent: {}", sessionId, e.getMessage());
            return response("REJECTED");
        }
        if (notConnected(answer)) {
            return response("REJECTED");
        }
        results.whenAnswered(answer, outcome -> {
            dsl.update(OCPI_CHARGING_PROFILE).set(OCPI_CHARGING_PROFILE.CSMS_PROFILE_ID, outcome.csmsProfileId())
                    .where(OCPI_CHARGING_PROFILE.ID.eq(id)).execute();
            return new ChargingProfileResult(outcome.result());
        }, timedOut -> new ChargingProfileResult("REJECTED"),
                (t2, r) -> record(t2, sessionId, id, ((ChargingProfileResult) r).result()), party, responseUrl);
        return response("ACCEPTED");
    }

    /**
     * Gives the balancer again the caps of the sessions still running, after a restart: the balancer keeps
     * them in memory, the profiles themselves are in the database. Returns how many were restored.
     */
    public int restoreCaps() {
        var rows = dsl.selectFrom(OCPI_CHARGING_PROFILE).where(OCPI_CHARGING_PROFILE.CAPPED.isTrue())
                .and(OCPI_CHARGING_PROFILE.CLEARED_AT.isNull()).and(OCPI_CHARGING_PROFILE.RESULT.eq("ACCEPTED")).fetch();
        int restored = 0;
        for (var row : rows) {
            Optional<Transaction> tx = transactions.find(row.getTransactionId()).filter(Transaction::active);
            if (tx.isPresent()) {
                var profile = OcpiJson.read(row.getBody(), OcpiChargingProfile.class);
                Instant from = profile.startDateTime() != null ? profile.startDateTime() : row.getCreatedAt();
                var anchored = new OcpiChargingProfile(from, profile.duration(), profile.chargingRateUnit(),
                        profile.minChargingRate(), profile.chargingProfilePeriod());
                caps.cap(tx.get().chargePointId(), tx.get().id(), steps(tx.get(), anchored, row.getCreatedAt()));
                restored++;
            }
        }
        return restored;
    }

    /** GET: the profile in force, from the charger's composite schedule for {@code duration} seconds. */
    public ChargingProfileResponse active(Party party, String sessionId, int duration, String responseUrl) {
        String url = requireUrl(responseUrl);
        if (duration <= 0) {
            throw io.evstack.ocpi.transport.OcpiException.invalid("duration must be a positive number of seconds");
        }
        Optional<Transaction> tx = runningSession(party, sessionId);
        if (tx.isEmpty()) {
            return response("UNKNOWN_SESSION");
        }
        Transaction t = tx.get();
        CompletableFuture<Optional<ActiveChargingProfile>> answer;
        try {
            answer = chargers.composite(is201(t.chargePointId()), t, duration);
        } catch (RuntimeException e) {
            return response("REJECTED");
        }
        if (notConnected(answer)) {
            return response("REJECTED");
        }
        results.whenAnswered(answer, p -> p.map(x -> new ActiveChargingProfileResult("ACCEPTED", x))
                        .orElse(new ActiveChargingProfileResult("REJECTED", null)),
                timedOut -> new ActiveChargingProfileResult("REJECTED", null), AsyncResults.Recorder.ALWAYS, party, url);
        return response("ACCEPTED");
    }

    /** DELETE: lifts the eMSP's limit; ClearProfileResult UNKNOWN when it had set none (14.4.6). */
    public ChargingProfileResponse clear(Party party, String sessionId, String responseUrl) {
        String url = requireUrl(responseUrl);
        Optional<Transaction> tx = runningSession(party, sessionId);
        if (tx.isEmpty()) {
            return response("UNKNOWN_SESSION");
        }
        Transaction t = tx.get();
        var row = dsl.selectFrom(OCPI_CHARGING_PROFILE).where(OCPI_CHARGING_PROFILE.SESSION_ID.eq(sessionId))
                .and(OCPI_CHARGING_PROFILE.CLEARED_AT.isNull()).and(OCPI_CHARGING_PROFILE.RESULT.eq("ACCEPTED"))
                .orderBy(OCPI_CHARGING_PROFILE.ID.desc()).limit(1).fetchOne();
        CompletableFuture<String> answer;
        if (row == null) {
            answer = CompletableFuture.completedFuture("UNKNOWN");
        } else if (Boolean.TRUE.equals(row.getCapped())) {
            caps.cap(t.chargePointId(), t.id(), List.of());
            answer = CompletableFuture.completedFuture("ACCEPTED");
        } else if (row.getCsmsProfileId() == null) {
            answer = CompletableFuture.completedFuture("UNKNOWN");
        } else {
            try {
                answer = chargers.clear(is201(t.chargePointId()), t, row.getCsmsProfileId());
            } catch (RuntimeException e) {
                return response("REJECTED");
            }
            if (notConnected(answer)) {
                return response("REJECTED");
            }
        }
        Long rowId = row == null ? null : row.getId();
        results.whenAnswered(answer, ChargingProfileResult::new, timedOut -> new ChargingProfileResult("REJECTED"), (t2, r) -> {
            if (rowId != null && "ACCEPTED".equals(((ChargingProfileResult) r).result())) {
                t2.update(OCPI_CHARGING_PROFILE).set(OCPI_CHARGING_PROFILE.CLEARED_AT, clock.instant())
                        .where(OCPI_CHARGING_PROFILE.ID.eq(rowId)).execute();
            }
            return true;
        }, party, url);
        return response("ACCEPTED");
    }

    /**
     * The profile as balancer caps in W, from when each period begins: A is per phase (14.4.2), so it is
     * multiplied by the connector's voltage and phases (three unless the connector is AC_1_PHASE). After
     * the profile's duration the cap ends.
     */
    List<LoadBalancer.Cap> steps(Transaction tx, OcpiChargingProfile p, Instant now) {
        Instant start = p.startDateTime() != null ? p.startDateTime() : now;
        double factor = 1;
        if ("A".equals(p.chargingRateUnit())) {
            var attrs = new LocationRepository(dsl).connectors(tx.chargePointId())
                    .getOrDefault(tx.connectorId(), LocationRepository.ConnectorAttributes.defaults(now));
            int phases = "AC_1_PHASE".equals(attrs.powerType()) || "DC".equals(attrs.powerType()) ? 1 : 3;
            factor = attrs.maxVoltage() * (double) phases;
        }
        List<LoadBalancer.Cap> steps = new ArrayList<>();
        for (var period : p.chargingProfilePeriod()) {
            steps.add(new LoadBalancer.Cap(start.plusSeconds(period.startPeriod()), period.limit().doubleValue() * factor));
        }
        if (p.duration() != null) {
            steps.add(new LoadBalancer.Cap(start.plusSeconds(p.duration()), Double.POSITIVE_INFINITY));
        }
        return steps;
    }

    private Optional<Transaction> runningSession(Party party, String sessionId) {
        return sessions.find(sessionId)
                // a hub may limit the sessions of the parties behind it (section 4.1.4)
                .filter(s -> representation.actsFor(party, s.session().cdrToken().countryCode(),
                        s.session().cdrToken().partyId()))
                .flatMap(s -> parse(sessionId).flatMap(transactions::find))
                .filter(Transaction::active);
    }

    private static Optional<Long> parse(String sessionId) {
        try {
            return Optional.of(Long.parseLong(sessionId));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean is201(String chargePointId) {
        return chargePoints.find(chargePointId).map(cp -> "ocpp2.0.1".equals(cp.ocppVersion())).orElse(false);
    }

    private static boolean notConnected(CompletableFuture<?> answer) {
        return answer.isCompletedExceptionally() && answer.exceptionNow() instanceof ChargerNotConnectedException;
    }

    /**
     * The profile's result, once (whether it was set now); an accepted profile replaces the session's
     * earlier ones (same purpose and stack level, OCPP 1.6 3.13.2).
     */
    private boolean record(DSLContext tx, String sessionId, long id, String result) {
        if (tx.update(OCPI_CHARGING_PROFILE).set(OCPI_CHARGING_PROFILE.RESULT, result).where(OCPI_CHARGING_PROFILE.ID.eq(id))
                .and(OCPI_CHARGING_PROFILE.RESULT.isNull()).execute() == 0) {
            return false;
        }
        if ("ACCEPTED".equals(result)) {
            tx.update(OCPI_CHARGING_PROFILE).set(OCPI_CHARGING_PROFILE.CLEARED_AT, clock.instant())
                    .where(OCPI_CHARGING_PROFILE.SESSION_ID.eq(sessionId)).and(OCPI_CHARGING_PROFILE.ID.lt(id))
                    .and(OCPI_CHARGING_PROFILE.CLEARED_AT.isNull()).execute();
        }
        return true;
    }

    private ChargingProfileResponse response(String result) {
        return new ChargingProfileResponse(result, results.timeoutSeconds());
    }

    private static String requireUrl(String url) {
        if (url == null || url.isBlank()) {
            throw io.evstack.ocpi.transport.OcpiException.invalid("Missing field: response_url");
        }
        if (url.length() > 255) {
            throw io.evstack.ocpi.transport.OcpiException.invalid("response_url is a URL of at most 255 characters (the URL type, section 16)");
        }
        return url;
    }
}
