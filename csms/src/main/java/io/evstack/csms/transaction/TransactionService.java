package io.evstack.csms.transaction;

import io.evstack.csms.CsmsException;
import io.evstack.csms.authorization.Authorization;
import io.evstack.csms.authorization.AuthorizationService;
import io.evstack.csms.authorization.AuthorizationStatus;
import io.evstack.csms.chargepoint.ChargePointRepository;
import io.evstack.csms.event.DomainEvent;
import io.evstack.csms.event.EventPublisher;
import io.evstack.csms.reservation.Reservation;
import io.evstack.csms.reservation.ReservationRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * StartTransaction, StopTransaction and MeterValues (OCPP 1.6 sections 4.7, 4.8, 4.10), each idempotent:
 * a charger that was offline, or did not get our answer, sends the same message again, and it must
 * neither make a second transaction nor a second meter value.
 */
public final class TransactionService {
    public record StartResult(long transactionId, Authorization authorization, boolean replayed) {}

    private final DSLContext dsl;
    private final Clock clock;
    private final EventPublisher events;
    private final AuthorizationService authorization;

    public TransactionService(DSLContext dsl, Clock clock, EventPublisher events, AuthorizationService authorization) {
        this.dsl = dsl;
        this.clock = clock;
        this.events = events;
        this.authorization = authorization;
    }

    /**
     * Records a transaction the charger has started. The charger has already started it, so the
     * transaction is always stored; the id tag status tells the charger whether it may continue
     * (section 4.8: the Central System must answer with a transactionId even for an invalid tag).
     * A reserved connector admits only its id tag or one with the reservation's parent.
     */
    public StartResult start(String chargePointId, int connectorId, String idTag, long meterStartWh,
            Instant timestamp, Integer reservationId) {
        Instant now = clock.instant();
        StartResult result;
        try {
            result = dsl.transactionResult(tx -> startInTransaction(tx.dsl(), chargePointId, connectorId, idTag,
                    meterStartWh, timestamp, reservationId, now));
        } catch (IntegrityConstraintViolationException e) {
            // The same start committed concurrently (a replay racing the original): answer as it was.
            result = dsl.transactionResult(tx -> startInTransaction(tx.dsl(), chargePointId, connectorId, idTag,
                    meterStartWh, timestamp, reservationId, now));
        }
        if (!result.replayed()) {
            events.publish(new DomainEvent.TransactionStarted(chargePointId, result.transactionId(), connectorId, idTag,
                    meterStartWh, timestamp));
        }
        return result;
    }

    private StartResult startInTransaction(DSLContext tx, String chargePointId, int connectorId, String idTag,
            long meterStartWh, Instant timestamp, Integer reservationId, Instant now) {
        long cpPk = new ChargePointRepository(tx).findPk(chargePointId)
                .orElseThrow(() -> CsmsException.notFound("Charge point", chargePointId));
        var transactions = new TransactionRepository(tx);
        Optional<Transaction> existing = transactions.findByStart(cpPk, connectorId, timestamp);
        if (existing.isPresent()) {
            // Replay: the tag's own running transaction is this one, so do not count it as concurrent.
            return new StartResult(existing.get().id(), authorization.authorize(idTag, 1), true);
        }
        Authorization auth = authorization.authorize(idTag);
        var reservations = new ReservationRepository(tx);
        Reservation used = null;
        for (Reservation r : reservations.holding(cpPk, connectorId, now)) {
            boolean named = reservationId != null && r.id() == reservationId;
            if (named || r.admits(idTag, auth.parentIdTag())) {
                used = r;
            } else if (r.connectorId() == connectorId && auth.accepted()) {
                auth = new Authorization(AuthorizationStatus.Invalid, auth.expiryDate(), auth.parentIdTag());
            }
        }
        long id = transactions.insert(cpPk, connectorId, idTag, used == null ? null : used.id(), timestamp,
                meterStartWh, now);
        if (used != null) {
            reservations.markUsed(used.id(), id, now);
        }
        return new StartResult(id, auth, false);
    }

