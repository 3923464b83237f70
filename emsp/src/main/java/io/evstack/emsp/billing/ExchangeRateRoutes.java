package io.evstack.emsp.billing;

import static io.evstack.emsp.billing.BillingRoutes.body;
import static io.evstack.emsp.billing.BillingRoutes.guarded;
import static io.evstack.emsp.web.ApiPaths.OPENAPI_VERSION;
import static io.evstack.emsp.web.ApiPaths.V1;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.emsp.account.Caller;
import io.evstack.emsp.web.ApiError;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiDescription;
import io.javalin.openapi.OpenApiPropertyType;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiRequired;
import io.javalin.openapi.OpenApiResponse;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.function.Function;

/** The operator's exchange rates (support only), {@link ExchangeRates}. */
public final class ExchangeRateRoutes {
    static final String RATES = V1 + "/billing/exchange-rates";
    private static final String TAG = "Invoices";

    @OpenApiDescription("An exchange rate: 1 fromCurrency = rate toCurrency from effectiveFrom on")
    public record RateRequest(@OpenApiRequired @OpenApiDescription("ISO 4217, e.g. USD: the CDR's currency") String fromCurrency,
            @OpenApiRequired @OpenApiDescription("ISO 4217, e.g. EUR: the plan's currency") String toCurrency,
            @OpenApiRequired @OpenApiPropertyType(definedBy = String.class)
            @OpenApiDescription("A decimal as a string (exact), at most 10 decimal places, e.g. 0.9215") BigDecimal rate,
            @OpenApiRequired @OpenApiDescription("YYYY-MM-DD, a day in the billing time zone") String effectiveFrom) {}

    private final ExchangeRates rates;
    private final Function<Context, Caller> callers;

    public ExchangeRateRoutes(ExchangeRates rates, Function<Context, Caller> callers) {
        this.rates = Objects.requireNonNull(rates, "rates");
        this.callers = Objects.requireNonNull(callers, "callers");
    }

    public void register(Javalin app) {
        app.get(RATES, guarded(this::list));
        app.post(RATES, guarded(this::add));
    }

    @OpenApi(path = RATES, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "listExchangeRates", tags = TAG,
            summary = "The exchange rates billing converts CDRs in another currency with (support only)",
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ExchangeRates.Rate[].class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class))
            })
    void list(Context ctx) {
        ctx.json(rates.all(callers.apply(ctx)));
    }

    @OpenApi(path = RATES, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "addExchangeRate", tags = TAG,
            summary = "Set an exchange rate from a day on (support only)",
            description = "A CDR whose currency differs from the driver's plan is converted at the rate of the pair in force on "
                    + "the day its session ended; without one it is not billed and the billing run lists it. A rate set for a "
                    + "day is not replaced: correct it with a rate from a later day, or a credit note.",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = RateRequest.class)),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = ExchangeRates.Rate.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", description = "A rate of the pair is set for that day",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void add(Context ctx) {
        Caller caller = callers.apply(ctx);
        JsonNode b = body(ctx);
        ctx.status(201).json(rates.add(caller, b.path("fromCurrency").asText(null), b.path("toCurrency").asText(null),
                decimal(b.path("rate")), date(b.path("effectiveFrom").asText(null))));
    }

    /** A rate is read exactly: as a string, or as a JSON number's literal digits (never through a double). */
    private static BigDecimal decimal(JsonNode n) {
        try {
            if (n.isTextual()) return new BigDecimal(n.asText().strip());
            if (n.isNumber()) return n.decimalValue();
        } catch (NumberFormatException e) {
            throw BillingException.badRequest("'rate' is not a decimal: " + n.asText());
        }
        return null;
    }

    private static LocalDate date(String s) {
        if (s == null) return null;
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw BillingException.badRequest("'effectiveFrom' is not a date (YYYY-MM-DD): " + s);
        }
    }
}
