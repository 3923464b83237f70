package io.evstack.csms.authorization;

import java.time.Instant;

/**
 * An RFID card or other token the CSMS authorizes. {@code maxActiveTransactions} 0 means unlimited.
 */
public record IdTag(
        String idTag,
        String parentIdTag,
        Instant expiryDate,
        boolean blocked,
        int maxActiveTransactions,
        String note,
        Instant createdAt,
        Instant updatedAt) {}
