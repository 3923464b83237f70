package io.evstack.csms.report;

import java.time.Instant;

/**
 * A message an OCPP 2.0.1 station reported that the CSMS keeps as a record (charging limits, EV
 * schedules, profile, monitoring and customer reports, events, display messages, cost updates,
 * certificate ids): its action name as kind, and the payload as received (JSON).
 */
public record StationReport(long id, String kind, Integer evseId, Integer requestId, String payload, Instant receivedAt) {}
