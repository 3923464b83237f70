package io.evstack.csms.transaction;

import java.time.Instant;

/** Which transactions a listing wants; null fields do not filter. */
public record TransactionFilter(String chargePointId, String idTag, Boolean active, Instant from, Instant to,
        int offset, int limit) {}
