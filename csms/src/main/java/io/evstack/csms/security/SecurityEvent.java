package io.evstack.csms.security;

import java.time.Instant;

/** A SecurityEventNotification (Security Whitepaper section 3.3 / OCPP 2.0.1 A04). */
public record SecurityEvent(String type, Instant timestamp, String techInfo, Instant receivedAt) {}
