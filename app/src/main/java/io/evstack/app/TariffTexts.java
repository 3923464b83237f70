package io.evstack.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.transaction.RunningCostProvider;
import io.evstack.ocpi.locations.LocationRepository;
import io.evstack.ocpi.tariffs.TariffService;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * The text of the OCPI tariff at a charger's connector (tariff_alt_text, OCPI 2.2.1 section 11.3.1), for
 * the personalMessage an OCPP 2.0.1 station shows an accepted driver. The first text listed is taken: the
 * tariff's own order is the operator's preference, and the station is not told the driver's language here.
 */
final class TariffTexts {
    private final DSLContext dsl;
    private final TariffService tariffs;

    TariffTexts(DSLContext dsl, TariffService tariffs) {
        this.dsl = dsl;
        this.tariffs = tariffs;
    }

    /** Connector 0: the one tariff every connector of the charger has, if they share one. */
    Optional<RunningCostProvider.TariffText> of(String chargePointId, int connectorId) {
        var connectors = new LocationRepository(dsl).connectors(chargePointId);
        Set<String> ids;
        if (connectorId == 0) {
            if (connectors.isEmpty() || connectors.values().stream().anyMatch(c -> c.tariffId() == null)) {
                return Optional.empty();
            }
            ids = connectors.values().stream().map(LocationRepository.ConnectorAttributes::tariffId)
                    .collect(Collectors.toSet());
        } else {
            var attrs = connectors.get(connectorId);
            ids = attrs == null || attrs.tariffId() == null ? Set.of() : Set.of(attrs.tariffId());
        }
        if (ids.size() != 1) {
            return Optional.empty();
        }
        return tariffs.find(ids.iterator().next()).flatMap(t -> {
            JsonNode texts = t.body().path("tariff_alt_text");
            for (JsonNode text : texts) {
                String value = text.path("text").asText("");
                if (!value.isBlank()) {
                    return Optional.of(new RunningCostProvider.TariffText(
                            text.path("language").isTextual() ? text.path("language").asText() : null, value));
                }
            }
            return Optional.empty();
        }).filter(Objects::nonNull);
    }
}
