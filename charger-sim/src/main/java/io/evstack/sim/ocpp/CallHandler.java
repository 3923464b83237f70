package io.evstack.sim.ocpp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The charger's side of CSMS-initiated CALLs. Runs on the charger's event loop and must not block; the
 * reply is written as soon as it returns, so work that must follow the reply is posted to the loop.
 */
@FunctionalInterface
public interface CallHandler {
    /** @return the response payload (a generated io.evstack.ocpp.v16 response object) */
    Object handle(String action, JsonNode payload) throws CallErrorException;
}
