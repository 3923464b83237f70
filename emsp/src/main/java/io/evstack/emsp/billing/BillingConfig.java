package io.evstack.emsp.billing;

import java.time.ZoneId;
import java.util.Objects;

/**
 * How invoices are made: the zone whose calendar months are the billing periods (and whose year numbers
 * the series), the number prefixes of invoices and credit notes, and the seller printed on them.
 */
public record BillingConfig(ZoneId zone, String invoiceSeries, String creditNoteSeries, String sellerName,
        String sellerAddress, String sellerVatId) {

    public static final BillingConfig DEFAULT = new BillingConfig(ZoneId.of("Europe/Amsterdam"), "EVS", "EVC",
            "evstack eMSP B.V.", "Stationsplein 1, 1012 AB Amsterdam, NL", "NL000000000B01");

    public BillingConfig {
        Objects.requireNonNull(zone, "zone");
        if (!invoiceSeries.matches("[A-Z0-9]{1,10}") || !creditNoteSeries.matches("[A-Z0-9]{1,10}")) {
            throw new IllegalArgumentException("A series is 1 to 10 capital letters or digits");
        }
    }
}
