package io.evstack.emsp.billing;

import static io.evstack.db.generated.Tables.EMSP_ACCOUNT;
import static io.evstack.db.generated.Tables.EMSP_BILLED_CDR;
import static io.evstack.db.generated.Tables.EMSP_BILLED_FEE;
import static io.evstack.db.generated.Tables.EMSP_CDR_PRICE;
import static io.evstack.db.generated.Tables.EMSP_COMPANY;
import static io.evstack.db.generated.Tables.EMSP_INVOICE;
import static io.evstack.db.generated.Tables.EMSP_INVOICE_COUNTER;
import static io.evstack.db.generated.Tables.EMSP_INVOICE_CREDIT;
import static io.evstack.db.generated.Tables.EMSP_INVOICE_LINE;
import static io.evstack.db.generated.Tables.EMSP_OCPI_OBJECT;
import static io.evstack.db.generated.Tables.EMSP_PLAN;
import static io.evstack.db.generated.Tables.EMSP_TOKEN;
import static io.evstack.db.generated.Tables.EMSP_VEHICLE;

import io.evstack.db.generated.tables.records.EmspInvoiceLineRecord;
import io.evstack.db.generated.tables.records.EmspInvoiceRecord;
import io.evstack.db.generated.tables.records.EmspPlanRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Billing's tables (V7) and what it reads of V5/V6. Takes the transaction's {@link DSLContext}; has no
 * update of an invoice or its lines, by design: an issued invoice is only ever read.
 */
final class BillingRepository {
    /** A received CDR not billed yet, with our engine's price of it when there is one. */
    record CdrRow(String body, BigDecimal engineExclVat) {}

    record TokenOwner(String uid, long accountPk, String vehiclePlate) {}

    record Account(long pk, String name, String email, String role, Long companyPk, Long planPk, Instant planSince) {}

    record Company(long pk, String name, String vatId, String address, long planPk) {}

    /** What the invoice row holds besides its lines. */
    record Header(String number, String series, Invoice.DocumentKind kind, Invoice.Buyer buyer, String periodMonth,
            Instant periodStart, Instant periodEnd, String currency, BigDecimal totalExclVat, BigDecimal totalVat,
            BigDecimal totalInclVat, String reason, Instant issuedAt) {}

    private final DSLContext dsl;

    BillingRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    List<CdrRow> unbilledCdrs(Instant receivedFrom) {
        var o = EMSP_OCPI_OBJECT;
        var p = EMSP_CDR_PRICE;
        var b = EMSP_BILLED_CDR;
        return dsl.select(o.BODY, p.ENGINE_EXCL_VAT).from(o)
                .leftJoin(p).on(p.COUNTRY_CODE.eq(o.COUNTRY_CODE), p.PARTY_ID.eq(o.PARTY_ID), p.CDR_ID.eq(o.OBJECT_ID))
                .where(o.MODULE.eq("cdrs"), o.RECEIVED_AT.ge(receivedFrom))
                .andNotExists(DSL.selectOne().from(b).where(b.COUNTRY_CODE.eq(o.COUNTRY_CODE), b.PARTY_ID.eq(o.PARTY_ID),
                        b.CDR_ID.eq(o.OBJECT_ID)))
                .orderBy(o.PK)
                .fetch(r -> new CdrRow(r.value1(), r.value2()));
    }

    Map<String, TokenOwner> tokens(Collection<String> uids) {
        Map<String, TokenOwner> out = new HashMap<>();
        dsl.select(EMSP_TOKEN.UID, EMSP_TOKEN.ACCOUNT_PK, EMSP_VEHICLE.PLATE).from(EMSP_TOKEN)
                .leftJoin(EMSP_VEHICLE).on(EMSP_VEHICLE.PK.eq(EMSP_TOKEN.VEHICLE_PK))
                .where(EMSP_TOKEN.UID.in(uids))
                .fetch(r -> new TokenOwner(r.value1(), r.value2(), r.value3()))
                .forEach(t -> out.put(t.uid(), t));
        return out;
    }

    Map<Long, Account> accounts(Condition where) {
        Map<Long, Account> out = new HashMap<>();
        dsl.selectFrom(EMSP_ACCOUNT).where(where)
                .fetch(r -> new Account(r.getPk(), r.getName(), r.getEmail(), r.getRole(), r.getCompanyPk(), r.getPlanPk(),
                        r.getPlanSince()))
                .forEach(a -> out.put(a.pk(), a));
        return out;
    }

