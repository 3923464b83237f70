package io.evstack.emsp.billing;

import static io.evstack.emsp.billing.BillingRoutes.body;
import static io.evstack.emsp.billing.BillingRoutes.guarded;
import static io.evstack.emsp.web.ApiPaths.DRIVER;
import static io.evstack.emsp.web.ApiPaths.FLEET;
import static io.evstack.emsp.web.ApiPaths.OPENAPI_VERSION;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.emsp.account.Caller;
import io.evstack.emsp.web.ApiError;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiDescription;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiRequired;
import io.javalin.openapi.OpenApiResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.function.Function;

/**
 * Plans and plan changes in the driver and fleet APIs ({@link PlanService}): the plans one may choose, the
 * caller's (or company's) plan history with the plan in force now and any scheduled change, and a change with
 * its effective date.
 */
public final class PlanRoutes {
    static final String DRIVER_PLANS = DRIVER + "/plans";
    static final String DRIVER_PLAN = DRIVER + "/plan";
    static final String DRIVER_PLAN_CHANGES = DRIVER_PLAN + "/changes";
    static final String FLEET_PLANS = FLEET + "/plans";
    static final String COMPANY_PLAN = FLEET + "/companies/{companyId}/plan";
    static final String COMPANY_PLAN_CHANGES = COMPANY_PLAN + "/changes";
    private static final String TAG = "Plans";

    @OpenApiDescription("A plan change")
    public record PlanChangeRequest(@OpenApiRequired @OpenApiDescription("The plan's code, from GET …/plans") String planCode,
            @OpenApiDescription("YYYY-MM-DD: the day (billing time zone) it takes effect; default today. Only support may "
                    + "give a past day, and not in a month already invoiced") String effectiveFrom) {}

    private final PlanService plans;
    private final Function<Context, Caller> callers;

    public PlanRoutes(PlanService plans, Function<Context, Caller> callers) {
        this.plans = Objects.requireNonNull(plans, "plans");
        this.callers = Objects.requireNonNull(callers, "callers");
    }

    public void register(Javalin app) {
        app.get(DRIVER_PLANS, guarded(this::driverPlans));
        app.get(DRIVER_PLAN, guarded(this::driverPlan));
        app.post(DRIVER_PLAN_CHANGES, guarded(this::changeDriverPlan));
        app.get(FLEET_PLANS, guarded(this::fleetPlans));
        app.get(COMPANY_PLAN, guarded(this::companyPlan));
        app.post(COMPANY_PLAN_CHANGES, guarded(this::changeCompanyPlan));
    }

    @OpenApi(path = DRIVER_PLANS, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "listDriverPlans", tags = TAG,
            summary = "The plans a private driver may choose (pay-as-you-go and subscription)",
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = PlanService.PlanOffer[].class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class))
            })
    void driverPlans(Context ctx) {
        callers.apply(ctx);
        ctx.json(plans.offers(false));
    }

    @OpenApi(path = DRIVER_PLAN, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "getDriverPlan", tags = TAG,
            summary = "The caller's plan now and its history (a fleet account: its company's)",
            description = "Each CDR is priced with the plan in force when its session started; a month with several plans "
                    + "has one invoice line per plan period, fees and included kWh prorated by days in force.",
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = PlanService.PlanHistoryView.class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class))
            })
    void driverPlan(Context ctx) {
        ctx.json(plans.driverHistory(callers.apply(ctx)));
    }

    @OpenApi(path = DRIVER_PLAN_CHANGES, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "changeDriverPlan",
            tags = TAG, summary = "Change the caller's plan from a day on (private drivers)",
            description = "A change scheduled on or after the new one's day is replaced by it. The new plan must be in the "
                    + "currency of the plan it follows.",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = PlanChangeRequest.class)),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = PlanService.PlanHistoryView.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", description = "A fleet account", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", description = "Same plan, another currency, or a month already invoiced",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void changeDriverPlan(Context ctx) {
        Caller caller = callers.apply(ctx);
        JsonNode b = body(ctx);
        ctx.status(201).json(plans.changeDriverPlan(caller, b.path("planCode").asText(null), date(b)));
    }

    @OpenApi(path = FLEET_PLANS, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "listFleetPlans", tags = TAG,
            summary = "The plans a company may be on (all active plans)",
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = PlanService.PlanOffer[].class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class))
            })
    void fleetPlans(Context ctx) {
        callers.apply(ctx);
        ctx.json(plans.offers(true));
    }

    @OpenApi(path = COMPANY_PLAN, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "getCompanyPlan", tags = TAG,
            summary = "A company's plan now and its history (its fleet managers and support)",
            pathParams = @OpenApiParam(name = "companyId", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = PlanService.PlanHistoryView.class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void companyPlan(Context ctx) {
        ctx.json(plans.companyHistory(callers.apply(ctx), companyId(ctx)));
    }

    @OpenApi(path = COMPANY_PLAN_CHANGES, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "changeCompanyPlan",
            tags = TAG, summary = "Change a company's plan from a day on (its fleet managers and support)",
            pathParams = @OpenApiParam(name = "companyId", type = Long.class, required = true),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = PlanChangeRequest.class)),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = PlanService.PlanHistoryView.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", description = "Same plan, another currency, or a month already invoiced",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void changeCompanyPlan(Context ctx) {
        Caller caller = callers.apply(ctx);
        JsonNode b = body(ctx);
        ctx.status(201).json(plans.changeCompanyPlan(caller, companyId(ctx), b.path("planCode").asText(null), date(b)));
    }

    private static long companyId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("companyId"));
        } catch (NumberFormatException e) {
            throw BillingException.badRequest("'companyId' must be a number");
        }
    }

    private static LocalDate date(JsonNode body) {
        String s = body.path("effectiveFrom").asText(null);
        if (s == null || s.isBlank()) return null;
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw BillingException.badRequest("'effectiveFrom' is not a date (YYYY-MM-DD): " + s);
        }
    }
}
