package io.evstack.csms.transaction;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The cost of a transaction so far, including taxes, under the tariff of its connector (OCPP 2.0.1 block I,
 * central cost calculation: I02 running cost, I03 final cost). Tariffs and their arithmetic live outside
 * csms (in the OCPI bridge, so that the station shows the figure the CDR will bill); csms only asks.
 * Empty when no tariff applies: the CSMS then says nothing and the station shows its fallback message
 * (I05), since an omitted totalCost means "not free" while 0.00 would mean "free".
 */
@FunctionalInterface
public interface RunningCostProvider {
    /** No tariffs: no cost is ever sent. */
    RunningCostProvider NONE = tx -> Optional.empty();

    Optional<BigDecimal> totalCost(Transaction transaction);

    /** A tariff's text for the driver (OCPI tariff_alt_text): its language (RFC 5646) and the text. */
    record TariffText(String language, String text) {}

    /**
     * The text of the tariff that applies at this connector, shown to the driver as the personalMessage of
     * an accepted idToken (OCPP 2.0.1 IdTokenInfoType.personalMessage, C01/E01 and block I); connector 0: the
     * tariff of every connector of the station when they all share one (Authorize names no EVSE). Empty
     * when no tariff, or a tariff without a text, applies.
     */
    default Optional<TariffText> tariffText(String chargePointId, int connectorId) {
        return Optional.empty();
    }
}
