package io.evstack.csms.api;

import static io.evstack.csms.api.OperatorApi.V1;

import io.evstack.csms.CsmsException;
import io.evstack.csms.smartcharging.LiveAllocation;
import io.evstack.csms.smartcharging.LoadBalancer;
import io.evstack.csms.smartcharging.site.AllocationEntry;
import io.evstack.csms.smartcharging.site.Circuit;
import io.evstack.csms.smartcharging.site.EvseSettings;
import io.evstack.csms.smartcharging.site.LimitPeriod;
import io.evstack.csms.smartcharging.site.SessionNeed;
import io.evstack.csms.smartcharging.site.Site;
import io.evstack.csms.smartcharging.site.SiteEvse;
import io.evstack.csms.smartcharging.site.SiteService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.util.Arrays;
import java.util.List;

/**
 * Depot smart charging: sites (grid connections), their circuit trees and EVSEs, limit schedules,
 * session needs and priorities, and the balancer's live allocation per EVSE with its history.
 */
final class SiteRoutes {
    static final String SITES = V1 + "/sites";
    static final String SITE = SITES + "/{siteId}";
    static final String CIRCUITS = SITE + "/circuits";
    static final String CIRCUIT = CIRCUITS + "/{circuitId}";
    static final String EVSES = SITE + "/evses";
    static final String EVSE = EVSES + "/{chargePointId}/{connectorId}";
    static final String SCHEDULE = SITE + "/limit-schedule";
    static final String ALLOCATION = SITE + "/allocation";
    static final String HISTORY = SITE + "/allocations";
    static final String NEEDS = V1 + "/transactions/{transactionId}/needs";
    private static final String TAG = "Smart charging";

    private final SiteService sites;
    private final LoadBalancer balancer;

    SiteRoutes(SiteService sites, LoadBalancer balancer) {
        this.sites = sites;
        this.balancer = balancer;
    }

    void register(Javalin app) {
        app.get(SITES, this::list);
        app.get(SITE, this::get);
        app.put(SITE, this::put);
        app.delete(SITE, this::delete);
        app.get(CIRCUITS, this::circuits);
        app.put(CIRCUIT, this::putCircuit);
        app.get(EVSES, this::evses);
        app.put(EVSE, this::putEvse);
        app.delete(EVSE, this::deleteEvse);
        app.get(SCHEDULE, this::schedule);
        app.put(SCHEDULE, this::putSchedule);
        app.get(ALLOCATION, this::allocation);
        app.get(HISTORY, this::history);
        app.put(NEEDS, this::putNeeds);
    }