    Map<Long, Account> accounts(Collection<Long> pks) {
        return accounts(EMSP_ACCOUNT.PK.in(pks));
    }

    /** Active private drivers (no company, not support): those who may owe a monthly fee. */
    Map<Long, Account> privateDrivers() {
        return accounts(EMSP_ACCOUNT.COMPANY_PK.isNull().and(EMSP_ACCOUNT.STATUS.eq("ACTIVE")).and(EMSP_ACCOUNT.ROLE.ne("SUPPORT")));
    }

    Map<Long, Company> companies() {
        Map<Long, Company> out = new HashMap<>();
        dsl.selectFrom(EMSP_COMPANY).fetch(r -> new Company(r.getPk(), r.getName(), r.getVatId(), r.getBillingAddress(),
                r.getPlanPk())).forEach(c -> out.put(c.pk(), c));
        return out;
    }

    Map<Long, Plan> plans() {
        Map<Long, Plan> out = new HashMap<>();
        dsl.selectFrom(EMSP_PLAN).fetch(BillingRepository::plan).forEach(p -> out.put(p.pk(), p));
        return out;
    }

    static Plan plan(EmspPlanRecord r) {
        return new Plan(r.getPk(), r.getCode(), r.getName(), Plan.Kind.valueOf(r.getKind()), r.getCurrency(),
                r.getMarkupPercent(), r.getPricePerKwh(), r.getMonthlyFee(), r.getIncludedKwh(), r.getVatPercent());
    }

    BigDecimal kwhBilled(String buyer, String month) {
        BigDecimal sum = dsl.select(DSL.sum(EMSP_BILLED_CDR.KWH)).from(EMSP_BILLED_CDR)
                .where(EMSP_BILLED_CDR.BUYER.eq(buyer), EMSP_BILLED_CDR.PERIOD_MONTH.eq(month)).fetchOne().value1();
        return sum == null ? BigDecimal.ZERO : sum;
    }

    /**
     * kWh billed to a buyer in a month for sessions that started in [from, until) (until null: open), the
     * range of one plan change; rows billed before V23 have no session start and count for every range.
     */
    BigDecimal kwhBilled(String buyer, String month, Instant from, Instant until) {
        var b = EMSP_BILLED_CDR;
        Condition in = b.SESSION_START.ge(from);
        if (until != null) in = in.and(b.SESSION_START.lt(until));
        BigDecimal sum = dsl.select(DSL.sum(b.KWH)).from(b)
                .where(b.BUYER.eq(buyer), b.PERIOD_MONTH.eq(month), b.SESSION_START.isNull().or(in)).fetchOne().value1();
        return sum == null ? BigDecimal.ZERO : sum;
    }

    /** Whether anything of a buyer was billed for a month at or after {@code month} (YYYY-MM sorts as text). */
    boolean billedFrom(String buyer, String month) {
        return dsl.fetchExists(EMSP_BILLED_FEE, EMSP_BILLED_FEE.BUYER.eq(buyer), EMSP_BILLED_FEE.PERIOD_MONTH.ge(month))
                || dsl.fetchExists(EMSP_BILLED_CDR, EMSP_BILLED_CDR.BUYER.eq(buyer), EMSP_BILLED_CDR.PERIOD_MONTH.ge(month));
    }

    boolean feeBilled(String buyer, String month) {
        return dsl.fetchExists(EMSP_BILLED_FEE, EMSP_BILLED_FEE.BUYER.eq(buyer), EMSP_BILLED_FEE.PERIOD_MONTH.eq(month));
    }

    /** Creates the counter row of a series and year if missing; committed on its own, takes no number. */
    void ensureCounter(String series, int year) {
        try {
            dsl.insertInto(EMSP_INVOICE_COUNTER).set(EMSP_INVOICE_COUNTER.SERIES, series)
                    .set(EMSP_INVOICE_COUNTER.COUNTER_YEAR, year).set(EMSP_INVOICE_COUNTER.LAST_NUMBER, 0L)
                    .onDuplicateKeyIgnore().execute();
        } catch (org.jooq.exception.IntegrityConstraintViolationException createdMeanwhile) {
            // H2 emulates the ignore with MERGE, which two creators at once can still collide on: the row is
            // there either way, which is all this wants.
        }
    }

