package io.evstack.emsp.billing;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One line of an invoice. A CHARGE line is one CDR, traceable by {@code cdrCountry}/{@code cdrParty}/
 * {@code cdrId} (the CPO's ids, OCPI 2.2.1 section 10.4.1), the token that charged, the driver and, on a
 * fleet invoice, the vehicle; a FEE line is a plan's monthly fee. {@code vatAmount} is the line's share of
 * the VAT computed per rate on the invoice, so lines add up to the totals exactly.
 */
public record InvoiceLine(int lineNo, LineKind kind, String description, String cdrCountry, String cdrParty, String cdrId,
        String tokenUid, Long driverPk, String driverName, String vehiclePlate, Instant sessionStart, Instant sessionEnd,
        BigDecimal kwh, BigDecimal amountExclVat, BigDecimal vatPercent, BigDecimal vatAmount, BigDecimal amountInclVat) {

    public enum LineKind { CHARGE, FEE }
}
