package io.evstack.emsp.billing;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One line of an invoice. A CHARGE line is one CDR, traceable by {@code cdrCountry}/{@code cdrParty}/
 * {@code cdrId} (the CPO's ids, OCPI 2.2.1 section 10.4.1), the token that charged, the driver and, on a
 * fleet invoice, the vehicle; a FEE line is a plan's monthly fee. {@code vatAmount} is the line's share of
 * the VAT computed per rate on the invoice, so lines add up to the totals exactly. {@code planCode} names the
 * plan that priced the line (a CHARGE: the plan in force when the session started; a FEE: the plan whose
 * period it bills), null on lines issued before plans had a history.
 */
public record InvoiceLine(int lineNo, LineKind kind, String description, String cdrCountry, String cdrParty, String cdrId,
        String tokenUid, Long driverPk, String driverName, String vehiclePlate, Instant sessionStart, Instant sessionEnd,
        BigDecimal kwh, BigDecimal amountExclVat, BigDecimal vatPercent, BigDecimal vatAmount, BigDecimal amountInclVat, String planCode, Conversion conversion) {

    public enum LineKind { CHARGE, FEE }

    /**
     * A CHARGE priced from a CDR in another currency: the CPO's price excl. VAT as sent ({@code amount} in
     * {@code currency}) and the operator's rate it was converted at (1 {@code currency} = {@code rate} of the
     * invoice's currency), the rate in force on the day the session ended.
     */
    public record Conversion(String currency, BigDecimal amount, BigDecimal rate) {}

    public InvoiceLine(int lineNo, LineKind kind, String description, String cdrCountry, String cdrParty, String cdrId,
            String tokenUid, Long driverPk, String driverName, String vehiclePlate, Instant sessionStart, Instant sessionEnd,
            BigDecimal kwh, BigDecimal amountExclVat, BigDecimal vatPercent, BigDecimal vatAmount, BigDecimal amountInclVat) {
        this(lineNo, kind, description, cdrCountry, cdrParty, cdrId, tokenUid, driverPk, driverName, vehiclePlate, sessionStart,
                sessionEnd, kwh, amountExclVat, vatPercent, vatAmount, amountInclVat, null, null);
    }
}