    @OpenApi(path = SITES, methods = HttpMethod.GET, operationId = "listSites", tags = TAG, summary = "List sites",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = Site[].class)))
    void list(Context ctx) {
        ctx.json(sites.sites());
    }

    @OpenApi(path = SITE, methods = HttpMethod.GET, operationId = "getSite", tags = TAG, summary = "Read a site",
            pathParams = @OpenApiParam(name = "siteId", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Site.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void get(Context ctx) {
        ctx.json(sites.site(ctx.pathParam("siteId")));
    }

    @OpenApi(path = SITE, methods = HttpMethod.PUT, operationId = "putSite", tags = TAG,
            summary = "Create or change a site: its connection limit, algorithm (fair-share or deadline) and default dwell",
            pathParams = @OpenApiParam(name = "siteId", required = true),
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(from = Site.class), required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Site.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class))
            })
    void put(Context ctx) {
        Site body = ApiJson.read(ctx, Site.class);
        ctx.json(sites.putSite(new Site(ctx.pathParam("siteId"), body.name(), body.limitKw(), body.limitAmps(),
                body.algorithm(), body.defaultDwellMinutes())));
    }

    @OpenApi(path = SITE, methods = HttpMethod.DELETE, operationId = "deleteSite", tags = TAG,
            summary = "Delete a site with its circuits, EVSEs, schedule and history",
            pathParams = @OpenApiParam(name = "siteId", required = true),
            responses = {
                @OpenApiResponse(status = "204"),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void delete(Context ctx) {
        sites.deleteSite(ctx.pathParam("siteId"));
        ctx.status(204);
    }

    @OpenApi(path = CIRCUITS, methods = HttpMethod.GET, operationId = "listCircuits", tags = TAG,
            summary = "The site's circuit tree", pathParams = @OpenApiParam(name = "siteId", required = true),
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = Circuit[].class)))
    void circuits(Context ctx) {
        ctx.json(sites.circuits(ctx.pathParam("siteId")));
    }

    @OpenApi(path = CIRCUIT, methods = HttpMethod.PUT, operationId = "putCircuit", tags = TAG,
            summary = "Create or change a circuit (feeder, fuse) and its limits",
            pathParams = {@OpenApiParam(name = "siteId", required = true), @OpenApiParam(name = "circuitId", required = true)},
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(from = Circuit.class), required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Circuit.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class))
            })
    void putCircuit(Context ctx) {
        Circuit body = ApiJson.read(ctx, Circuit.class);
        ctx.json(sites.putCircuit(ctx.pathParam("siteId"), new Circuit(ctx.pathParam("circuitId"), body.parentCircuitId(),
                body.limitKw(), body.limitAmps())));
    }

    @OpenApi(path = EVSES, methods = HttpMethod.GET, operationId = "listSiteEvses", tags = TAG,
            summary = "The site's EVSEs", pathParams = @OpenApiParam(name = "siteId", required = true),
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = SiteEvse[].class)))
    void evses(Context ctx) {
        ctx.json(sites.evses(ctx.pathParam("siteId")));
    }

    @OpenApi(path = EVSE, methods = HttpMethod.PUT, operationId = "putSiteEvse", tags = TAG,
            summary = "Put a charger's connector on the site (and a circuit), with its limits and fallback",
            pathParams = {@OpenApiParam(name = "siteId", required = true),
                @OpenApiParam(name = "chargePointId", required = true),
                @OpenApiParam(name = "connectorId", type = Integer.class, required = true)},
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(from = EvseSettings.class), required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = SiteEvse.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class))
            })
    void putEvse(Context ctx) {
        EvseSettings body = ApiJson.read(ctx, EvseSettings.class);
        ctx.json(sites.putEvse(ctx.pathParam("siteId"), body.toEvse(ctx.pathParam("chargePointId"),
                (int) Params.pathLong(ctx, "connectorId"))));
    }

    @OpenApi(path = EVSE, methods = HttpMethod.DELETE, operationId = "deleteSiteEvse", tags = TAG,
            summary = "Take a connector off the site",
            pathParams = {@OpenApiParam(name = "siteId", required = true),
                @OpenApiParam(name = "chargePointId", required = true),
                @OpenApiParam(name = "connectorId", type = Integer.class, required = true)},
            responses = @OpenApiResponse(status = "204"))
    void deleteEvse(Context ctx) {
        sites.deleteEvse(ctx.pathParam("siteId"), ctx.pathParam("chargePointId"), (int) Params.pathLong(ctx, "connectorId"));
        ctx.status(204);
    }

    @OpenApi(path = SCHEDULE, methods = HttpMethod.GET, operationId = "getSiteLimitSchedule", tags = TAG,
            summary = "The connection's limit schedule", pathParams = @OpenApiParam(name = "siteId", required = true),
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = LimitPeriod[].class)))
    void schedule(Context ctx) {
        ctx.json(sites.schedule(ctx.pathParam("siteId")));
    }

    @OpenApi(path = SCHEDULE, methods = HttpMethod.PUT, operationId = "putSiteLimitSchedule", tags = TAG,
            summary = "Replace the connection's limit schedule (each entry holds until the next)",
            pathParams = @OpenApiParam(name = "siteId", required = true),
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(from = LimitPeriod[].class), required = true),
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = LimitPeriod[].class)))
    void putSchedule(Context ctx) {
        ctx.json(sites.putSchedule(ctx.pathParam("siteId"), Arrays.asList(ApiJson.read(ctx, LimitPeriod[].class))));
    }

    @OpenApi(path = ALLOCATION, methods = HttpMethod.GET, operationId = "getSiteAllocation", tags = TAG,
            summary = "What each EVSE of the site is allowed now", pathParams = @OpenApiParam(name = "siteId", required = true),
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = LiveAllocation[].class)))
    void allocation(Context ctx) {
        sites.site(ctx.pathParam("siteId"));
        ctx.json(balancer.live(ctx.pathParam("siteId")));
    }

    @OpenApi(path = HISTORY, methods = HttpMethod.GET, operationId = "listSiteAllocations", tags = TAG,
            summary = "The limits the balancer sent, newest first",
            pathParams = @OpenApiParam(name = "siteId", required = true),
            queryParams = {@OpenApiParam(name = "chargePointId"), @OpenApiParam(name = "from"), @OpenApiParam(name = "to"),
                @OpenApiParam(name = "limit", type = Integer.class, description = "default 500")},
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = AllocationEntry[].class)))
    void history(Context ctx) {
        ctx.json(sites.history(ctx.pathParam("siteId"), Params.query(ctx, "chargePointId"), Params.queryInstant(ctx, "from"),
                Params.queryInstant(ctx, "to"), Params.queryInt(ctx, "limit", 500, 1, 10_000)));
    }

    @OpenApi(path = NEEDS, methods = HttpMethod.PUT, operationId = "putSessionNeeds", tags = TAG,
            summary = "Set a running session's energy need, departure, priority and car limit",
            pathParams = @OpenApiParam(name = "transactionId", type = Long.class, required = true),
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(from = SessionNeed.class), required = true),
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = SessionNeed.class)))
    void putNeeds(Context ctx) {
        SessionNeed body = ApiJson.read(ctx, SessionNeed.class);
        if (body.priority() < -100 || body.priority() > 100) {
            throw CsmsException.badRequest("priority must be between -100 and 100");
        }
        ctx.json(sites.putNeed(new SessionNeed(Params.pathLong(ctx, "transactionId"), body.energyKwh(), body.departure(),
                body.priority(), body.maxKw())));
    }

    static List<String> paths() {
        return List.of(SITES, SITE, CIRCUITS, EVSES, SCHEDULE, ALLOCATION, HISTORY, NEEDS);
    }
}
