package io.evstack.emsp.billing;

import static io.evstack.db.generated.Tables.EMSP_INVOICE;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evstack.emsp.account.Caller;
import io.evstack.emsp.account.Role;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues invoices and credit notes and reads them back for the people allowed to see them.
 *
 * <p>A billing run of a month (calendar month in {@link BillingConfig#zone()}; a CDR belongs to the month its
 * session ended in) makes one invoice per private driver and one consolidated invoice per fleet company, from
 * the CDRs not billed yet and the monthly fees not billed yet. Each invoice is one transaction: its number
 * is taken from the locked counter row, and the CDRs and fee it bills are recorded under primary keys, so a
 * CDR is billed at most once and a second run of the same month issues nothing new (only CDRs that arrived
 * since, on an invoice of their own). Whatever fails rolls the whole invoice back, its number included:
 * numbers stay gapless.
 *
 * <p>Limits, stated: a CDR is priced under the plan the driver (or company) holds when billing runs, since
 * V6 keeps no plan history; a monthly fee is billed in full for every month the plan was held at any time
 * (plan_since before the month's end), without proration.
 */
public final class BillingService {
    private static final Logger log = LoggerFactory.getLogger(BillingService.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** CDRs are sent after their session ends; a day's margin covers clocks that disagree. */
    private static final Duration RECEIVED_MARGIN = Duration.ofDays(1);

    private final DSLContext dsl;
    private final Clock clock;
    private final BillingConfig config;
    private final PlanPricing pricing = new PlanPricing();

    public BillingService(DSLContext dsl, Clock clock, BillingConfig config) {
        this.dsl = dsl;
        this.clock = clock;
        this.config = config;
    }

    public BillingConfig config() {
        return config;
    }

    /** One CDR to bill, with who charged it. */
    private record Charge(BillableCdr cdr, BillingRepository.TokenOwner token, BillingRepository.Account driver) {}

    /** Who an invoice is for: "A"+account or "C"+company, with the plan it is priced by. */
    private record Buyer(String key, Invoice.Buyer details, Plan plan) {}

    /** Bills a month: see the class comment. */
    public BillingRun run(YearMonth month) {
        ZoneId zone = config.zone();
        Instant start = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        BillingRepository repo = new BillingRepository(dsl);
        Map<Long, Plan> plans = repo.plans();
        Map<Long, BillingRepository.Company> companies = repo.companies();
        List<String> skipped = new ArrayList<>();

        List<BillableCdr> cdrs = new ArrayList<>();
        for (BillingRepository.CdrRow row : repo.unbilledCdrs(start.minus(RECEIVED_MARGIN))) {
            try {
                BillableCdr cdr = BillableCdr.fromOcpi(JSON.readTree(row.body()), row.engineExclVat());
                if (!cdr.end().isBefore(start) && cdr.end().isBefore(end)) {
                    cdrs.add(cdr);
                }
            } catch (java.io.IOException | RuntimeException e) {
                skipped.add("A stored CDR cannot be read: " + e.getMessage());
            }
        }
        Set<String> uids = new LinkedHashSet<>();
        cdrs.forEach(c -> { if (c.tokenUid() != null) uids.add(c.tokenUid()); });
        Map<String, BillingRepository.TokenOwner> tokens = uids.isEmpty() ? Map.of() : repo.tokens(uids);
        Set<Long> accountPks = new LinkedHashSet<>();
        tokens.values().forEach(t -> accountPks.add(t.accountPk()));
        Map<Long, BillingRepository.Account> accounts = accountPks.isEmpty() ? new LinkedHashMap<>() : repo.accounts(accountPks);

        Map<String, Buyer> buyers = new TreeMap<>();
        Map<String, List<Charge>> charges = new TreeMap<>();
        for (BillableCdr cdr : cdrs) {
            BillingRepository.TokenOwner token = tokens.get(cdr.tokenUid());
            BillingRepository.Account driver = token == null ? null : accounts.get(token.accountPk());
            Buyer buyer = driver == null ? null : buyer(driver, companies, plans);
            if (buyer == null) {
                skipped.add("CDR " + id(cdr) + ": " + (driver == null ? "token " + cdr.tokenUid() + " is not ours" : "no plan for account " + driver.pk()));
                continue;
            }
            buyers.putIfAbsent(buyer.key(), buyer);
            charges.computeIfAbsent(buyer.key(), k -> new ArrayList<>()).add(new Charge(cdr, token, driver));
        }
        // Monthly fees are owed without any charging too.
        for (BillingRepository.Account a : repo.privateFeePayers(end).values()) {
            Buyer b = buyer(a, companies, plans);
            if (b != null) buyers.putIfAbsent(b.key(), b);
        }
        for (BillingRepository.Company c : companies.values()) {
            Plan plan = plans.get(c.planPk());
            if (plan != null && plan.hasMonthlyFee()) {
                Buyer b = companyBuyer(c, plan);
                buyers.putIfAbsent(b.key(), b);
            }
        }

        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int year = issuedAt.atZone(zone).getYear();
        repo.ensureCounter(config.invoiceSeries(), year);
        List<String> issued = new ArrayList<>();
        int billed = 0;
        for (Buyer buyer : buyers.values()) {
            List<Charge> list = new ArrayList<>(charges.getOrDefault(buyer.key(), List.of()));
            list.sort(Comparator.comparing((Charge c) -> c.cdr().start()).thenComparing(c -> c.cdr().cdrId()));
            try {
                Issued result = dsl.transactionResult(cfg -> issue(new BillingRepository(cfg.dsl()), buyer, list, month,
                        start, end, issuedAt, year, skipped));
                if (result != null) {
                    issued.add(result.number());
                    billed += result.cdrs();
                }
            } catch (DataAccessException e) {
                // Most likely a concurrent run billed some of these first (primary key of emsp_billed_*):
                // this invoice was rolled back whole, number included; a later run picks up what is left.
                log.warn("Invoice for {} of {} not issued: {}", buyer.key(), month, e.getMessage());
                skipped.add("Invoice for " + buyer.details().name() + " not issued: " + e.getMessage());
            }
        }
        log.info("Billing run {}: {} invoices, {} CDRs billed, {} skipped", month, issued.size(), billed, skipped.size());
        return new BillingRun(month.toString(), issued, billed, skipped);
    }

    private record Issued(String number, int cdrs) {}

    private Issued issue(BillingRepository repo, Buyer buyer, List<Charge> charges, YearMonth month, Instant start,
            Instant end, Instant issuedAt, int year, List<String> skipped) {
        Plan plan = buyer.plan();
        String m = month.toString();
        List<InvoiceCalculator.Draft> drafts = new ArrayList<>();
        boolean fee = plan.hasMonthlyFee() && !repo.feeBilled(buyer.key(), m);
        if (fee) {
            drafts.add(new InvoiceCalculator.Draft(InvoiceLine.LineKind.FEE, "Monthly fee " + plan.name() + ", " + m, null, null,
                    null, null, buyer.details().accountPk(), null, null, null, null, null,
                    pricing.monthlyFee(plan).orElseThrow(), plan.vatPercent()));
        }
        BigDecimal used = repo.kwhBilled(buyer.key(), m);
        List<Charge> billed = new ArrayList<>();
        for (Charge c : charges) {
            PlanPricing.ChargePrice price;
            try {
                price = pricing.price(plan, c.cdr(), used);
            } catch (PlanPricing.Unpriceable e) {
                skipped.add(e.getMessage());
                continue;
            }
            used = used.add(price.kwh());
            billed.add(c);
            drafts.add(new InvoiceCalculator.Draft(InvoiceLine.LineKind.CHARGE, description(c.cdr(), price), c.cdr().countryCode(),
                    c.cdr().partyId(), c.cdr().cdrId(), c.cdr().tokenUid(), c.driver().pk(), c.driver().name(),
                    c.token().vehiclePlate(), c.cdr().start(), c.cdr().end(), price.kwh(), price.exclVat(), plan.vatPercent()));
        }
        if (drafts.isEmpty()) {
            return null;
        }
        InvoiceCalculator.Result totals = InvoiceCalculator.calculate(drafts, plan.currency());
        String number = number(config.invoiceSeries(), year, repo.nextNumber(config.invoiceSeries(), year));
        long pk = repo.insertInvoice(new BillingRepository.Header(number, config.invoiceSeries(), Invoice.DocumentKind.INVOICE,
                buyer.details(), m, start, end, plan.currency(), totals.totalExclVat(), totals.totalVat(), totals.totalInclVat(),
                null, issuedAt));
        repo.insertLines(pk, totals.lines());
        for (Charge c : billed) {
            repo.insertBilledCdr(c.cdr().countryCode(), c.cdr().partyId(), c.cdr().cdrId(), pk, buyer.key(), m,
                    c.cdr().kwh() == null ? BigDecimal.ZERO : c.cdr().kwh());
        }
        if (fee) {
            repo.insertBilledFee(buyer.key(), m, pk);
        }
        log.info("Issued invoice {} to {} for {}: {} {} incl. VAT, {} CDRs", number, buyer.key(), m, totals.totalInclVat(),
                plan.currency(), billed.size());
        return new Issued(number, billed.size());
    }

    /**
     * Cancels an invoice with a credit note: the same lines negated, its own number from the credit note
     * series, referring to the invoice. The invoice's CDRs and fee are then free to be billed again (a new run
     * of the month bills them as they should have been). An invoice is credited once; a credit note is not.
     */
    public Invoice creditNote(String invoiceNumber, String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw BillingException.badRequest("A credit note needs a reason of 1 to 500 characters");
        }
        BillingRepository repo = new BillingRepository(dsl);
        Invoice original = repo.invoice(invoiceNumber).orElseThrow(() -> BillingException.notFound("No invoice " + invoiceNumber));
        if (original.kind() != Invoice.DocumentKind.INVOICE) {
            throw BillingException.conflict(invoiceNumber + " is a credit note; only an invoice can be credited");
        }
        if (original.creditNoteNumber() != null) {
            throw BillingException.conflict(invoiceNumber + " was already credited by " + original.creditNoteNumber());
        }
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int year = issuedAt.atZone(config.zone()).getYear();
        String series = config.creditNoteSeries();
        repo.ensureCounter(series, year);
        String number;
        try {
            number = dsl.transactionResult(cfg -> {
                BillingRepository tx = new BillingRepository(cfg.dsl());
                String n = number(series, year, tx.nextNumber(series, year));
                long pk = tx.insertInvoice(new BillingRepository.Header(n, series, Invoice.DocumentKind.CREDIT_NOTE, original.buyer(),
                        original.periodMonth(), original.periodStart(), original.periodEnd(), original.currency(),
                        original.totalExclVat().negate(), original.totalVat().negate(), original.totalInclVat().negate(),
                        reason.strip(), issuedAt));
                tx.insertLines(pk, original.lines().stream().map(BillingService::negated).toList());
                tx.insertCredit(original.pk(), pk);
                tx.release(original.pk());
                return n;
            });
        } catch (DataAccessException e) {
            // The credit link's primary key: another credit note for the same invoice committed first.
            throw BillingException.conflict(invoiceNumber + " was credited concurrently");
        }
        log.info("Issued credit note {} for invoice {}", number, invoiceNumber);
        return repo.invoice(number).orElseThrow();
    }

    /** Invoices the caller may see (a driver their own, a fleet manager also the company's, support all). */
    public List<Invoice.InvoiceSummary> invoices(Caller caller, YearMonth month) {
        Condition where = visible(caller);
        if (month != null) {
            where = where.and(EMSP_INVOICE.PERIOD_MONTH.eq(month.toString()));
        }
        return new BillingRepository(dsl).summaries(where);
    }

    /** One invoice, if the caller may see it; 404 otherwise (whether it exists is not told). */
    public Invoice invoice(Caller caller, String number) {
        Invoice invoice = new BillingRepository(dsl).invoice(number).orElse(null);
        if (invoice == null || !maySee(caller, invoice.buyer())) {
            throw BillingException.notFound("No invoice " + number);
        }
        return invoice;
    }

    /**
     * The fleet report of a company for a month: a fleet manager gets their own company's, support any
     * company's ({@code companyPk} required), a driver none.
     */
    public FleetReport fleetReport(Caller caller, Long companyPk, YearMonth month) {
        long company = switch (caller.role()) {
            case DRIVER -> throw BillingException.forbidden("Only fleet managers and support see fleet reports");
            case FLEET_MANAGER -> {
                if (caller.companyPk() == null || (companyPk != null && !companyPk.equals(caller.companyPk()))) {
                    throw BillingException.forbidden("A fleet manager sees their own company's report only");
                }
                yield caller.companyPk();
            }
            case SUPPORT -> {
                if (companyPk == null) throw BillingException.badRequest("'company' is required");
                yield companyPk;
            }
        };
        BillingRepository repo = new BillingRepository(dsl);
        BillingRepository.Company c = repo.companies().get(company);
        if (c == null) {
            throw BillingException.notFound("No company " + company);
        }
        Plan plan = repo.plans().get(c.planPk());
        return FleetReport.of(company, c.name(), month.toString(), plan == null ? "EUR" : plan.currency(),
                repo.companyLines(company, month.toString()));
    }

    static boolean maySee(Caller caller, Invoice.Buyer buyer) {
        return caller.maySee(buyer.accountPk() == null ? Long.MIN_VALUE : buyer.accountPk(), buyer.companyPk());
    }

    private static Condition visible(Caller caller) {
        return switch (caller.role()) {
            case SUPPORT -> DSL.trueCondition();
            case FLEET_MANAGER -> caller.companyPk() == null ? EMSP_INVOICE.ACCOUNT_PK.eq(caller.accountPk())
                    : EMSP_INVOICE.ACCOUNT_PK.eq(caller.accountPk()).or(EMSP_INVOICE.COMPANY_PK.eq(caller.companyPk()));
            case DRIVER -> EMSP_INVOICE.ACCOUNT_PK.eq(caller.accountPk());
        };
    }

    private Buyer buyer(BillingRepository.Account a, Map<Long, BillingRepository.Company> companies, Map<Long, Plan> plans) {
        if (a.companyPk() != null) {
            BillingRepository.Company c = companies.get(a.companyPk());
            Plan plan = c == null ? null : plans.get(c.planPk());
            return plan == null ? null : companyBuyer(c, plan);
        }
        Plan plan = a.planPk() == null ? null : plans.get(a.planPk());
        return plan == null || Role.valueOf(a.role()) == Role.SUPPORT ? null
                : new Buyer("A" + a.pk(), new Invoice.Buyer(a.pk(), null, a.name(), a.email(), null), plan);
    }

    private static Buyer companyBuyer(BillingRepository.Company c, Plan plan) {
        return new Buyer("C" + c.pk(), new Invoice.Buyer(null, c.pk(), c.name(), c.address(), c.vatId()), plan);
    }

    private static InvoiceLine negated(InvoiceLine l) {
        return new InvoiceLine(l.lineNo(), l.kind(), l.description(), l.cdrCountry(), l.cdrParty(), l.cdrId(), l.tokenUid(),
                l.driverPk(), l.driverName(), l.vehiclePlate(), l.sessionStart(), l.sessionEnd(), l.kwh() == null ? null : l.kwh().negate(),
                l.amountExclVat().negate(), l.vatPercent(), l.vatAmount().negate(), l.amountInclVat().negate());
    }

    private static String description(BillableCdr cdr, PlanPricing.ChargePrice price) {
        String text = "Charging" + (cdr.location() == null ? "" : " at " + cdr.location()) + " (" + price.basis() + ")";
        return text.length() <= 300 ? text : text.substring(0, 299) + "…";
    }

    private static String id(BillableCdr cdr) {
        return cdr.countryCode() + "*" + cdr.partyId() + "*" + cdr.cdrId();
    }

    static String number(String series, int year, long n) {
        return String.format("%s-%d-%06d", series, year, n);
    }
}
