package io.evstack.csms.configuration;

import java.time.Instant;

/** A configuration key as the charger last reported it or as we last changed it. */
public record ConfigurationKey(String key, String value, boolean readonly, Instant reportedAt) {}
