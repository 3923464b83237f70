package io.evstack.emsp.account;

import java.time.Instant;

/** A fleet customer: one contract (plan), its vehicles, drivers and managers. */
public record Company(long id, String name, String vatId, String billingAddress, String planCode, Instant createdAt) {}
