package io.evstack.sim.ocpp;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Message ids for one charger: a random prefix per link (so ids from before a restart never repeat) and a
 * counter. Used on the charger's event loop only.
 */
final class MessageIds {
    private final String prefix = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    private long next;

    String next() {
        return prefix + "-" + (++next);
    }
}
