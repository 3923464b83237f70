package io.evstack.csms.transaction;

import io.evstack.csms.CsmsException;
import io.evstack.csms.authorization.Authorization;
import io.evstack.csms.authorization.AuthorizationService;
import io.evstack.csms.authorization.AuthorizationStatus;
import io.evstack.csms.chargepoint.ChargerKeys;
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
    private final ChargerKeys chargers;
    /**
     * Transaction id to its charger's key, for transactions seen to exist: which charger a transaction
     * belongs to never changes and transactions are never deleted, so a MeterValues of a known transaction
     * needs no lookup (one statement less per reading). Bounded by clearing it when it grows large.
     */
    private final java.util.Map<Long, Long> transactionChargers = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int TRANSACTION_CHARGERS_MAX = 100_000;

    public TransactionService(DSLContext dsl, Clock clock, EventPublisher events, AuthorizationService authorization) {
        this(dsl, clock, events, authorization, ChargerKeys.uncached());
    }

    public TransactionService(DSLContext dsl, Clock clock, EventPublisher events, AuthorizationService authorization,
            ChargerKeys chargers) {
        this.dsl = dsl;
        this.clock = clock;
        this.events = events;
        this.authorization = authorization;
        this.chargers = chargers;
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
        // A roaming tag is asked of its eMSP before the transaction holds a connection (see remoteAnswer): the
        // first attempt assumes a known tag (one read of it, not two) and gives up on meeting an unknown one.
        try {
            result = startOnce(chargePointId, connectorId, idTag, meterStartWh, timestamp, reservationId, now,
                    idTag == null ? Authorization.INVALID : null);
        } catch (UnknownTag e) {
            Authorization remote = authorization.remoteAnswer(idTag).orElse(Authorization.INVALID);
            result = startOnce(chargePointId, connectorId, idTag, meterStartWh, timestamp, reservationId, now, remote);
        }
        if (!result.replayed()) {
            events.publish(new DomainEvent.TransactionStarted(chargePointId, result.transactionId(), connectorId, idTag,
                    meterStartWh, timestamp));
        }
        return result;
    }

    private StartResult startOnce(String chargePointId, int connectorId, String idTag, long meterStartWh,
            Instant timestamp, Integer reservationId, Instant now, Authorization unknownAnswer) {
        try {
            return dsl.transactionResult(tx -> startInTransaction(tx.dsl(), chargePointId, connectorId, idTag,
                    meterStartWh, timestamp, reservationId, now, unknownAnswer));
        } catch (IntegrityConstraintViolationException e) {
            // The same start committed concurrently (a replay racing the original): answer as it was.
            return dsl.transactionResult(tx -> startInTransaction(tx.dsl(), chargePointId, connectorId, idTag,
                    meterStartWh, timestamp, reservationId, now, unknownAnswer));
        }
    }

    /** The tag's status; {@code remote}, the remote answer, for an unknown tag, or if not asked yet, UnknownTag. */
    private Authorization authorize(DSLContext tx, String idTag, int ignoringTransactions, Authorization remote) {
        return remote != null ? authorization.authorize(tx, idTag, ignoringTransactions, remote)
                : authorization.authorizeKnown(tx, idTag, ignoringTransactions).orElseThrow(UnknownTag::new);
    }

    /** Thrown out of a start's database transaction (rolling it back) to ask the remote authorizer first. */
    private static final class UnknownTag extends RuntimeException {
        UnknownTag() {
            super(null, null, false, false);
        }
    }

    private StartResult startInTransaction(DSLContext tx, String chargePointId, int connectorId, String idTag,
            long meterStartWh, Instant timestamp, Integer reservationId, Instant now, Authorization remote) {
        long cpPk = chargers.find(tx, chargePointId)
                .orElseThrow(() -> CsmsException.notFound("Charge point", chargePointId));
        var transactions = new TransactionRepository(tx);
        Optional<Transaction> existing = transactions.findByStart(cpPk, connectorId, timestamp);
        if (existing.isPresent()) {
            // Replay: the tag's own running transaction is this one, so do not count it as concurrent.
            return new StartResult(existing.get().id(), authorize(tx, idTag, 1, remote), true);
        }
        Authorization auth = authorize(tx, idTag, 0, remote);
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
        // its meter values name it next: known to belong to this charger, they need not read it back
        remember(id, cpPk);
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
            long cpPk = chargers.find(tx.dsl(), chargePointId)
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
            long cpPk = chargers.find(tx.dsl(), chargePointId)
                    .orElseThrow(() -> CsmsException.notFound("Charge point", chargePointId));
            var transactions = new TransactionRepository(tx.dsl());
            Long txPk = null;
            if (transactionId != null) {
                txPk = ofCharger(transactions, cpPk, transactionId);
            }
            int inserted = transactions.insertSamples(cpPk, connectorId, txPk, samples, now);
            if (txPk != null) {
                // Only the latest reading counts (advanceEnergy keeps the newest): one update, not one per sample.
                MeterSample latest = null;
                for (MeterSample s : samples) {
                    if (s.energyImportWh().isPresent() && (latest == null || !s.timestamp().isBefore(latest.timestamp()))) {
                        latest = s;
                    }
                }
                if (latest != null) {
                    transactions.advanceEnergy(txPk, latest.energyImportWh().getAsLong(), latest.timestamp());
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

    private Long ofCharger(TransactionRepository transactions, long cpPk, long transactionId) {
        Long owner = transactionChargers.get(transactionId);
        if (owner != null && owner == cpPk) {
            return transactionId;
        }
        Long found = transactions.findOfCharger(cpPk, transactionId).map(Transaction::id).orElse(null);
        if (found != null) {
            remember(found, cpPk);
        }
        return found;
    }

    /**
     * A transaction's charger, which never changes. Remembered when the start is written, before its commit: a
     * start that rolls back leaves an id no charger was told and no other transaction gets.
     */
    private void remember(long transactionId, long cpPk) {
        if (transactionChargers.size() >= TRANSACTION_CHARGERS_MAX) {
            transactionChargers.clear();
        }
        transactionChargers.put(transactionId, cpPk);
    }

    // --- OCPP 2.0.1 TransactionEvent

    /**
     * The outcome of one TransactionEvent: the shared transaction it belongs to, whether it was a replay
     * (then nothing changed), and whether the transaction is still running afterwards.
     */
    public record EventResult(long transactionId, boolean duplicate, boolean active, String idTag) {}

    /**
     * Records an OCPP 2.0.1 TransactionEvent (part 2 section E) on the shared model: the first event of a
     * transaction (normally Started, but after lost messages any type) makes the charge_transaction row,
     * meter values go to meter_value (signed ones kept verbatim), Ended stops it. Every event is stored
     * once by (charger, transactionId, seqNo): the same event twice changes nothing and publishes nothing
     * (E01/E07 idempotence, offline replays after a reconnect). Gaps in seqNo are allowed and visible
     * through {@link #missingSeqNos}.
     */
    public EventResult transactionEvent(String chargePointId, TransactionEventData e) {
        Instant now = clock.instant();
        record Outcome(EventResult result, Transaction created, int inserted, Transaction stopped, long meterStop,
                String reason) {}
        java.util.function.Supplier<Outcome> work = () -> dsl.transactionResult(tx -> {
            long cpPk = chargers.find(tx.dsl(), chargePointId)
                    .orElseThrow(() -> CsmsException.notFound("Charge point", chargePointId));
            var transactions = new TransactionRepository(tx.dsl());
            var events = new TransactionEventRepository(tx.dsl());
            int connectorId = e.evseId() == null ? 0 : e.evseId();
            String token = e.idToken() == null || e.idToken().isEmpty() ? null : e.idToken();
            Optional<Transaction> existing = transactions.findByChargerTransactionId(cpPk, e.chargerTransactionId());
            Transaction created = null;
            Transaction t;
            if (existing.isPresent()) {
                t = existing.get();
                if (!events.insert(cpPk, t.id(), e, now)) {
                    return new Outcome(new EventResult(t.id(), true, t.active(), t.idTag()), null, 0, null, 0, null);
                }
                connectorId = t.connectorId();
                if (token != null && transactions.setIdTagIfEmpty(t.id(), token)) {
                    t = transactions.find(t.id()).orElseThrow();
                }
            } else {
                Long startWh = startReading(e.readings());
                Long reservationPk = null;
                var reservations = new ReservationRepository(tx.dsl());
                if (e.reservationId() != null) {
                    Optional<Reservation> r = reservations.find(e.reservationId());
                    if (r.isPresent() && r.get().chargePointId().equals(chargePointId)) {
                        reservationPk = r.get().id();
                    }
                }
                long id = transactions.insert(cpPk, connectorId, token == null ? "" : token, reservationPk,
                        e.timestamp(), startWh, e.chargerTransactionId(), now);
                if (reservationPk != null) {
                    reservations.markUsed(reservationPk, id, now);
                }
                events.insert(cpPk, id, e, now);
                t = transactions.find(id).orElseThrow();
                created = t;
            }
            int inserted = 0;
            for (MeterReading r : e.readings()) {
                inserted += transactions.insertSamples(cpPk, connectorId, t.id(), List.of(r.sample()), now);
                if (r.signed() != null) {
                    events.insertSigned(TransactionRepository.sampleKey(cpPk, connectorId, t.id(), r.sample()), r.signed());
                }
                var wh = r.sample().energyImportWh();
                if (wh.isPresent()) {
                    transactions.setMeterStartIfUnknown(t.id(), wh.getAsLong());
                    transactions.advanceEnergy(t.id(), wh.getAsLong(), r.sample().timestamp());
                }
            }
            Transaction stopped = null;
            long meterStop = 0;
            // 2.0.1 E06: stoppedReason may be left out when it is Local.
            String reason = e.stoppedReason() == null ? "Local" : e.stoppedReason();
            if (e.type() == TransactionEventData.Type.Ended) {
                Transaction now2 = transactions.find(t.id()).orElseThrow();
                meterStop = now2.lastEnergyWh() != null ? now2.lastEnergyWh() : now2.meterStartWh();
                if (transactions.stop(t.id(), e.timestamp(), meterStop, reason, token, now)) {
                    stopped = now2;
                }
            }
            Transaction after = transactions.find(t.id()).orElseThrow();
            return new Outcome(new EventResult(t.id(), false, after.active(), after.idTag()), created, inserted,
                    stopped, meterStop, reason);
        });
        Outcome outcome;
        try {
            outcome = work.get();
        } catch (IntegrityConstraintViolationException ex) {
            // The same event committed concurrently (a replay racing the original): now it is a duplicate.
            outcome = work.get();
        }
        if (outcome.created() != null) {
            Transaction t = outcome.created();
            events.publish(new DomainEvent.TransactionStarted(chargePointId, t.id(), t.connectorId(), t.idTag(),
                    t.meterStartWh(), t.startTime()));
        }
        if (outcome.inserted() > 0) {
            Transaction t = get(outcome.result().transactionId());
            events.publish(new DomainEvent.MeterValuesReceived(chargePointId, t.connectorId(), t.id(),
                    outcome.inserted(), now));
        }
        if (outcome.stopped() != null) {
            Transaction t = outcome.stopped();
            events.publish(new DomainEvent.TransactionStopped(chargePointId, t.id(), t.connectorId(),
                    outcome.meterStop(), outcome.reason(), e.timestamp()));
        }
        return outcome.result();
    }

    /** The energy register at the start: a Transaction.Begin reading first, else any reading of the event. */
    private static Long startReading(List<MeterReading> readings) {
        Long any = null;
        for (MeterReading r : readings) {
            var wh = r.sample().energyImportWh();
            if (wh.isPresent()) {
                if ("Transaction.Begin".equals(r.sample().context())) {
                    return wh.getAsLong();
                }
                if (any == null) {
                    any = wh.getAsLong();
                }
            }
        }
        return any;
    }

    /** Stores meter values outside a transaction event (2.0.1 MeterValues), signed ones kept verbatim. */
    public int meterReadings(String chargePointId, int connectorId, List<MeterReading> readings) {
        int inserted = meterValues(chargePointId, connectorId, null,
                readings.stream().map(MeterReading::sample).toList());
        long cpPk = chargers.find(dsl, chargePointId)
                .orElseThrow(() -> CsmsException.notFound("Charge point", chargePointId));
        var events = new TransactionEventRepository(dsl);
        for (MeterReading r : readings) {
            if (r.signed() != null) {
                events.insertSigned(TransactionRepository.sampleKey(cpPk, connectorId, null, r.sample()), r.signed());
            }
        }
        return inserted;
    }

    /** The transaction a 2.0.1 station calls {@code chargerTransactionId}. */
    public Optional<Transaction> findByChargerTransactionId(String chargePointId, String chargerTransactionId) {
        return chargers.find(dsl, chargePointId)
                .flatMap(pk -> new TransactionRepository(dsl).findByChargerTransactionId(pk, chargerTransactionId));
    }

    /** The station's own name of a transaction: its 2.0.1 transactionId (empty for a 1.6 transaction). */
    public Optional<String> chargerTransactionId(long transactionId) {
        return new TransactionRepository(dsl).chargerTransactionId(transactionId);
    }

    /** The 2.0.1 TransactionEvents of a transaction, in seqNo order. */
    public List<TransactionEventRecord> events(long transactionId) {
        get(transactionId);
        return new TransactionEventRepository(dsl).list(transactionId);
    }

    /** The signed meter values of a transaction as the station sent them. */
    public List<SignedMeterData> signedMeterValues(long transactionId) {
        get(transactionId);
        return new TransactionEventRepository(dsl).signedOfTransaction(transactionId);
    }

    /**
     * The seqNos missing between the first and the last event received (2.0.1 E07: a gap means a message
     * the station has not delivered yet, or lost).
     */
    public List<Integer> missingSeqNos(long transactionId) {
        List<Integer> seen = events(transactionId).stream().map(TransactionEventRecord::seqNo).sorted().toList();
        List<Integer> missing = new java.util.ArrayList<>();
        for (int i = 1; i < seen.size(); i++) {
            for (int n = seen.get(i - 1) + 1; n < seen.get(i); n++) {
                missing.add(n);
            }
        }
        return missing;
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

    /** The transaction's stored meter values; none for an unknown transaction (callers that must tell, look it up). */
    public List<StoredMeterValue> meterValues(long transactionId) {
        return new TransactionRepository(dsl).meterValues(transactionId);
    }

    public List<Transaction> active(String chargePointId, int connectorId) {
        long cpPk = chargers.find(dsl, chargePointId)
                .orElseThrow(() -> CsmsException.notFound("Charge point", chargePointId));
        return new TransactionRepository(dsl).active(cpPk, connectorId);
    }
}
