package io.evstack.csms.api;

import static io.evstack.csms.api.OperatorApi.V1;

import io.evstack.csms.CsmsException;
import io.evstack.csms.transaction.StoredMeterValue;
import io.evstack.csms.transaction.Transaction;
import io.evstack.csms.transaction.TransactionFilter;
import io.evstack.csms.transaction.TransactionService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiDescription;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Charging transactions: listing with filters, one with its meter values, and a CSV export. */
final class TransactionRoutes {
    static final String TRANSACTIONS = V1 + "/transactions";
    static final String TRANSACTION = TRANSACTIONS + "/{transactionId}";
    static final String CSV = V1 + "/transactions.csv";
    private static final String TAG = "Transactions";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    static final List<String> CSV_COLUMNS = List.of("id", "chargePointId", "connectorId", "idTag", "startTime",
            "stopTime", "meterStartWh", "meterStopWh", "energyWh", "stopReason");

    public record TransactionView(
            @OpenApiDescription("The transactionId the charger was given") long id,
            String chargePointId,
            int connectorId,
            String idTag,
            Long reservationId,
            Instant startTime,
            long meterStartWh,
            Instant stopTime,
            Long meterStopWh,
            String stopReason,
            String stopIdTag,
            @OpenApiDescription("Energy delivered so far, or in total once stopped") long energyWh,
            boolean active,
            @OpenApiDescription("The last energy register reading") Long lastEnergyWh,
            Instant lastMeterAt,
            @OpenApiDescription("Only when one transaction is read") List<MeterValueView> meterValues) {}

    @OpenApiDescription("One sampled value (OCPP 1.6 SampledValue) with the spec's defaults applied")
    public record MeterValueView(int connectorId, Instant timestamp, String value, String measurand, String phase,
            String unit, String context, String location, String format) {}

    public record TransactionPage(List<TransactionView> items, int total, int offset, int limit) {}

    private final TransactionService transactions;

    TransactionRoutes(TransactionService transactions) {
        this.transactions = transactions;
    }

    void register(Javalin app) {
        app.get(TRANSACTIONS, this::list);
        app.get(CSV, this::csv);
        app.get(TRANSACTION, this::get);
    }

    @OpenApi(path = TRANSACTIONS, methods = HttpMethod.GET, operationId = "listTransactions", tags = TAG,
            summary = "List transactions, newest start first",
            queryParams = {
                @OpenApiParam(name = "chargePointId"),
                @OpenApiParam(name = "idTag"),
                @OpenApiParam(name = "status", description = "active or completed"),
                @OpenApiParam(name = "from", description = "Started at or after this ISO-8601 instant (or date)"),
                @OpenApiParam(name = "to", description = "Started before this ISO-8601 instant (or date)"),
                @OpenApiParam(name = "offset", type = Integer.class, description = "Default 0"),
                @OpenApiParam(name = "limit", type = Integer.class, description = "1 to 1000, default 50")
            },
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = TransactionPage.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class))
            })
    void list(Context ctx) {
        TransactionFilter filter = filter(ctx, DEFAULT_LIMIT, MAX_LIMIT);
        List<TransactionView> items = transactions.list(filter).stream().map(t -> view(t, null)).toList();
        int total = transactions.count(filter);
        ctx.json(new TransactionPage(items, total, filter.offset(), filter.limit()));
    }

    @OpenApi(path = TRANSACTION, methods = HttpMethod.GET, operationId = "getTransaction", tags = TAG,
            summary = "Read a transaction with its meter values",
            pathParams = @OpenApiParam(name = "transactionId", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = TransactionView.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void get(Context ctx) {
        long id = Params.pathLong(ctx, "transactionId");
        Transaction t = transactions.get(id);
        List<MeterValueView> values = transactions.meterValues(id).stream().map(TransactionRoutes::view).toList();
        ctx.json(view(t, values));
    }

    @OpenApi(path = CSV, methods = HttpMethod.GET, operationId = "exportTransactions", tags = TAG,
            summary = "Export transactions as CSV",
            description = "Same filters as the listing; without a limit every matching transaction is exported. "
                    + "Columns: id, chargePointId, connectorId, idTag, startTime, stopTime, meterStartWh, "
                    + "meterStopWh, energyWh, stopReason.",
            queryParams = {
                @OpenApiParam(name = "chargePointId"),
                @OpenApiParam(name = "idTag"),
                @OpenApiParam(name = "status", description = "active or completed"),
                @OpenApiParam(name = "from", description = "Started at or after this ISO-8601 instant (or date)"),
                @OpenApiParam(name = "to", description = "Started before this ISO-8601 instant (or date)"),
                @OpenApiParam(name = "offset", type = Integer.class, description = "Default 0"),
                @OpenApiParam(name = "limit", type = Integer.class, description = "Default: all")
            },
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(mimeType = "text/csv", type = "string")),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class))
            })
    void csv(Context ctx) {
        TransactionFilter filter = filter(ctx, Integer.MAX_VALUE, Integer.MAX_VALUE);
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"transactions.csv\"");
        try (Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8))) {
            Csv.row(out, CSV_COLUMNS);
            // Page through the database so that a large export never sits in memory.
            int offset = filter.offset();
            long remaining = filter.limit();
            while (remaining > 0) {
                int page = (int) Math.min(MAX_LIMIT, remaining);
                List<Transaction> batch = transactions.list(new TransactionFilter(filter.chargePointId(),
                        filter.idTag(), filter.active(), filter.from(), filter.to(), offset, page));
                for (Transaction t : batch) {
                    Csv.row(out, Arrays.asList(Long.toString(t.id()), t.chargePointId(), Integer.toString(t.connectorId()),
                            t.idTag(), Csv.text(t.startTime()), Csv.text(t.stopTime()), Long.toString(t.meterStartWh()),
                            Csv.text(t.meterStopWh()), Long.toString(t.energyWh()), Csv.text(t.stopReason())));
                }
                if (batch.size() < page) {
                    break;
                }
                offset += page;
                remaining -= page;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the CSV export", e);
        }
    }

    private static TransactionFilter filter(Context ctx, int defaultLimit, int maxLimit) {
        String status = Params.query(ctx, "status");
        Boolean active = null;
        if (status != null) {
            active = switch (status.toLowerCase(java.util.Locale.ROOT)) {
                case "active" -> true;
                case "completed" -> false;
                default -> throw CsmsException.badRequest(
                        "Query parameter 'status' must be active or completed, not '" + status + "'");
            };
        }
        Instant from = Params.queryInstant(ctx, "from");
        Instant to = Params.queryInstant(ctx, "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw CsmsException.badRequest("'from' must be before 'to'");
        }
        int offset = Params.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = Params.queryInt(ctx, "limit", defaultLimit, 1, maxLimit);
        return new TransactionFilter(Params.query(ctx, "chargePointId"), Params.query(ctx, "idTag"), active, from, to,
                offset, limit);
    }

    static TransactionView view(Transaction t, List<MeterValueView> meterValues) {
        return new TransactionView(t.id(), t.chargePointId(), t.connectorId(), t.idTag(), t.reservationId(),
                t.startTime(), t.meterStartWh(), t.stopTime(), t.meterStopWh(), t.stopReason(), t.stopIdTag(),
                t.energyWh(), t.active(), t.lastEnergyWh(), t.lastMeterAt(), meterValues);
    }

    private static MeterValueView view(StoredMeterValue v) {
        var s = v.sample();
        return new MeterValueView(v.connectorId(), s.timestamp(), s.value(), s.measurand(), s.phase(), s.unit(),
                s.context(), s.location(), s.format());
    }
}
