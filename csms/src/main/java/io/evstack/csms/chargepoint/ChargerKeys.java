package io.evstack.csms.chargepoint;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;

/**
 * A charger's primary key by its charge point id, remembered: every MeterValues, StatusNotification,
 * StartTransaction and StopTransaction needs it, and it never changes while the charger exists (the
 * load profile showed the lookup among the top queries per message). Only a found key is remembered;
 * {@link ChargePointService#delete} forgets it. A charger deleted on another node stays remembered here
 * until restart, which is harmless: deletion is refused while the charger has transactions or meter
 * values, and a write with a stale key fails on its foreign key instead of landing elsewhere.
 */
public final class ChargerKeys {
    private final Map<String, Long> keys = new ConcurrentHashMap<>();
    private final boolean remember;

    private ChargerKeys(boolean remember) {
        this.remember = remember;
    }

    /** Remembers every key found; one instance shared by the services of a node. */
    public static ChargerKeys remembering() {
        return new ChargerKeys(true);
    }

    /** Looks every key up (for services used alone, e.g. over a database that tests empty between cases). */
    public static ChargerKeys uncached() {
        return new ChargerKeys(false);
    }

    /** The key, from memory or looked up with {@code dsl} (so inside a transaction, on its connection). */
    public Optional<Long> find(DSLContext dsl, String chargePointId) {
        Long pk = keys.get(chargePointId);
        if (pk != null) {
            return Optional.of(pk);
        }
        Optional<Long> found = new ChargePointRepository(dsl).findPk(chargePointId);
        if (remember) {
            found.ifPresent(k -> keys.put(chargePointId, k));
        }
        return found;
    }

    void forget(String chargePointId) {
        keys.remove(chargePointId);
    }
}
