package io.evstack.tariff;

import java.util.List;

/** OCPI TariffElement (section 11.4.4): price components and the restrictions under which they apply. */
public record TariffElement(List<PriceComponent> priceComponents, Restrictions restrictions) {
    public TariffElement {
        priceComponents = List.copyOf(priceComponents);
        restrictions = restrictions == null ? Restrictions.NONE : restrictions;
    }
}
