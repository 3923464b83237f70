package io.evstack.emsp.fleet;

import static io.evstack.emsp.web.ApiPaths.FLEET;
import static io.evstack.emsp.web.ApiPaths.OPENAPI_VERSION;

import io.evstack.emsp.EmspException;
import io.evstack.emsp.account.Account;
import io.evstack.emsp.account.AccountService;
import io.evstack.emsp.account.BearerAuth;
import io.evstack.emsp.account.Caller;
import io.evstack.emsp.account.Company;
import io.evstack.emsp.account.Role;
import io.evstack.emsp.token.Token;
import io.evstack.emsp.token.TokenService;
import io.evstack.emsp.web.ApiError;
import io.evstack.emsp.web.Json;
import io.evstack.emsp.web.Params;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiDescription;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiPropertyType;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.math.BigDecimal;
import java.util.List;

/**
 * The fleet API under {@value io.evstack.emsp.web.ApiPaths#FLEET}. A company's routes are for its fleet
 * managers and for SUPPORT (403 for anyone else, including managers of other companies); creating
 * companies and support accounts is for SUPPORT only.
 */
public final class FleetRoutes {
    static final String COMPANIES = FLEET + "/companies";
    static final String COMPANY = COMPANIES + "/{companyId}";
    static final String SUPPORT_ACCOUNTS = FLEET + "/support-accounts";
    static final String VEHICLES = COMPANY + "/vehicles";
    static final String VEHICLE = VEHICLES + "/{vehicleId}";
    static final String VEHICLE_SESSIONS = VEHICLE + "/sessions";
    static final String REPORT = COMPANY + "/report";
    static final String DRIVERS = COMPANY + "/drivers";
    static final String CARDS = COMPANY + "/cards";
    static final String CARD_BLOCK = CARDS + "/{uid}/block";
    static final String CARD_UNBLOCK = CARDS + "/{uid}/unblock";
    static final String CARD_EXPIRE = CARDS + "/{uid}/expire";
    private static final String TAG = "Fleet";

    public record ManagerRequest(String email, String name, String password) {}

    @OpenApiDescription("A fleet customer and its first fleet manager")
    public record CompanyRequest(String name, String vatId, String billingAddress,
            @OpenApiDescription("PAYG, SUBSCRIPTION or FLEET (default)") String planCode, ManagerRequest manager) {}

    public record AccountRequest(String email, String name, String password) {}

    public record MemberRequest(String email, String name, String password,
            @OpenApiDescription("DRIVER (default) or FLEET_MANAGER") Role role) {}

    public record VehicleRequest(String plate, String vin, String model,
            @OpenApiPropertyType(definedBy = Double.class) BigDecimal batteryKwh) {}

    public record ExpireRequest(
            @OpenApiDescription("When the card ends (RFC 3339); absent or not in the future: now") java.time.Instant at) {}

    public record CardRequest(long vehicleId, String uid, String visualNumber,
            @OpenApiDescription("The company driver who carries it; default: the company's first fleet manager")
            Long driverId) {}

    private final AccountService accounts;
    private final TokenService tokens;
    private final FleetService fleet;