    /**
     * The next number of a series and year. Locks the counter row until the calling transaction ends, so the
     * number is used only if that transaction commits, and a concurrent issuer waits for it.
     */
    long nextNumber(String series, int year) {
        Condition row = EMSP_INVOICE_COUNTER.SERIES.eq(series).and(EMSP_INVOICE_COUNTER.COUNTER_YEAR.eq(year));
        long last = dsl.select(EMSP_INVOICE_COUNTER.LAST_NUMBER).from(EMSP_INVOICE_COUNTER).where(row).forUpdate()
                .fetchOptional(EMSP_INVOICE_COUNTER.LAST_NUMBER)
                .orElseThrow(() -> new IllegalStateException("No counter row for " + series + " " + year));
        dsl.update(EMSP_INVOICE_COUNTER).set(EMSP_INVOICE_COUNTER.LAST_NUMBER, last + 1).where(row).execute();
        return last + 1;
    }

    long insertInvoice(Header h) {
        return dsl.insertInto(EMSP_INVOICE)
                .set(EMSP_INVOICE.INVOICE_NUMBER, h.number()).set(EMSP_INVOICE.SERIES, h.series())
                .set(EMSP_INVOICE.KIND, h.kind().name())
                .set(EMSP_INVOICE.ACCOUNT_PK, h.buyer().accountPk()).set(EMSP_INVOICE.COMPANY_PK, h.buyer().companyPk())
                .set(EMSP_INVOICE.BUYER_NAME, h.buyer().name()).set(EMSP_INVOICE.BUYER_ADDRESS, h.buyer().address())
                .set(EMSP_INVOICE.BUYER_VAT_ID, h.buyer().vatId()).set(EMSP_INVOICE.PERIOD_MONTH, h.periodMonth())
                .set(EMSP_INVOICE.PERIOD_START, h.periodStart()).set(EMSP_INVOICE.PERIOD_END, h.periodEnd())
                .set(EMSP_INVOICE.CURRENCY, h.currency()).set(EMSP_INVOICE.TOTAL_EXCL_VAT, h.totalExclVat())
                .set(EMSP_INVOICE.TOTAL_VAT, h.totalVat()).set(EMSP_INVOICE.TOTAL_INCL_VAT, h.totalInclVat())
                .set(EMSP_INVOICE.REASON, h.reason()).set(EMSP_INVOICE.ISSUED_AT, h.issuedAt())
                .returningResult(EMSP_INVOICE.PK).fetchOne().value1();
    }

    void insertLines(long invoicePk, List<InvoiceLine> lines) {
        List<EmspInvoiceLineRecord> records = new ArrayList<>(lines.size());
        for (InvoiceLine l : lines) {
            EmspInvoiceLineRecord r = dsl.newRecord(EMSP_INVOICE_LINE);
            r.setInvoicePk(invoicePk);
            r.setLineNo(l.lineNo());
            r.setKind(l.kind().name());
            r.setDescription(l.description());
            r.setCdrCountry(l.cdrCountry());
            r.setCdrParty(l.cdrParty());
            r.setCdrId(l.cdrId());
            r.setTokenUid(l.tokenUid());
            r.setDriverPk(l.driverPk());
            r.setVehiclePlate(l.vehiclePlate());
            r.setSessionStart(l.sessionStart());
            r.setSessionEnd(l.sessionEnd());
            r.setKwh(l.kwh());
            r.setAmountExclVat(l.amountExclVat());
            r.setVatPercent(l.vatPercent());
            r.setVatAmount(l.vatAmount());
            r.setAmountInclVat(l.amountInclVat());
            r.setPlanCode(l.planCode());
            if (l.conversion() != null) {
                r.setCdrCurrency(l.conversion().currency());
                r.setCdrAmount(l.conversion().amount());
                r.setExchangeRate(l.conversion().rate());
            }
            records.add(r);
        }
        dsl.batchInsert(records).execute();
    }

    /** A CDR recorded as billed: its ids, the invoice, the buyer ('A'/'C' + pk), the month, its kWh. */
    record BilledCdr(String country, String party, String cdrId, String buyer, String month, BigDecimal kwh, Instant sessionStart) {}

    void insertBilledCdrs(long invoicePk, List<BilledCdr> cdrs) {
        if (cdrs.isEmpty()) return;
        dsl.batchInsert(cdrs.stream().map(c -> {
            var r = dsl.newRecord(EMSP_BILLED_CDR);
            r.setCountryCode(c.country());
            r.setPartyId(c.party());
            r.setCdrId(c.cdrId());
            r.setInvoicePk(invoicePk);
            r.setBuyer(c.buyer());
            r.setPeriodMonth(c.month());
            r.setKwh(c.kwh());
            r.setSessionStart(c.sessionStart());
            return r;
        }).toList()).execute();
    }