    /**
     * Records a stop with its transaction data. An unknown transaction id is no error (the charger may
     * hold one we never gave, after a restore): its meter values are still kept, unlinked. A repeated stop
     * changes nothing. Returns the id tag status when the charger sent an id tag.
     */
    public Optional<Authorization> stop(String chargePointId, long transactionId, String idTag, long meterStopWh,
            Instant timestamp, String reason, List<MeterSample> transactionData) {
        Instant now = clock.instant();
        // Section 7.39: a missing reason means Local.
        String stopReason = reason == null ? "Local" : reason;
        record Outcome(Transaction transaction, boolean stopped) {}
        Outcome outcome = dsl.transactionResult(tx -> {
            long cpPk = new ChargePointRepository(tx.dsl()).findPk(chargePointId)
                    .orElseThrow(() -> CsmsException.notFound("Charge point", chargePointId));
            var transactions = new TransactionRepository(tx.dsl());
            Optional<Transaction> found = transactions.findOfCharger(cpPk, transactionId);
            if (found.isEmpty()) {
                transactions.insertSamples(cpPk, 0, null, transactionData, now);
                return new Outcome(null, false);
            }
            Transaction t = found.get();
            transactions.insertSamples(cpPk, t.connectorId(), t.id(), transactionData, now);
            boolean stopped = transactions.stop(t.id(), timestamp, meterStopWh, stopReason, idTag, now);
            if (stopped) {
                transactions.advanceEnergy(t.id(), meterStopWh, timestamp);
            }
            return new Outcome(t, stopped);
        });
        if (outcome.stopped()) {
            Transaction t = outcome.transaction();
            events.publish(new DomainEvent.TransactionStopped(chargePointId, t.id(), t.connectorId(), meterStopWh,
                    stopReason, timestamp));
        }
        // The transaction is over, so its own run does not count against the tag.
        return idTag == null ? Optional.empty() : Optional.of(authorization.authorize(idTag, 0));
    }

    /**
     * Stores every sampled value (once), linked to the transaction when the charger names one of its own,
     * and moves the transaction's energy register forward.
     */
    public int meterValues(String chargePointId, int connectorId, Integer transactionId, List<MeterSample> samples) {
        Instant now = clock.instant();
        record Outcome(int inserted, Long transactionPk) {}
        Outcome outcome = dsl.transactionResult(tx -> {
            long cpPk = new ChargePointRepository(tx.dsl()).findPk(chargePointId)
                    .orElseThrow(() -> CsmsException.notFound("Charge point", chargePointId));
            var transactions = new TransactionRepository(tx.dsl());
            Long txPk = null;
            if (transactionId != null) {
                txPk = transactions.findOfCharger(cpPk, transactionId).map(Transaction::id).orElse(null);
            }
            int inserted = transactions.insertSamples(cpPk, connectorId, txPk, samples, now);
            if (txPk != null) {
                for (MeterSample s : samples) {
                    var wh = s.energyImportWh();
                    if (wh.isPresent()) {
                        transactions.advanceEnergy(txPk, wh.getAsLong(), s.timestamp());
                    }
                }
            }
            return new Outcome(inserted, txPk);
        });
        if (outcome.inserted() > 0) {
            events.publish(new DomainEvent.MeterValuesReceived(chargePointId, connectorId, outcome.transactionPk(),
                    outcome.inserted(), now));
        }
        return outcome.inserted();
    }

    // --- queries

    public Transaction get(long id) {
        return new TransactionRepository(dsl).find(id).orElseThrow(() -> CsmsException.notFound("Transaction", id));
    }

    public Optional<Transaction> find(long id) {
        return new TransactionRepository(dsl).find(id);
    }

    public List<Transaction> list(TransactionFilter filter) {
        return new TransactionRepository(dsl).list(filter);
    }

    public int count(TransactionFilter filter) {
        return new TransactionRepository(dsl).count(filter);
    }

    public List<StoredMeterValue> meterValues(long transactionId) {
        get(transactionId);
        return new TransactionRepository(dsl).meterValues(transactionId);
    }

    public List<Transaction> active(String chargePointId, int connectorId) {
        long cpPk = new ChargePointRepository(dsl).findPk(chargePointId)
                .orElseThrow(() -> CsmsException.notFound("Charge point", chargePointId));
        return new TransactionRepository(dsl).active(cpPk, connectorId);
    }
}
