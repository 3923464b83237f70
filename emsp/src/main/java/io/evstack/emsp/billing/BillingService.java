package io.evstack.emsp.billing;

import static io.evstack.db.generated.Tables.EMSP_INVOICE;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evstack.emsp.account.Caller;
import io.evstack.emsp.account.Role;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
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
 * <p>Plans have a history (V23, {@link PlanHistory}): a CDR is priced with the plan in force when its session
 * started, and a plan's monthly fee and included kWh are prorated by the days it was in force in the month,
 * one invoice line per plan period when the plan changed during the month. One invoice has one currency:
 * plan changes keep the currency ({@link PlanService}).
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

    /** Who an invoice is for: "A"+account or "C"+company, with the plans they held. */
    private record Buyer(String key, Invoice.Buyer details, PlanHistory history) {}

    /** A billing period: a calendar month in the billing zone, as UTC instants [start, end). */
    private record Period(YearMonth month, Instant start, Instant end) {
        static Period of(YearMonth month, ZoneId zone) {
            return new Period(month, month.atDay(1).atStartOfDay(zone).toInstant(),
                    month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
        }

        boolean contains(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }

        String label() {
            return month.toString();
        }
    }

    /** What a run has to bill: every buyer owing something, and their CDRs in the order they are priced. */
    private record Work(Map<String, Buyer> buyers, Map<String, List<Charge>> charges) {}

    /** Bills a month: see the class comment. */
    public BillingRun run(YearMonth month) {
        Period period = Period.of(month, config.zone());
        List<String> skipped = new ArrayList<>();
        Work work = collect(period, skipped);
        RateTable rates = new ExchangeRates(dsl, clock).table();
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int year = issuedAt.atZone(config.zone()).getYear();
        new BillingRepository(dsl).ensureCounter(config.invoiceSeries(), year);
        List<String> issued = new ArrayList<>();
        int billed = 0;
        for (Buyer buyer : work.buyers().values()) {
            List<Charge> charges = work.charges().getOrDefault(buyer.key(), List.of());
            try {
                Issued result = dsl.transactionResult(cfg -> issue(new BillingRepository(cfg.dsl()), buyer, charges, period,
                        issuedAt, year, rates, skipped));
                if (result != null) {
                    issued.add(result.number());
                    billed += result.cdrs();
                }
            } catch (IntegrityConstraintViolationException e) {
                // Most likely a concurrent run billed some of these first (primary key of emsp_billed_*):
                // this invoice was rolled back whole, number included; a later run picks up what is left.
                log.warn("Invoice for {} of {} not issued: {}", buyer.key(), month, e.getMessage());
                skipped.add("Invoice for " + buyer.details().name() + " not issued: billed meanwhile by another run");
            }
        }
        log.info("Billing run {}: {} invoices, {} CDRs billed, {} skipped", month, issued.size(), billed, skipped.size());
        return new BillingRun(month.toString(), issued, billed, skipped);
    }

    /**
     * The CDRs of the period not billed yet, grouped by buyer (the driver, or the driver's company) and sorted
     * by session start, plus every buyer owing a monthly fee. CDRs that cannot be billed are told in skipped.
     */
    private Work collect(Period period, List<String> skipped) {
        BillingRepository repo = new BillingRepository(dsl);
        Map<Long, Plan> plans = repo.plans();
        Map<String, List<PlanRepository.Row>> histories = new PlanRepository(dsl).all(period.end());
        Map<Long, BillingRepository.Company> companies = repo.companies();
        List<BillableCdr> cdrs = new ArrayList<>();
        for (BillingRepository.CdrRow row : repo.unbilledCdrs(period.start().minus(RECEIVED_MARGIN))) {
            try {
                BillableCdr cdr = BillableCdr.fromOcpi(JSON.readTree(row.body()), row.engineExclVat());
                if (period.contains(cdr.end())) cdrs.add(cdr);
            } catch (java.io.IOException | RuntimeException e) {
                skipped.add("A stored CDR cannot be read: " + e.getMessage());
            }
        }
        Set<String> uids = new LinkedHashSet<>();
        cdrs.forEach(c -> { if (c.tokenUid() != null) uids.add(c.tokenUid()); });
        Map<String, BillingRepository.TokenOwner> tokens = uids.isEmpty() ? Map.of() : repo.tokens(uids);
        Set<Long> accountPks = new LinkedHashSet<>();
        tokens.values().forEach(t -> accountPks.add(t.accountPk()));
        Map<Long, BillingRepository.Account> accounts = accountPks.isEmpty() ? Map.of() : repo.accounts(accountPks);

        Map<String, Buyer> buyers = new TreeMap<>();
        Map<String, List<Charge>> charges = new TreeMap<>();
        for (BillableCdr cdr : cdrs) {
            BillingRepository.TokenOwner token = tokens.get(cdr.tokenUid());
            BillingRepository.Account driver = token == null ? null : accounts.get(token.accountPk());
            Buyer buyer = driver == null ? null : buyer(driver, companies, plans, histories);
            if (buyer == null) {
                skipped.add("CDR " + id(cdr) + ": " + (driver == null ? "token " + cdr.tokenUid() + " is not ours" : "no plan for account " + driver.pk()));
                continue;
            }
            buyers.putIfAbsent(buyer.key(), buyer);
            charges.computeIfAbsent(buyer.key(), k -> new ArrayList<>()).add(new Charge(cdr, token, driver));
        }
        charges.values().forEach(list -> list.sort(Comparator.comparing((Charge c) -> c.cdr().start()).thenComparing(c -> c.cdr().cdrId())));
        // Monthly fees are owed without any charging too: by whoever held a plan with a fee on a day of the month.
        for (BillingRepository.Account a : repo.privateDrivers().values()) {
            Buyer b = buyer(a, companies, plans, histories);
            if (b != null && owesFee(b, period)) buyers.putIfAbsent(b.key(), b);
        }
        for (BillingRepository.Company c : companies.values()) {
            Buyer b = companyBuyer(c, plans, histories);
            if (b != null && owesFee(b, period)) buyers.putIfAbsent(b.key(), b);
        }
        return new Work(buyers, charges);
    }

    private boolean owesFee(Buyer b, Period period) {
        return b.history().segments(period.month(), config.zone()).stream().anyMatch(s -> s.plan().hasMonthlyFee());
    }

    private record Issued(String number, int cdrs) {}

    /**
     * Prices and writes one buyer's invoice in the caller's transaction; null when there is nothing to bill.
     * Each CDR is priced with the plan in force when its session started. The month's plan lines come first:
     * one per plan period when the plan changed during the month (its fee prorated by days in force, 0.00 for
     * a plan without a fee), else the monthly fee of a plan that has one (prorated when held part of the month).
     * A subscription's included kWh are those of its period, prorated likewise, counted over the CDRs that
     * started in it.
     */
    private Issued issue(BillingRepository repo, Buyer buyer, List<Charge> charges, Period period, Instant issuedAt, int year,
            RateTable rates, List<String> skipped) {
        String m = period.label();
        PlanHistory history = buyer.history();
        List<PlanHistory.Segment> segments = history.segments(period.month(), config.zone());
        String currency = !segments.isEmpty() ? segments.getLast().plan().currency()
                : history.at(period.end().minusMillis(1)).map(c -> c.plan().currency()).orElse(null);
        if (currency == null) {
            charges.forEach(c -> skipped.add("CDR " + id(c.cdr()) + ": no plan in force for " + buyer.details().name()));
            return null;
        }
        List<InvoiceCalculator.Draft> drafts = new ArrayList<>();
        boolean planLines = false;
        if (!repo.feeBilled(buyer.key(), m)) {
            boolean perPeriod = segments.size() > 1;
            for (PlanHistory.Segment seg : segments) {
                if (!perPeriod && !seg.plan().hasMonthlyFee()) continue;
                drafts.add(new InvoiceCalculator.Draft(InvoiceLine.LineKind.FEE, planLine(seg, period), null, null, null, null,
                        buyer.details().accountPk(), null, null, null, null, null, seg.fee(), seg.plan().vatPercent(),
                        seg.plan().code(), null));
                planLines = true;
            }
        }
        Map<Instant, BigDecimal> used = new HashMap<>();
        List<Charge> billed = new ArrayList<>();
        for (Charge c : charges) {
            PlanHistory.Change change = history.at(c.cdr().start()).orElse(null);
            if (change == null) {
                skipped.add("CDR " + id(c.cdr()) + ": no plan in force when its session started");
                continue;
            }
            Plan plan = change.plan();
            if (!plan.currency().equals(currency)) {
                skipped.add("CDR " + id(c.cdr()) + ": plan " + plan.code() + " is in " + plan.currency() + ", the invoice in " + currency);
                continue;
            }
            BillableCdr cdr = c.cdr();
            InvoiceLine.Conversion conversion = null;
            if (plan.pricePerKwh() == null && cdr.basePrice() != null && !plan.currency().equals(cdr.currency())) {
                // A markup on the CPO's price in another currency: at the operator's rate of the day the session
                // ended; without one the CDR waits, flagged, rather than being priced at a guessed rate.
                LocalDate day = cdr.end().atZone(config.zone()).toLocalDate();
                BigDecimal rate = rates.rate(cdr.currency(), plan.currency(), day).orElse(null);
                if (rate == null) {
                    log.warn("CDR {} in {}: no {}→{} exchange rate for {}: not billed", id(cdr), cdr.currency(), cdr.currency(),
                            plan.currency(), day);
                    skipped.add("CDR " + id(cdr) + " is in " + cdr.currency() + " and no " + cdr.currency() + "→" + plan.currency()
                            + " exchange rate is known for " + day + ": not billed; set one and run the month again");
                    continue;
                }
                conversion = new InvoiceLine.Conversion(cdr.currency(), cdr.basePrice(), rate);
                cdr = cdr.converted(plan.currency(), rate);
            }
            PlanHistory.Segment seg = history.segment(change, period.month(), config.zone());
            // The first plan also covers sessions dated before it (PlanHistory.at): its range is open below.
            Instant lower = change == history.changes().getFirst() ? Instant.EPOCH : seg.from();
            BigDecimal before = used.computeIfAbsent(change.effectiveFrom(), k -> repo.kwhBilled(buyer.key(), m, lower, seg.until()));
            Plan priced = plan.includedKwh() == null ? plan : plan.withIncludedKwh(seg.includedKwh());
            PlanPricing.ChargePrice price;
            try {
                price = pricing.price(priced, cdr, before);
            } catch (PlanPricing.Unpriceable e) {
                skipped.add(e.getMessage());
                continue;
            }
            used.put(change.effectiveFrom(), before.add(price.kwh()));
            billed.add(c);
            drafts.add(new InvoiceCalculator.Draft(InvoiceLine.LineKind.CHARGE, description(cdr, price, conversion, plan.currency()),
                    cdr.countryCode(), cdr.partyId(), cdr.cdrId(), cdr.tokenUid(), c.driver().pk(), c.driver().name(),
                    c.token().vehiclePlate(), cdr.start(), cdr.end(), price.kwh(), price.exclVat(), plan.vatPercent(),
                    plan.code(), conversion));
        }
        if (drafts.isEmpty() || (billed.isEmpty() && drafts.stream().allMatch(d -> d.amountExclVat().signum() == 0))) {
            return null;
        }
        InvoiceCalculator.Result totals = InvoiceCalculator.calculate(drafts, currency);
        String number = number(config.invoiceSeries(), year, repo.nextNumber(config.invoiceSeries(), year));
        long pk = repo.insertInvoice(new BillingRepository.Header(number, config.invoiceSeries(), Invoice.DocumentKind.INVOICE,
                buyer.details(), m, period.start(), period.end(), currency, totals.totalExclVat(), totals.totalVat(), totals.totalInclVat(),
                null, issuedAt));
        repo.insertLines(pk, totals.lines());
        repo.insertBilledCdrs(pk, billed.stream().map(c -> new BillingRepository.BilledCdr(c.cdr().countryCode(),
                c.cdr().partyId(), c.cdr().cdrId(), buyer.key(), m, c.cdr().kwh() == null ? BigDecimal.ZERO : c.cdr().kwh(),
                c.cdr().start())).toList());
        if (planLines) {
            repo.insertBilledFee(buyer.key(), m, pk);
        }
        log.info("Issued invoice {} to {} for {}: {} {} incl. VAT, {} CDRs", number, buyer.key(), m, totals.totalInclVat(),
                currency, billed.size());
        return new Issued(number, billed.size());
    }

    /** "Monthly fee Subscription, 2026-03-15 – 2026-03-31 (17 of 31 days)", or the whole month's "…, 2026-03". */
    private String planLine(PlanHistory.Segment seg, Period period) {
        Plan p = seg.plan();
        String what = p.hasMonthlyFee() ? "Monthly fee " + p.name() : "Plan " + p.name() + " (no monthly fee)";
        if (seg.wholeMonth()) return what + ", " + period.label();
        LocalDate first = (seg.from().isAfter(period.start()) ? seg.from() : period.start()).atZone(config.zone()).toLocalDate();
        return what + ", " + first + " – " + first.plusDays(seg.days() - 1L) + " (" + seg.days() + " of " + seg.daysInMonth() + " days)";
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
        } catch (IntegrityConstraintViolationException e) {
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
        // The currency of the plan in force at the month's end (plan changes keep the currency).
        Instant monthEnd = Period.of(month, config.zone()).end().minusMillis(1);
        Plan plan = new PlansInForce(dsl, clock).ofCompany(company, monthEnd).orElse(null);
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

    private Buyer buyer(BillingRepository.Account a, Map<Long, BillingRepository.Company> companies, Map<Long, Plan> plans,
            Map<String, List<PlanRepository.Row>> histories) {
        if (a.companyPk() != null) {
            BillingRepository.Company c = companies.get(a.companyPk());
            return c == null ? null : companyBuyer(c, plans, histories);
        }
        if (Role.valueOf(a.role()) == Role.SUPPORT) return null;
        String key = "A" + a.pk();
        PlanHistory history = PlanRepository.history(histories.get(key), plans, a.planPk(), a.planSince());
        return history.changes().isEmpty() ? null
                : new Buyer(key, new Invoice.Buyer(a.pk(), null, a.name(), a.email(), null), history);
    }

    private static Buyer companyBuyer(BillingRepository.Company c, Map<Long, Plan> plans, Map<String, List<PlanRepository.Row>> histories) {
        String key = "C" + c.pk();
        PlanHistory history = PlanRepository.history(histories.get(key), plans, c.planPk(), null);
        return history.changes().isEmpty() ? null
                : new Buyer(key, new Invoice.Buyer(null, c.pk(), c.name(), c.address(), c.vatId()), history);
    }

    private static InvoiceLine negated(InvoiceLine l) {
        return new InvoiceLine(l.lineNo(), l.kind(), l.description(), l.cdrCountry(), l.cdrParty(), l.cdrId(), l.tokenUid(),
                l.driverPk(), l.driverName(), l.vehiclePlate(), l.sessionStart(), l.sessionEnd(), l.kwh() == null ? null : l.kwh().negate(),
                l.amountExclVat().negate(), l.vatPercent(), l.vatAmount().negate(), l.amountInclVat().negate(), l.planCode(),
                l.conversion() == null ? null : new InvoiceLine.Conversion(l.conversion().currency(), l.conversion().amount().negate(),
                        l.conversion().rate()));
    }

    private static String description(BillableCdr cdr, PlanPricing.ChargePrice price, InvoiceLine.Conversion conversion,
            String currency) {
        String converted = conversion == null ? "" : "; CPO price " + conversion.currency() + " "
                + Money.shown(conversion.amount(), conversion.currency()).toPlainString()
                + " at " + conversion.rate().stripTrailingZeros().toPlainString() + " " + currency + "/" + conversion.currency();
        String text = "Charging" + (cdr.location() == null ? "" : " at " + cdr.location()) + " (" + price.basis() + converted + ")";
        return text.length() <= 300 ? text : text.substring(0, 299) + "…";
    }

    private static String id(BillableCdr cdr) {
        return cdr.countryCode() + "*" + cdr.partyId() + "*" + cdr.cdrId();
    }

    static String number(String series, int year, long n) {
        return String.format("%s-%d-%06d", series, year, n);
    }
}