    void insertBilledFee(String buyer, String month, long invoicePk) {
        dsl.insertInto(EMSP_BILLED_FEE).set(EMSP_BILLED_FEE.BUYER, buyer).set(EMSP_BILLED_FEE.PERIOD_MONTH, month)
                .set(EMSP_BILLED_FEE.INVOICE_PK, invoicePk).execute();
    }

    /** Records the credit note of an invoice; a second one for the same invoice violates the primary key. */
    void insertCredit(long originalPk, long creditPk) {
        dsl.insertInto(EMSP_INVOICE_CREDIT).set(EMSP_INVOICE_CREDIT.ORIGINAL_PK, originalPk)
                .set(EMSP_INVOICE_CREDIT.CREDIT_PK, creditPk).execute();
    }

    /** Frees an invoice's CDRs and fee for billing again, once it has been credited. */
    void release(long invoicePk) {
        dsl.deleteFrom(EMSP_BILLED_CDR).where(EMSP_BILLED_CDR.INVOICE_PK.eq(invoicePk)).execute();
        dsl.deleteFrom(EMSP_BILLED_FEE).where(EMSP_BILLED_FEE.INVOICE_PK.eq(invoicePk)).execute();
    }

    Optional<Invoice> invoice(String number) {
        Optional<EmspInvoiceRecord> row = dsl.selectFrom(EMSP_INVOICE).where(EMSP_INVOICE.INVOICE_NUMBER.eq(number)).fetchOptional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        EmspInvoiceRecord r = row.get();
        String currency = r.getCurrency();
        Map<Long, String> names = new HashMap<>();
        List<EmspInvoiceLineRecord> lineRows = dsl.selectFrom(EMSP_INVOICE_LINE).where(EMSP_INVOICE_LINE.INVOICE_PK.eq(r.getPk()))
                .orderBy(EMSP_INVOICE_LINE.LINE_NO).fetch();
        dsl.select(EMSP_ACCOUNT.PK, EMSP_ACCOUNT.NAME).from(EMSP_ACCOUNT)
                .where(EMSP_ACCOUNT.PK.in(lineRows.stream().map(EmspInvoiceLineRecord::getDriverPk).filter(java.util.Objects::nonNull).toList()))
                .forEach(a -> names.put(a.value1(), a.value2()));
        List<InvoiceLine> lines = new ArrayList<>(lineRows.size());
        for (EmspInvoiceLineRecord l : lineRows) {
            lines.add(line(l, currency, names.get(l.getDriverPk())));
        }
        Map<BigDecimal, BigDecimal[]> rates = new java.util.TreeMap<>();
        for (InvoiceLine l : lines) {
            BigDecimal[] sums = rates.computeIfAbsent(l.vatPercent(), k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            sums[0] = sums[0].add(l.amountExclVat());
            sums[1] = sums[1].add(l.vatAmount());
        }
        List<Invoice.VatAmount> breakdown = rates.entrySet().stream()
                .map(e -> new Invoice.VatAmount(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
        String credited = creditPartner(EMSP_INVOICE_CREDIT.CREDIT_PK.eq(r.getPk()), EMSP_INVOICE_CREDIT.ORIGINAL_PK);
        String creditNote = creditPartner(EMSP_INVOICE_CREDIT.ORIGINAL_PK.eq(r.getPk()), EMSP_INVOICE_CREDIT.CREDIT_PK);
        return Optional.of(new Invoice(r.getPk(), r.getInvoiceNumber(), Invoice.DocumentKind.valueOf(r.getKind()), buyer(r),
                r.getPeriodMonth(), r.getPeriodStart(), r.getPeriodEnd(), currency, Money.scaled(r.getTotalExclVat(), currency),
                Money.scaled(r.getTotalVat(), currency), Money.scaled(r.getTotalInclVat(), currency), credited, creditNote,
                r.getReason(), r.getIssuedAt(), lines, breakdown));
    }

    private String creditPartner(Condition link, org.jooq.TableField<?, Long> partner) {
        return dsl.select(EMSP_INVOICE.INVOICE_NUMBER).from(EMSP_INVOICE_CREDIT).join(EMSP_INVOICE).on(EMSP_INVOICE.PK.eq(partner))
                .where(link).fetchOptional(EMSP_INVOICE.INVOICE_NUMBER).orElse(null);
    }

    /** Summaries matching a condition on emsp_invoice, oldest first. */
    List<Invoice.InvoiceSummary> summaries(Condition where) {
        var credit = EMSP_INVOICE_CREDIT.as("credit");
        var original = EMSP_INVOICE_CREDIT.as("original");
        var creditInvoice = EMSP_INVOICE.as("credit_invoice");
        var originalInvoice = EMSP_INVOICE.as("original_invoice");
        return dsl.select(EMSP_INVOICE.fields()).select(creditInvoice.INVOICE_NUMBER, originalInvoice.INVOICE_NUMBER)
                .from(EMSP_INVOICE)
                .leftJoin(credit).on(credit.ORIGINAL_PK.eq(EMSP_INVOICE.PK))
                .leftJoin(creditInvoice).on(creditInvoice.PK.eq(credit.CREDIT_PK))
                .leftJoin(original).on(original.CREDIT_PK.eq(EMSP_INVOICE.PK))
                .leftJoin(originalInvoice).on(originalInvoice.PK.eq(original.ORIGINAL_PK))
                .where(where).orderBy(EMSP_INVOICE.PK)
                .fetch(rec -> {
                    EmspInvoiceRecord r = rec.into(EMSP_INVOICE);
                    String c = r.getCurrency();
                    return new Invoice.InvoiceSummary(r.getInvoiceNumber(), Invoice.DocumentKind.valueOf(r.getKind()), buyer(r), r.getPeriodMonth(),
                            c, Money.scaled(r.getTotalExclVat(), c), Money.scaled(r.getTotalVat(), c),
                            Money.scaled(r.getTotalInclVat(), c), rec.get(originalInvoice.INVOICE_NUMBER),
                            rec.get(creditInvoice.INVOICE_NUMBER), r.getIssuedAt());
                });
    }

    /** Every line of every invoice and credit note of a company for a month, for its fleet report. */
    List<InvoiceLine> companyLines(long companyPk, String month) {
        record Row(EmspInvoiceLineRecord line, String currency, String driverName) {}
        List<Row> rows = dsl.select(EMSP_INVOICE_LINE.fields()).select(EMSP_INVOICE.CURRENCY, EMSP_ACCOUNT.NAME)
                .from(EMSP_INVOICE_LINE).join(EMSP_INVOICE).on(EMSP_INVOICE.PK.eq(EMSP_INVOICE_LINE.INVOICE_PK))
                .leftJoin(EMSP_ACCOUNT).on(EMSP_ACCOUNT.PK.eq(EMSP_INVOICE_LINE.DRIVER_PK))
                .where(EMSP_INVOICE.COMPANY_PK.eq(companyPk), EMSP_INVOICE.PERIOD_MONTH.eq(month))
                .orderBy(EMSP_INVOICE.PK, EMSP_INVOICE_LINE.LINE_NO)
                .fetch(rec -> new Row(rec.into(EMSP_INVOICE_LINE), rec.get(EMSP_INVOICE.CURRENCY), rec.get(EMSP_ACCOUNT.NAME)));
        return rows.stream().map(r -> line(r.line(), r.currency(), r.driverName())).toList();
    }

    private static InvoiceLine line(EmspInvoiceLineRecord l, String currency, String driverName) {
        return new InvoiceLine(l.getLineNo(), InvoiceLine.LineKind.valueOf(l.getKind()), l.getDescription(), l.getCdrCountry(),
                l.getCdrParty(), l.getCdrId(), l.getTokenUid(), l.getDriverPk(), driverName, l.getVehiclePlate(),
                l.getSessionStart(), l.getSessionEnd(), l.getKwh(),
                Money.scaled(l.getAmountExclVat(), currency), l.getVatPercent(), Money.scaled(l.getVatAmount(), currency),
                Money.scaled(l.getAmountInclVat(), currency), l.getPlanCode(), l.getCdrCurrency() == null ? null
                        : new InvoiceLine.Conversion(l.getCdrCurrency(), Money.shown(l.getCdrAmount(), l.getCdrCurrency()),
                                plain(l.getExchangeRate())));
    }

    /** A stored DECIMAL without the trailing zeros of its column's scale, never in exponent form. */
    private static BigDecimal plain(BigDecimal b) {
        BigDecimal s = b.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private static Invoice.Buyer buyer(EmspInvoiceRecord r) {
        return new Invoice.Buyer(r.getAccountPk(), r.getCompanyPk(), r.getBuyerName(), r.getBuyerAddress(), r.getBuyerVatId());
    }
}
