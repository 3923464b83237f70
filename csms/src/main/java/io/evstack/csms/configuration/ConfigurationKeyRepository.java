package io.evstack.csms.configuration;

import static io.evstack.db.generated.Tables.CONFIGURATION_KEY;

import io.evstack.csms.Times;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;

public final class ConfigurationKeyRepository {
    private final DSLContext dsl;

    public ConfigurationKeyRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<ConfigurationKey> list(long chargePointPk) {
        return dsl.selectFrom(CONFIGURATION_KEY)
                .where(CONFIGURATION_KEY.CHARGE_POINT_PK.eq(chargePointPk))
                .orderBy(CONFIGURATION_KEY.CONFIG_KEY)
                .fetch(r -> new ConfigurationKey(r.getConfigKey(), r.getConfigValue(), Boolean.TRUE.equals(r.getReadonly()),
                        r.getReportedAt()));
    }

    public void upsert(long chargePointPk, List<ConfigurationKey> keys) {
        for (ConfigurationKey k : keys) {
            Instant at = Times.millis(k.reportedAt());
            dsl.insertInto(CONFIGURATION_KEY)
                    .set(CONFIGURATION_KEY.CHARGE_POINT_PK, chargePointPk)
                    .set(CONFIGURATION_KEY.CONFIG_KEY, k.key())
                    .set(CONFIGURATION_KEY.CONFIG_VALUE, k.value())
                    .set(CONFIGURATION_KEY.READONLY, k.readonly())
                    .set(CONFIGURATION_KEY.REPORTED_AT, at)
                    .onDuplicateKeyUpdate()
                    .set(CONFIGURATION_KEY.CONFIG_VALUE, k.value())
                    .set(CONFIGURATION_KEY.READONLY, k.readonly())
                    .set(CONFIGURATION_KEY.REPORTED_AT, at)
                    .execute();
        }
    }
}
