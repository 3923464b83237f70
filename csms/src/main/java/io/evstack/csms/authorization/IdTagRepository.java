package io.evstack.csms.authorization;

import static io.evstack.db.generated.Tables.CHARGE_TRANSACTION;
import static io.evstack.db.generated.Tables.ID_TAG;

import io.evstack.csms.Times;
import io.evstack.db.generated.tables.records.IdTagRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

public final class IdTagRepository {
    private final DSLContext dsl;

    public IdTagRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Optional<IdTag> find(String idTag) {
        return dsl.selectFrom(ID_TAG).where(ID_TAG.ID_TAG_.eq(idTag)).fetchOptional().map(IdTagRepository::toDomain);
    }

    public List<IdTag> list() {
        return dsl.selectFrom(ID_TAG).orderBy(ID_TAG.ID_TAG_).fetch(IdTagRepository::toDomain);
    }

    public void insert(IdTag tag) {
        IdTagRecord r = dsl.newRecord(ID_TAG);
        fill(r, tag);
        r.setCreatedAt(Times.millis(tag.createdAt()));
        r.store();
    }

    public boolean update(IdTag tag) {
        IdTagRecord r = dsl.selectFrom(ID_TAG).where(ID_TAG.ID_TAG_.eq(tag.idTag())).fetchOne();
        if (r == null) {
            return false;
        }
        fill(r, tag);
        r.store();
        return true;
    }

    public boolean delete(String idTag) {
        return dsl.deleteFrom(ID_TAG).where(ID_TAG.ID_TAG_.eq(idTag)).execute() == 1;
    }

    /** Transactions of this tag that have not stopped yet, on any charger. */
    public int activeTransactions(String idTag) {
        return dsl.fetchCount(CHARGE_TRANSACTION,
                CHARGE_TRANSACTION.ID_TAG.eq(idTag).and(CHARGE_TRANSACTION.STOP_TIME.isNull()));
    }

    private static void fill(IdTagRecord r, IdTag tag) {
        r.setIdTag(tag.idTag());
        r.setParentIdTag(tag.parentIdTag());
        r.setExpiryDate(Times.millis(tag.expiryDate()));
        r.setBlocked(tag.blocked());
        r.setMaxActiveTransactions(tag.maxActiveTransactions());
        r.setNote(tag.note());
        r.setUpdatedAt(Times.millis(tag.updatedAt()));
    }

    private static IdTag toDomain(IdTagRecord r) {
        return new IdTag(r.getIdTag(), r.getParentIdTag(), r.getExpiryDate(), Boolean.TRUE.equals(r.getBlocked()),
                r.getMaxActiveTransactions(), r.getNote(), r.getCreatedAt(), r.getUpdatedAt());
    }
}
