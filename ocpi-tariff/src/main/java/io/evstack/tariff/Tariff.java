package io.evstack.tariff;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An OCPI 2.2.1 Tariff (section 11.3.1) as far as pricing needs it. {@code minPrice}/{@code maxPrice}
 * and the validity window may be null.
 */
public record Tariff(String id, String currency, List<TariffElement> elements, Price minPrice, Price maxPrice,
        Instant startDateTime, Instant endDateTime) {

    /** OCPI Price class (section 16.x types): excl_vat required, incl_vat optional. */
    public record Price(BigDecimal exclVat, BigDecimal inclVat) {}

    public Tariff {
        elements = List.copyOf(elements);
    }
}