    public FleetRoutes(AccountService accounts, TokenService tokens, FleetService fleet) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.fleet = fleet;
    }

    public void register(Javalin app) {
        app.post(COMPANIES, this::createCompany);
        app.get(COMPANIES, this::companies);
        app.get(COMPANY, this::company);
        app.post(SUPPORT_ACCOUNTS, this::createSupport);
        app.get(VEHICLES, this::vehicles);
        app.post(VEHICLES, this::addVehicle);
        app.get(VEHICLE, this::vehicle);
        app.put(VEHICLE, this::updateVehicle);
        app.delete(VEHICLE, this::deleteVehicle);
        app.get(VEHICLE_SESSIONS, this::vehicleSessions);
        app.get(REPORT, this::report);
        app.get(DRIVERS, this::drivers);
        app.post(DRIVERS, this::addDriver);
        app.get(CARDS, this::cards);
        app.post(CARDS, this::issueCard);
        app.post(CARD_BLOCK, this::blockCard);
        app.post(CARD_UNBLOCK, this::unblockCard);
        app.post(CARD_EXPIRE, this::expireCard);
    }

    @OpenApi(path = COMPANIES, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "createCompany",
            tags = TAG, summary = "Create a company with its first fleet manager (SUPPORT)",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = CompanyRequest.class)),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = Company.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", description = "The manager's e-mail has an account",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void createCompany(Context ctx) {
        BearerAuth.require(ctx, Role.SUPPORT);
        var body = Json.body(ctx, CompanyRequest.class);
        var m = body.manager();
        if (m == null) {
            throw EmspException.badRequest("manager (email, name, password) is required");
        }
        ctx.status(HttpStatus.CREATED).json(accounts.createCompany(body.name(), body.vatId(), body.billingAddress(),
                body.planCode(), m.email(), m.name(), m.password()));
    }

    @OpenApi(path = COMPANIES, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "companies", tags = TAG,
            summary = "Companies: all for SUPPORT, their own for a fleet manager",
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Company[].class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class))
            })
    void companies(Context ctx) {
        Caller caller = BearerAuth.require(ctx, Role.SUPPORT, Role.FLEET_MANAGER);
        ctx.json(caller.role() == Role.SUPPORT ? accounts.companies() : List.of(accounts.company(caller.companyPk())));
    }

    @OpenApi(path = COMPANY, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "company", tags = TAG,
            summary = "One company", pathParams = @OpenApiParam(name = "companyId", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Company.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void company(Context ctx) {
        ctx.json(accounts.company(companyOf(ctx)));
    }

    @OpenApi(path = SUPPORT_ACCOUNTS, methods = HttpMethod.POST, versions = OPENAPI_VERSION,
            operationId = "createSupportAccount", tags = TAG, summary = "Create another support account (SUPPORT)",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = AccountRequest.class)),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = Account.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", content = @OpenApiContent(from = ApiError.class))
            })
    void createSupport(Context ctx) {
        BearerAuth.require(ctx, Role.SUPPORT);
        var body = Json.body(ctx, AccountRequest.class);
        ctx.status(HttpStatus.CREATED).json(accounts.createSupport(body.email(), body.name(), body.password()));
    }

    @OpenApi(path = VEHICLES, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "vehicles", tags = TAG,
            summary = "The company's vehicles", pathParams = @OpenApiParam(name = "companyId", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Vehicle[].class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class))
            })
    void vehicles(Context ctx) {
        ctx.json(fleet.vehicles(companyOf(ctx)));
    }

    @OpenApi(path = VEHICLES, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "addVehicle", tags = TAG,
            summary = "Add a vehicle", pathParams = @OpenApiParam(name = "companyId", type = Long.class, required = true),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = VehicleRequest.class)),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = Vehicle.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", description = "The plate exists in the company",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void addVehicle(Context ctx) {
        long company = companyOf(ctx);
        var body = Json.body(ctx, VehicleRequest.class);
        ctx.status(HttpStatus.CREATED).json(fleet.addVehicle(company, body.plate(), body.vin(), body.model(),
                body.batteryKwh()));
    }

    @OpenApi(path = VEHICLE, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "vehicle", tags = TAG,
            summary = "One vehicle",
            pathParams = {
                @OpenApiParam(name = "companyId", type = Long.class, required = true),
                @OpenApiParam(name = "vehicleId", type = Long.class, required = true)
            },
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Vehicle.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void vehicle(Context ctx) {
        ctx.json(fleet.vehicle(companyOf(ctx), Params.pathLong(ctx, "vehicleId")));
    }

    @OpenApi(path = VEHICLE, methods = HttpMethod.PUT, versions = OPENAPI_VERSION, operationId = "updateVehicle",
            tags = TAG, summary = "Replace a vehicle's details",
            pathParams = {
                @OpenApiParam(name = "companyId", type = Long.class, required = true),
                @OpenApiParam(name = "vehicleId", type = Long.class, required = true)
            },
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = VehicleRequest.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Vehicle.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", content = @OpenApiContent(from = ApiError.class))
            })
    void updateVehicle(Context ctx) {
        long company = companyOf(ctx);
        long vehicle = Params.pathLong(ctx, "vehicleId");
        var body = Json.body(ctx, VehicleRequest.class);
        ctx.json(fleet.updateVehicle(company, vehicle, body.plate(), body.vin(), body.model(), body.batteryKwh()));
    }

    @OpenApi(path = VEHICLE, methods = HttpMethod.DELETE, versions = OPENAPI_VERSION, operationId = "deleteVehicle",
            tags = TAG, summary = "Remove a vehicle that never had a fleet card",
            pathParams = {
                @OpenApiParam(name = "companyId", type = Long.class, required = true),
                @OpenApiParam(name = "vehicleId", type = Long.class, required = true)
            },
            responses = {
                @OpenApiResponse(status = "204"),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", description = "It has fleet cards",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void deleteVehicle(Context ctx) {
        fleet.deleteVehicle(companyOf(ctx), Params.pathLong(ctx, "vehicleId"));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    @OpenApi(path = VEHICLE_SESSIONS, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "vehicleMonth",
            tags = TAG, summary = "A vehicle's charging in a month: the CDRs of its cards and their kWh",
            pathParams = {
                @OpenApiParam(name = "companyId", type = Long.class, required = true),
                @OpenApiParam(name = "vehicleId", type = Long.class, required = true)
            },
            queryParams = @OpenApiParam(name = "month", required = true, example = "2026-11",
                    description = "Calendar month (UTC) in which the sessions started"),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = FleetService.VehicleMonth.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void vehicleSessions(Context ctx) {
        long company = companyOf(ctx);
        ctx.json(fleet.month(company, Params.pathLong(ctx, "vehicleId"), Params.requiredMonth(ctx, "month")));
    }

    @OpenApi(path = REPORT, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "fleetReport", tags = TAG,
            summary = "kWh and sessions of every vehicle in a month",
            pathParams = @OpenApiParam(name = "companyId", type = Long.class, required = true),
            queryParams = @OpenApiParam(name = "month", required = true, example = "2026-11"),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = FleetService.VehicleMonth[].class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class))
            })
    void report(Context ctx) {
        long company = companyOf(ctx);
        ctx.json(fleet.report(company, Params.requiredMonth(ctx, "month")));
    }

    @OpenApi(path = DRIVERS, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "companyMembers",
            tags = TAG, summary = "The company's drivers and managers",
            pathParams = @OpenApiParam(name = "companyId", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Account[].class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class))
            })
    void drivers(Context ctx) {
        long company = companyOf(ctx);
        accounts.company(company);
        ctx.json(accounts.members(company));
    }

    @OpenApi(path = DRIVERS, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "addCompanyMember",
            tags = TAG, summary = "Create a driver (or another manager) account in the company",
            description = "The manager passes the initial password to the driver.",
            pathParams = @OpenApiParam(name = "companyId", type = Long.class, required = true),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = MemberRequest.class)),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = Account.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", content = @OpenApiContent(from = ApiError.class))
            })
    void addDriver(Context ctx) {
        long company = companyOf(ctx);
        var body = Json.body(ctx, MemberRequest.class);
        ctx.status(HttpStatus.CREATED).json(accounts.createMember(company, body.role() == null ? Role.DRIVER : body.role(),
                body.email(), body.name(), body.password()));
    }

    @OpenApi(path = CARDS, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "companyCards", tags = TAG,
            summary = "The company's cards: fleet cards and its members' tokens",
            pathParams = @OpenApiParam(name = "companyId", type = Long.class, required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Token[].class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class))
            })
    void cards(Context ctx) {
        ctx.json(fleet.cards(companyOf(ctx)));
    }

    @OpenApi(path = CARDS, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "issueFleetCard",
            tags = TAG, summary = "Issue a fleet card tied to a vehicle",
            description = "Pushed to every CPO we roam with; its CDRs count for the vehicle.",
            pathParams = @OpenApiParam(name = "companyId", type = Long.class, required = true),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = CardRequest.class)),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = Token.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", description = "No such vehicle or driver in the company",
                        content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", description = "The uid is registered",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void issueCard(Context ctx) {
        long company = companyOf(ctx);
        var body = Json.body(ctx, CardRequest.class);
        ctx.status(HttpStatus.CREATED).json(fleet.issueCard(company, body.vehicleId(), body.uid(), body.visualNumber(),
                body.driverId()));
    }

    @OpenApi(path = CARD_BLOCK, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "blockFleetCard",
            tags = TAG, summary = "Block a card of the company",
            pathParams = {
                @OpenApiParam(name = "companyId", type = Long.class, required = true),
                @OpenApiParam(name = "uid", required = true)
            },
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Token.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void blockCard(Context ctx) {
        long company = companyOf(ctx);
        ctx.json(tokens.block(fleet.card(company, ctx.pathParam("uid")).uid()));
    }

    @OpenApi(path = CARD_UNBLOCK, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "unblockFleetCard",
            tags = TAG, summary = "Unblock a card of the company",
            pathParams = {
                @OpenApiParam(name = "companyId", type = Long.class, required = true),
                @OpenApiParam(name = "uid", required = true)
            },
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Token.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", content = @OpenApiContent(from = ApiError.class))
            })
    void unblockCard(Context ctx) {
        long company = companyOf(ctx);
        ctx.json(tokens.unblock(fleet.card(company, ctx.pathParam("uid")).uid()));
    }

    @OpenApi(path = CARD_EXPIRE, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "expireFleetCard",
            tags = TAG, summary = "End a card of the company for good (returned, vehicle sold), now or on a date",
            description = "Without a body, or with an 'at' not in the future, the card ends now. With a later 'at' "
                    + "it stays usable until then and ends at that moment. Either way the CPOs are told it is no "
                    + "longer valid when it ends; unlike a block it cannot be undone.",
            pathParams = {
                @OpenApiParam(name = "companyId", type = Long.class, required = true),
                @OpenApiParam(name = "uid", required = true)
            },
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(from = ExpireRequest.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Token.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", description = "The card has expired already",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void expireCard(Context ctx) {
        long company = companyOf(ctx);
        String uid = fleet.card(company, ctx.pathParam("uid")).uid();
        if (ctx.body().isBlank()) {
            ctx.json(tokens.expire(uid));
            return;
        }
        ctx.json(tokens.expireAt(uid, Json.body(ctx, ExpireRequest.class).at()));
    }

    /** The company of the path, if the caller may act for it: SUPPORT, or a fleet manager of that company. */
    private static long companyOf(Context ctx) {
        Caller caller = BearerAuth.require(ctx, Role.SUPPORT, Role.FLEET_MANAGER);
        long company = Params.pathLong(ctx, "companyId");
        if (caller.role() == Role.FLEET_MANAGER && (caller.companyPk() == null || caller.companyPk() != company)) {
            throw EmspException.forbidden("You manage another company's fleet");
        }
        return company;
    }
}
