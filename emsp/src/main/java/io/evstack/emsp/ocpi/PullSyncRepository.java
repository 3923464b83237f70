package io.evstack.emsp.ocpi;

import static io.evstack.db.generated.Tables.EMSP_PULL_SYNC;

import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;

/** Where pull synchronisation stands per CPO and module (emsp_pull_sync). */
final class PullSyncRepository {
    private final DSLContext dsl;

    PullSyncRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The start of the last pass that completed: the next pass's date_from. */
    Optional<Instant> syncedFrom(long cpoPk, String module) {
        return dsl.select(EMSP_PULL_SYNC.SYNCED_FROM).from(EMSP_PULL_SYNC)
                .where(EMSP_PULL_SYNC.CPO_PK.eq(cpoPk), EMSP_PULL_SYNC.MODULE.eq(module)).fetchOptional(EMSP_PULL_SYNC.SYNCED_FROM);
    }

    void completed(long cpoPk, String module, Instant passStart, int objects, Instant now) {
        dsl.insertInto(EMSP_PULL_SYNC).set(EMSP_PULL_SYNC.CPO_PK, cpoPk).set(EMSP_PULL_SYNC.MODULE, module)
                .set(EMSP_PULL_SYNC.SYNCED_FROM, passStart).set(EMSP_PULL_SYNC.OBJECTS, objects).set(EMSP_PULL_SYNC.SYNCED_AT, now)
                .onDuplicateKeyUpdate().set(EMSP_PULL_SYNC.SYNCED_FROM, passStart).set(EMSP_PULL_SYNC.OBJECTS, objects)
                .set(EMSP_PULL_SYNC.SYNCED_AT, now).execute();
    }
}
