package io.evstack.csms.authorization;

import io.evstack.csms.CsmsException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Decides Authorize, StartTransaction and StopTransaction id tag checks (OCPP 1.6 sections 4.1, 4.8,
 * 4.10) and manages the id tags the operator registers.
 */
public final class AuthorizationService {
    private final DSLContext dsl;
    private final Clock clock;
    private final RemoteAuthorizer remote;

    public AuthorizationService(DSLContext dsl, Clock clock) {
        this(dsl, clock, RemoteAuthorizer.NONE);
    }

    /** @param remote asked about tags the CSMS does not know, before they are called Invalid */
    public AuthorizationService(DSLContext dsl, Clock clock, RemoteAuthorizer remote) {
        this.dsl = dsl;
        this.clock = clock;
        this.remote = remote;
    }

    /**
     * The status of a tag: Invalid if unknown, Blocked if it or its parent is blocked, Expired if it or its
     * parent has expired, ConcurrentTx if it already has as many running transactions as it may
     * ({@code ignoringTransactions} of them being the one being started or stopped), else Accepted. The
     * expiry date returned is the earlier of the tag's and its parent's, so that a charger caching the
     * answer never outlives either.
     */
    public Authorization authorize(String idTag, int ignoringTransactions) {
        return authorize(dsl, idTag, ignoringTransactions);
    }

    /**
     * The same inside a caller's database transaction: it must use that transaction's connection, because
     * taking a second one from the pool while holding the first deadlocks once every pooled connection is
     * held by a caller waiting for another.
     */
    public Authorization authorize(DSLContext tx, String idTag, int ignoringTransactions) {
        return authorize(tx, idTag, ignoringTransactions, null);
    }

    /**
     * For a tag the CSMS does not know, what the remote authorizer says (Invalid if it says nothing);
     * empty for a known tag. Call it before opening a database transaction: the remote answer may take an
     * HTTP round trip and connections of its own, which must not wait while the caller holds one (the
     * pool-exhaustion deadlock again, under many concurrent starts with roaming tags).
     */
    public java.util.Optional<Authorization> remoteAnswer(String idTag) {
        if (idTag == null || known(idTag)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(remote.authorize(idTag).orElse(Authorization.INVALID));
    }

    /**
     * As {@link #authorize(DSLContext, String, int)}, with the remote answer for an unknown tag asked
     * beforehand by {@link #remoteAnswer}; {@code null} asks now (outside a transaction only).
     */
    public Authorization authorize(DSLContext tx, String idTag, int ignoringTransactions, Authorization unknownTagAnswer) {
        return authorizeKnown(tx, idTag, ignoringTransactions).orElseGet(() -> unknownTagAnswer != null ? unknownTagAnswer
                : remote.authorize(idTag).orElse(Authorization.INVALID));
    }

    /** As {@link #authorize(DSLContext, String, int)} for a tag the CSMS knows; empty for one it does not. */
    public java.util.Optional<Authorization> authorizeKnown(DSLContext tx, String idTag, int ignoringTransactions) {
        var repo = new IdTagRepository(tx);
        var found = repo.find(idTag);
        if (found.isEmpty()) {
            return java.util.Optional.empty();
        }
        IdTag tag = found.get();
        Instant now = clock.instant();
        Instant expiry = tag.expiryDate();
        IdTag parent = tag.parentIdTag() == null ? null : repo.find(tag.parentIdTag()).orElse(null);
        if (parent != null && parent.expiryDate() != null && (expiry == null || parent.expiryDate().isBefore(expiry))) {
            expiry = parent.expiryDate();
        }
        AuthorizationStatus status;
        if (tag.blocked() || (parent != null && parent.blocked())) {
            status = AuthorizationStatus.Blocked;
        } else if (expiry != null && !expiry.isAfter(now)) {
            status = AuthorizationStatus.Expired;
        } else if (tag.maxActiveTransactions() > 0
                && repo.activeTransactions(idTag) - ignoringTransactions >= tag.maxActiveTransactions()) {
            status = AuthorizationStatus.ConcurrentTx;
        } else {
            status = AuthorizationStatus.Accepted;
        }
        return java.util.Optional.of(new Authorization(status, expiry, tag.parentIdTag()));
    }

    public Authorization authorize(String idTag) {
        return authorize(idTag, 0);
    }

    /** Whether the tag is registered at all (OCPP 2.0.1 tells Unknown apart from Invalid). */
    public boolean known(String idTag) {
        return new IdTagRepository(dsl).find(idTag).isPresent();
    }

    // --- operator side

    public List<IdTag> list() {
        return new IdTagRepository(dsl).list();
    }

    public IdTag get(String idTag) {
        return new IdTagRepository(dsl).find(idTag).orElseThrow(() -> CsmsException.notFound("Id tag", idTag));
    }

    public IdTag create(String idTag, String parentIdTag, Instant expiryDate, boolean blocked,
            Integer maxActiveTransactions, String note) {
        validate(idTag, parentIdTag, maxActiveTransactions);
        Instant now = clock.instant();
        IdTag tag = new IdTag(idTag, parentIdTag, expiryDate, blocked,
                maxActiveTransactions == null ? 1 : maxActiveTransactions, note, now, now);
        dsl.transaction(tx -> {
            var repo = new IdTagRepository(tx.dsl());
            if (repo.find(idTag).isPresent()) {
                throw CsmsException.conflict("Id tag " + idTag + " already exists");
            }
            repo.insert(tag);
        });
        return get(idTag);
    }

    public IdTag update(String idTag, String parentIdTag, Instant expiryDate, boolean blocked,
            Integer maxActiveTransactions, String note) {
        validate(idTag, parentIdTag, maxActiveTransactions);
        IdTag existing = get(idTag);
        IdTag tag = new IdTag(idTag, parentIdTag, expiryDate, blocked,
                maxActiveTransactions == null ? existing.maxActiveTransactions() : maxActiveTransactions, note,
                existing.createdAt(), clock.instant());
        new IdTagRepository(dsl).update(tag);
        return get(idTag);
    }

    public void delete(String idTag) {
        if (!new IdTagRepository(dsl).delete(idTag)) {
            throw CsmsException.notFound("Id tag", idTag);
        }
    }

    private static void validate(String idTag, String parentIdTag, Integer max) {
        // OCPP 1.6 IdToken is CiString20Type.
        if (idTag == null || idTag.isBlank() || idTag.length() > 20) {
            throw CsmsException.badRequest("idTag must be 1 to 20 characters (OCPP 1.6 IdToken)");
        }
        if (parentIdTag != null && (parentIdTag.isBlank() || parentIdTag.length() > 20)) {
            throw CsmsException.badRequest("parentIdTag must be 1 to 20 characters");
        }
        if (idTag.equals(parentIdTag)) {
            throw CsmsException.badRequest("an id tag cannot be its own parent");
        }
        if (max != null && max < 0) {
            throw CsmsException.badRequest("maxActiveTransactions must be 0 (unlimited) or more");
        }
    }
}
