package io.evstack.ocpi.chargingprofiles;

import io.evstack.csms.smartcharging.LoadBalancer;
import java.util.List;

/**
 * Where an eMSP's limit goes when the charger is one the depot balancer manages: the balancer caps the
 * transaction's allocation (an empty list lifts the cap) and sends the TxProfile itself, so the two never
 * fight over the charger. Answers whether it took the cap; if not, the bridge sends its own TxProfile.
 */
@FunctionalInterface
public interface SessionCaps {
    SessionCaps NONE = (chargePointId, transactionId, steps) -> false;

    boolean cap(String chargePointId, long transactionId, List<LoadBalancer.Cap> steps);
}
