package io.evstack.csms.firmware;

import java.time.Instant;

/** A firmware, signed firmware, diagnostics or log upload status the charger reported. */
public record StatusReport(Kind kind, String status, Integer requestId, Instant receivedAt) {
    public enum Kind { Firmware, SignedFirmware, Diagnostics, Log }
}
