package io.evstack.emsp.billing;

import static io.evstack.emsp.web.ApiPaths.OPENAPI_VERSION;
import static io.evstack.emsp.web.ApiPaths.V1;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evstack.emsp.account.Caller;
import io.evstack.emsp.account.Role;
import io.evstack.emsp.web.ApiError;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiDescription;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiRequired;
import io.javalin.openapi.OpenApiResponse;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.function.Function;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invoice routes of the eMSP's driver and fleet API. Who calls comes from the given resolver (the eMSP
 * server's login check; it throws an {@code UnauthorizedResponse} when there is no valid login): a driver
 * sees their own invoices, a fleet manager also their company's and its fleet report, support everything,
 * and only support runs billing and issues credit notes. An invoice the caller may not see is answered 404,
 * as if it did not exist.
 */
public final class BillingRoutes {
    static final String INVOICES = V1 + "/invoices";
    static final String INVOICE = INVOICES + "/{number}";
    static final String INVOICE_PDF = INVOICE + "/pdf";
    static final String INVOICE_CSV = INVOICE + "/csv";
    static final String CREDIT_NOTE = INVOICE + "/credit-note";
    static final String RUNS = V1 + "/billing/runs";
    static final String FLEET_REPORT = V1 + "/fleet/report";
    static final String FLEET_REPORT_CSV = FLEET_REPORT + "/csv";
    private static final String TAG = "Invoices";
    private static final Logger log = LoggerFactory.getLogger(BillingRoutes.class);
    /** Decimals in a body are read exactly (an exchange rate), never through a double. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @OpenApiDescription("The month to bill")
    public record RunRequest(@OpenApiRequired @OpenApiDescription("YYYY-MM, a calendar month in the billing time zone") String month) {}

    @OpenApiDescription("Why the invoice is cancelled")
    public record CreditNoteRequest(@OpenApiRequired @OpenApiDescription("1 to 500 characters; printed on the credit note") String reason) {}

    private final BillingService billing;
    private final Function<Context, Caller> callers;

    public BillingRoutes(BillingService billing, Function<Context, Caller> callers) {
        this.billing = Objects.requireNonNull(billing, "billing");
        this.callers = Objects.requireNonNull(callers, "callers");
    }

    public void register(Javalin app) {
        app.get(INVOICES, guarded(this::list));
        app.get(INVOICE, guarded(this::get));
        app.get(INVOICE_PDF, guarded(this::pdf));
        app.get(INVOICE_CSV, guarded(this::csv));
        app.post(CREDIT_NOTE, guarded(this::creditNote));
        app.post(RUNS, guarded(this::run));
        app.get(FLEET_REPORT, guarded(this::fleetReport));
        app.get(FLEET_REPORT_CSV, guarded(this::fleetReportCsv));
    }

    @OpenApi(path = INVOICES, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "listInvoices", tags = TAG,
            summary = "List the invoices and credit notes the caller may see, oldest first",
            description = "A driver sees their own, a fleet manager also their company's, support all.",
            queryParams = @OpenApiParam(name = "month", description = "YYYY-MM: only this billing period"),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Invoice.InvoiceSummary[].class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class))
            })
    void list(Context ctx) {
        String month = ctx.queryParam("month");
        ctx.json(billing.invoices(callers.apply(ctx), month == null ? null : month(month)));
    }

    @OpenApi(path = INVOICE, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "getInvoice", tags = TAG,
            summary = "Read an invoice or credit note with its lines and VAT breakdown",
            pathParams = @OpenApiParam(name = "number", required = true, description = "e.g. EVS-2026-000001"),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Invoice.class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void get(Context ctx) {
        ctx.json(billing.invoice(callers.apply(ctx), ctx.pathParam("number")));
    }

    @OpenApi(path = INVOICE_PDF, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "getInvoicePdf", tags = TAG,
            summary = "An invoice or credit note as PDF",
            pathParams = @OpenApiParam(name = "number", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(mimeType = "application/pdf", type = "string", format = "binary")),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void pdf(Context ctx) {
        Invoice inv = billing.invoice(callers.apply(ctx), ctx.pathParam("number"));
        ctx.contentType("application/pdf").header("Content-Disposition", "inline; filename=\"" + inv.number() + ".pdf\"")
                .result(InvoicePdf.render(inv, billing.config()));
    }

    @OpenApi(path = INVOICE_CSV, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "getInvoiceCsv", tags = TAG,
            summary = "An invoice's lines as CSV (RFC 4180), with a TOTAL row",
            pathParams = @OpenApiParam(name = "number", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(mimeType = "text/csv", type = "string")),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void csv(Context ctx) {
        Invoice inv = billing.invoice(callers.apply(ctx), ctx.pathParam("number"));
        csv(ctx, inv.number() + ".csv", InvoiceCsv.invoice(inv));
    }

    @OpenApi(path = CREDIT_NOTE, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "creditInvoice", tags = TAG,
            summary = "Cancel an invoice with a credit note (support only)",
            description = "The credit note repeats the invoice's lines negated, has its own number from the credit note "
                    + "series and refers to the invoice. Its CDRs and fee can then be billed again by a new run.",
            pathParams = @OpenApiParam(name = "number", required = true),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = CreditNoteRequest.class)),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = Invoice.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", description = "Already credited, or a credit note",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void creditNote(Context ctx) {
        support(callers.apply(ctx));
        String reason = body(ctx).path("reason").asText(null);
        ctx.status(201).json(billing.creditNote(ctx.pathParam("number"), reason));
    }

    @OpenApi(path = RUNS, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "runBilling", tags = TAG,
            summary = "Bill a month (support only)",
            description = "One invoice per private driver and one per fleet company for the CDRs of the month not billed "
                    + "yet and the monthly fees not billed yet. Running a month again issues nothing new, except for "
                    + "CDRs that arrived since.",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = RunRequest.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = BillingRun.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class))
            })
    void run(Context ctx) {
        support(callers.apply(ctx));
        String month = body(ctx).path("month").asText(null);
        if (month == null) throw BillingException.badRequest("'month' is required (YYYY-MM)");
        ctx.json(billing.run(month(month)));
    }

    @OpenApi(path = FLEET_REPORT, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "getFleetReport", tags = TAG,
            summary = "A fleet company's month per vehicle and per driver (kWh, cost), as invoiced",
            queryParams = {
                @OpenApiParam(name = "month", required = true, description = "YYYY-MM"),
                @OpenApiParam(name = "company", type = Long.class, description = "The company (support only; a fleet manager gets their own)")
            },
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = FleetReport.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void fleetReport(Context ctx) {
        ctx.json(report(ctx));
    }

    @OpenApi(path = FLEET_REPORT_CSV, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "getFleetReportCsv", tags = TAG,
            summary = "The fleet report as CSV (RFC 4180)",
            queryParams = {
                @OpenApiParam(name = "month", required = true, description = "YYYY-MM"),
                @OpenApiParam(name = "company", type = Long.class, description = "The company (support only)")
            },
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(mimeType = "text/csv", type = "string")),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void fleetReportCsv(Context ctx) {
        FleetReport r = report(ctx);
        csv(ctx, "fleet-" + r.companyPk() + "-" + r.month() + ".csv", InvoiceCsv.fleetReport(r));
    }

    private FleetReport report(Context ctx) {
        Caller caller = callers.apply(ctx);
        String month = ctx.queryParam("month");
        if (month == null) throw BillingException.badRequest("'month' is required (YYYY-MM)");
        String company = ctx.queryParam("company");
        Long companyPk;
        try {
            companyPk = company == null ? null : Long.valueOf(company);
        } catch (NumberFormatException e) {
            throw BillingException.badRequest("'company' must be a number");
        }
        return billing.fleetReport(caller, companyPk, month(month));
    }

    private static void csv(Context ctx, String filename, String body) {
        ctx.contentType("text/csv; charset=utf-8").header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .result(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void support(Caller caller) {
        if (caller.role() != Role.SUPPORT) {
            throw BillingException.forbidden("Only support may do this");
        }
    }

    private static YearMonth month(String s) {
        try {
            return YearMonth.parse(s);
        } catch (DateTimeParseException e) {
            throw BillingException.badRequest("'" + s + "' is not a month (YYYY-MM)");
        }
    }

    static JsonNode body(Context ctx) {
        try {
            JsonNode node = JSON.readTree(ctx.body());
            if (node == null || !node.isObject()) throw BillingException.badRequest("The body must be a JSON object");
            return node;
        } catch (java.io.IOException e) {
            throw BillingException.badRequest("The body is not valid JSON");
        }
    }

    /** Billing's own errors become {status, error} with their status here; everything else goes to the server's handlers. */
    static Handler guarded(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (BillingException e) {
                ctx.status(e.status()).json(new ApiError(e.status(), e.getMessage()));
            } catch (IntegrityConstraintViolationException e) {
                log.warn("Billing request {} {} failed in the database: {}", ctx.method(), ctx.path(), e.getMessage());
                ctx.status(409).json(new ApiError(409, "The request conflicts with data stored meanwhile; try again"));
            }
        };
    }
}
