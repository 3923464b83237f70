package io.evstack.emsp.billing;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * What billing needs of a received OCPI 2.2.1 CDR (section 10.4.1): who charged (cdr_token.uid), when,
 * how much energy, what the CPO asked (total_cost, excl. VAT, optional in the spec) and, where the CDR has
 * no total, our tariff engine's price of it ({@code emsp_cdr_price}).
 *
 * @param location a short human description of where (location name or address, city)
 */
public record BillableCdr(String countryCode, String partyId, String cdrId, String tokenUid, String currency,
        Instant start, Instant end, BigDecimal kwh, BigDecimal cpoExclVat, BigDecimal engineExclVat, String location) {

    /** Reads the CDR as the CPO sent it; {@code engineExclVat} may be null (not priced by us). */
    public static BillableCdr fromOcpi(JsonNode cdr, BigDecimal engineExclVat) {
        JsonNode loc = cdr.path("cdr_location");
        String where = join(loc.path("name").asText(null), loc.path("address").asText(null), loc.path("city").asText(null));
        return new BillableCdr(cdr.path("country_code").asText(), cdr.path("party_id").asText(), cdr.path("id").asText(),
                cdr.path("cdr_token").path("uid").asText(null), cdr.path("currency").asText(),
                Instant.parse(cdr.path("start_date_time").asText()), Instant.parse(cdr.path("end_date_time").asText()),
                decimal(cdr.path("total_energy")), decimal(cdr.path("total_cost").path("excl_vat")), engineExclVat, where);
    }

    /** The CPO's price excl. VAT, or ours where the CDR carries none; null when neither is known. */
    public BigDecimal basePrice() {
        return cpoExclVat != null ? cpoExclVat : engineExclVat;
    }

    /**
     * This CDR's prices in another currency: 1 of this CDR's currency = {@code rate} of {@code currency},
     * multiplied exactly (no rounding here; the plan price is rounded once, as for any charge).
     */
    public BillableCdr converted(String currency, BigDecimal rate) {
        return new BillableCdr(countryCode, partyId, cdrId, tokenUid, currency, start, end, kwh,
                cpoExclVat == null ? null : cpoExclVat.multiply(rate), engineExclVat == null ? null : engineExclVat.multiply(rate),
                location);
    }

    private static BigDecimal decimal(JsonNode n) {
        if (n.isNumber()) return n.decimalValue();
        if (n.isTextual()) return new BigDecimal(n.asText());
        return null;
    }

    private static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (p == null || p.isBlank()) continue;
            if (!b.isEmpty()) b.append(", ");
            b.append(p.strip());
        }
        return b.isEmpty() ? null : b.toString();
    }
}
