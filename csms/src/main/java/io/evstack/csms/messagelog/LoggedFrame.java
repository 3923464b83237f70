package io.evstack.csms.messagelog;

import java.time.Instant;

/** One OCPP frame as it crossed the socket. */
public record LoggedFrame(String chargePointId, String direction, String frame, Instant loggedAt) {}
